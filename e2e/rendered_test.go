package e2e

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/topolint/topo/lint"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/render"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"
)

// The rendered live cases: each topology in testdata/live-*.hcl is linted,
// rendered with the render package (the same code `topo render` runs), and
// run: the socket.io nodes listen at the addresses of the socketio tier, every
// nginx/HAProxy node runs from its own rendered file, and real clients go
// through the client population's entry tier.

// liveCase is one rendered topology run live.
type liveCase struct {
	// Tag prefixes the case names recorded in results ("live-a").
	Tag string
	// File is the topology in testdata/.
	File string
	// Title describes the chain in the recorded case names.
	Title string
	// Cookies runs the clients with a cookie jar (client.js --cookies).
	Cookies bool
	// HashesClient: the last proxy hop hashes the client address, so one
	// source address must reach the same node in every run.
	HashesClient bool
	// SpreadBase is the source base of the one-/24-per-client runs
	// ("127.211." gives 127.211.1.1 .. 127.211.30.1); OneSubnet the /24 the
	// other runs share ("127.0.21." gives 127.0.21.1 .. 127.0.21.30).
	SpreadBase, OneSubnet string
}

var liveCases = []liveCase{
	{Tag: "live-a", File: "live-a-nginx-hash.hcl", Title: "nginx hash client_ip consistent -> 3 nodes",
		HashesClient: true, SpreadBase: "127.211.", OneSubnet: "127.0.21."},
	{Tag: "live-b", File: "live-b-nginx-two-tier-realip.hcl", Title: "nginx least_conn+XFF -> 2 nginx realip hash client_ip consistent -> 3 nodes",
		HashesClient: true, SpreadBase: "127.212.", OneSubnet: "127.0.22."},
	{Tag: "live-c", File: "live-c-haproxy-cookie.hcl", Title: "haproxy cookie (leastconn) -> 3 nodes, clients with cookies", Cookies: true,
		SpreadBase: "127.213.", OneSubnet: "127.0.23."},
	{Tag: "live-d", File: "live-d-nginx-haproxy-hash.hcl", Title: "nginx least_conn+XFF -> 2 haproxy realip hash client_ip consistent -> 3 nodes",
		HashesClient: true, SpreadBase: "127.214.", OneSubnet: "127.0.24."},
	{Tag: "live-e", File: "live-e-nginx-tls.hcl", Title: "https/wss -> nginx TLS hash client_ip consistent -> 3 nodes",
		HashesClient: true, SpreadBase: "127.215.", OneSubnet: "127.0.25."},
	{Tag: "live-f", File: "live-f-haproxy-tls-cookie.hcl", Title: "https/wss -> haproxy TLS cookie (Secure) -> 3 nodes, clients with cookies", Cookies: true,
		SpreadBase: "127.216.", OneSubnet: "127.0.26."},
}

func TestRenderedNginxHashOneTier(t *testing.T)   { runLiveCase(t, liveCases[0]) }
func TestRenderedNginxTwoTierRealIP(t *testing.T) { runLiveCase(t, liveCases[1]) }
func TestRenderedHAProxyCookie(t *testing.T)      { runLiveCase(t, liveCases[2]) }
func TestRenderedNginxToHAProxyHash(t *testing.T) { runLiveCase(t, liveCases[3]) }
func TestRenderedNginxTLS(t *testing.T)           { runLiveCase(t, liveCases[4]) }
func TestRenderedHAProxyTLSCookie(t *testing.T)   { runLiveCase(t, liveCases[5]) }

// proxyNode is one rendered proxy node.
type proxyNode struct {
	tier *topology.Tier
	addr string
	file render.File
	proc *Proc
	// dir is where the file runs (relative paths, the stats socket).
	dir string
}

// liveChain is a rendered chain started for real: the socket.io nodes and
// every proxy node, back to front.
type liveChain struct {
	top     *topology.Topology
	proxies []proxyNode
	nodes   []*Node
	// ca is the certificate clients trust when the entry terminates TLS.
	ca string
}

// startLiveChain lints the topology of lc (it must be clean at error level),
// renders its proxies and starts everything.
func startLiveChain(t testing.TB, lc liveCase) liveChain {
	res := lintFile(t, lc.File)
	if errs := bySeverity(res.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("%s: lint errors %s; the live cases need a lint-clean topology", lc.File, lintSummary(res.Findings))
	}
	return startChain(t, res, lc.File)
}

// startChain renders and starts the proxies of a linted topology (whatever
// lint reported: a broken chain runs as declared) and its socket.io nodes.
func startChain(t testing.TB, res *lint.Result, file string) liveChain {
	t.Helper()
	return startChainWith(t, res, file, nil)
}

// startChainWith is startChain with edit applied to every rendered file
// before it runs (nil: none), to run a file as someone changed it by hand.
func startChainWith(t testing.TB, res *lint.Result, file string, edit func(name string, data []byte) []byte) liveChain {
	t.Helper()
	lc := liveCase{File: file}
	c := liveChain{top: res.Topology}
	tools := []string{"node"}
	for _, kind := range []string{topology.KindNginx, topology.KindHAProxy} {
		for _, tier := range c.top.Tiers {
			if tier.Kind.Value == kind {
				tools = append(tools, kind)
				break
			}
		}
	}
	RequireTools(t, tools...)

	c.proxies = renderProxies(t, res.Analysis, lc.File)
	c.nodes = startTopologyNodes(t, c.top)
	// Back to front, so that every proxy's next tier is up when it starts.
	for i := len(c.proxies) - 1; i >= 0; i-- {
		p := &c.proxies[i]
		p.dir = t.TempDir()
		conf := filepath.Join(p.dir, p.file.Name)
		if edit != nil {
			p.file.Data = edit(p.file.Name, p.file.Data)
		}
		if err := os.WriteFile(conf, p.file.Data, 0o644); err != nil {
			t.Fatalf("write %s: %v", conf, err)
		}
		if p.tier.TLS.Value == "terminate" {
			// The rendered file names <tier>.pem (and .pem.key) next to
			// itself; the clients trust this certificate only.
			c.ca = WriteTestCertificate(t, filepath.Dir(conf), p.tier.Name+".pem", p.addr)
		}
		name := strings.TrimSuffix(p.file.Name, filepath.Ext(p.file.Name))
		switch p.tier.Kind.Value {
		case topology.KindNginx:
			p.proc = StartNginx(t, "nginx-"+name, conf, p.addr)
		case topology.KindHAProxy:
			p.proc = StartHAProxy(t, "haproxy-"+name, conf, p.addr)
		}
	}
	return c
}

func runLiveCase(t *testing.T, lc liveCase) {
	chain := startLiveChain(t, lc)
	top, proxies, nodes, ca := chain.top, chain.proxies, chain.nodes, chain.ca
	entry := entryAddr(t, top)
	runs := []struct {
		label     string
		transport string
		base      string
		spread    bool
	}{
		{"polling, 30 /24s", "polling", lc.SpreadBase, true},
		{"upgrade, 30 /24s", "upgrade", lc.SpreadBase, true},
		{"polling, one /24", "polling", lc.OneSubnet, false},
		{"upgrade, one /24", "upgrade", lc.OneSubnet, false},
	}
	before := TotalStats(t, nodes)
	accessBefore := accessLogLines(proxies)
	nodeOf := map[string]string{} // client source address -> node, over all runs
	for _, run := range runs {
		scheme := "http://"
		if ca != "" {
			scheme = "https://"
		}
		rep := RunClients(t, ClientOptions{URL: scheme + entry, CA: ca, Clients: nClients, Transport: run.transport,
			Echoes: nEchoes, Cookies: lc.Cookies, SourceBase: run.base, Spread: run.spread})
		after := TotalStats(t, nodes)
		accessAfter := accessLogLines(proxies)
		upgraded := rep.Count(func(c ClientResult) bool { return c.Upgraded && c.TransportFinal == "websocket" })
		newErrs := diffCounts(after.ErrorDetails, before.ErrorDetails)
		notes := []string{
			fmt.Sprintf("new connections %d, upgrades %d, server errors %s",
				after.Connections-before.Connections, after.Upgrades-before.Upgrades, FormatCounts(newErrs)),
		}
		if run.transport == "upgrade" {
			notes = append([]string{fmt.Sprintf("%d/%d upgraded", upgraded, nClients)}, notes...)
		}
		if reqs := diffCounts(accessAfter, accessBefore); len(reqs) > 1 {
			notes = append(notes, "requests per nginx node of the tier "+tierOfSpread(proxies)+" "+FormatCounts(reqs))
		}
		caseName := fmt.Sprintf("%s/%s/%s", lc.Tag, lc.Title, run.label)
		Record(t, &results, caseName, rep, strings.Join(notes, "; "))

		if rep.OK != nClients || rep.Failed != 0 {
			t.Errorf("%s: want %d ok / 0 failed, got %d ok / %d failed; client errors %s",
				caseName, nClients, rep.OK, rep.Failed, FormatCounts(rep.Errors()))
		}
		for _, c := range rep.Clients {
			if !c.Connected || c.AcksFromOtherNode != 0 || c.AcksOK != nEchoes {
				t.Errorf("%s: client %d (%s): connected=%v node=%s acks ok=%d other-node=%d missing=%d error=%q",
					caseName, c.ID, c.Source, c.Connected, c.Node, c.AcksOK, c.AcksFromOtherNode, c.AcksMissing, c.Error)
			}
		}
		if run.transport == "upgrade" && upgraded != nClients {
			t.Errorf("%s: want all %d clients upgraded to websocket, got %d (upgrade errors %s)",
				caseName, nClients, upgraded, FormatCounts(upgradeErrors(rep)))
		}
		if len(rep.PerNode) < 2 {
			t.Errorf("%s: want clients on >=2 socket.io nodes, got %s", caseName, FormatCounts(rep.PerNode))
		}
		if n := newErrs["Session ID unknown"]; n != 0 {
			t.Errorf("%s: nodes answered Session ID unknown %d times", caseName, n)
		}
		if lc.HashesClient {
			for _, c := range rep.Clients {
				if !c.Connected {
					continue
				}
				if prev, ok := nodeOf[c.Source]; ok && prev != c.Node {
					t.Errorf("%s: client address %s reached %s, in an earlier run %s; the hash on the client address should be stable",
						caseName, c.Source, c.Node, prev)
				}
				nodeOf[c.Source] = c.Node
			}
		}
		before, accessBefore = after, accessAfter
	}
	if ca != "" {
		// Browsers poll over HTTP/2 where the proxy offers it (ALPN h2) and
		// open the WebSocket over HTTP/1.1 where it does not announce RFC
		// 8441; the runs above were HTTP/1.1 (socket.io-client in Node).
		h2 := RunH2Polling(t, H2Options{URL: "https://" + entry, CA: ca, Clients: nClients, SourceBase: "127.221.",
			Echoes: nEchoes, Cookies: lc.Cookies})
		caseName := fmt.Sprintf("%s/%s/polling over HTTP/2, 30 /24s", lc.Tag, lc.Title)
		Record(t, &results, caseName, h2, "Go's HTTP/2 client speaking Engine.IO v4 polling; every response checked to be HTTP/2")
		if h2.OK != nClients || len(h2.PerNode) < 2 {
			t.Errorf("%s: want %d ok on >= 2 nodes, got %d ok, per node %s; errors %s", caseName, nClients, h2.OK, FormatCounts(h2.PerNode), FormatCounts(h2.Errors()))
		}
		// Whether the proxy takes WebSockets over HTTP/2 (RFC 8441): nginx
		// does not announce it, so browsers use HTTP/1.1 for the WebSocket
		// (the wss runs above); HAProxy does since 2.4 (facts N11, H9).
		settings := H2Settings(t, entry, ca)
		connect, announced := settings[0x8]
		wantConnect := chain.proxies[0].tier.Kind.Value == topology.KindHAProxy
		if (announced && connect == 1) != wantConnect {
			t.Errorf("%s: SETTINGS_ENABLE_CONNECT_PROTOCOL = %d (announced %v), want announced %v; settings %v", lc.Tag, connect, announced, wantConnect, settings)
		}
		t.Logf("%s: %s announces HTTP/2 settings %v", lc.Tag, chain.proxies[0].tier.Kind.Value, settings)
		if rp := chain.proxies[0].tier.RedirectHTTPPort.Value; rp != 0 {
			checkRedirect(t, chain.proxies[0].addr, rp, ca)
		}
	}
	if lc.HashesClient {
		checkSimulatedChain(t, lc, nodes, nodeOf)
	}
	if t.Failed() {
		for _, p := range proxies {
			t.Logf("---- rendered %s ----\n%s", p.file.Name, p.file.Data)
		}
	}
}

// checkSimulatedChain gives topo simulate the source address of every
// client of the runs, on the chain as rendered: each must end on the
// socket.io node the client reached (nodeOf: source address -> node name).
func checkSimulatedChain(t *testing.T, lc liveCase, nodes []*Node, nodeOf map[string]string) {
	t.Helper()
	res := lintFile(t, lc.File)
	var given []simulate.Addressed
	for src := range nodeOf {
		given = append(given, simulate.Addressed{Address: src})
	}
	sort.Slice(given, func(i, j int) bool { return given[i].Address < given[j].Address })
	out, err := simulate.Run(plan.Build(res.Analysis, plan.Options{}), simulate.Options{Addresses: given, PerClient: true})
	if err != nil {
		t.Fatal(err)
	}
	nameOf := map[string]string{}
	for _, n := range nodes {
		nameOf[n.Addr] = n.Name
	}
	exact := false
	for _, h := range out.Hops {
		exact = exact || h.Exact
	}
	if !exact {
		t.Fatalf("%s: simulate models no hop of this chain exactly: %+v", lc.Tag, out.Hops)
	}
	mismatches := 0
	for _, sp := range out.Sessions {
		last := sp.Nodes[len(sp.Nodes)-1]
		addr := last[strings.IndexByte(last, ':')+1:]
		if got, want := nodeOf[sp.Address], nameOf[addr]; got != want {
			mismatches++
			if mismatches <= 5 {
				t.Errorf("%s: client %s reached %s, topo simulate says %s (%s)", lc.Tag, sp.Address, got, want, addr)
			}
		}
	}
	t.Logf("%s: topo simulate placed %d clients as the live chain did (%d mismatches)", lc.Tag, len(out.Sessions), mismatches)
	if mismatches > 0 {
		t.Errorf("%s: %d of %d clients reached another node than topo simulate says", lc.Tag, mismatches, len(out.Sessions))
	}
}

// checkRedirect asks the plain HTTP port of a rendered TLS node for a polling
// handshake, as a browser that typed http:// would: the answer must be a 308
// to the same host, path and query on https and the node's TLS port, and
// following it (trusting only the test CA) must open a session.
func checkRedirect(t *testing.T, tlsAddr string, port int, ca string) {
	t.Helper()
	host, tlsPort, err := net.SplitHostPort(tlsAddr)
	if err != nil {
		t.Fatal(err)
	}
	plain := net.JoinHostPort(host, strconv.Itoa(port))
	mustLoopback(t, plain)
	path := "/socket.io/?EIO=4&transport=polling"
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + plain + path)
	if err != nil {
		t.Fatalf("redirect port %s: %v", plain, err)
	}
	resp.Body.Close()
	want := "https://" + net.JoinHostPort(host, tlsPort) + path
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Fatalf("http://%s%s: got %d Location %q, want 308 to %q", plain, path, resp.StatusCode, resp.Header.Get("Location"), want)
	}
	pem, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	secure := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err = secure.Get(want)
	if err != nil {
		t.Fatalf("following the redirect: %v", err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), `0{"sid":`) {
		t.Fatalf("following the redirect to %s: %d %q, want an Engine.IO handshake", want, resp.StatusCode, body)
	}
}

// renderProxies renders every nginx and HAProxy node of the topology and
// pairs each file with its tier and listen address (<tier>-<n>.conf/.cfg is
// node n of `nodes`). Every tier of those kinds must have one file per node.
func renderProxies(t testing.TB, a *analysis.Analysis, source string) []proxyNode {
	t.Helper()
	opts := render.Options{Source: "e2e/testdata/" + source, TopoVersion: "e2e"}
	var files []render.File
	for _, r := range []func(*analysis.Analysis, render.Options) ([]render.File, error){render.Nginx, render.HAProxy} {
		fs, err := r(a, opts)
		if err != nil {
			t.Fatalf("render %s: %v", source, err)
		}
		files = append(files, fs...)
	}
	byName := map[string]render.File{}
	for _, f := range files {
		if _, dup := byName[f.Name]; dup {
			t.Fatalf("render %s: two files named %s", source, f.Name)
		}
		byName[f.Name] = f
	}
	var out []proxyNode
	for _, tier := range a.Topology.Tiers {
		ext := ""
		switch tier.Kind.Value {
		case topology.KindNginx:
			ext = ".conf"
		case topology.KindHAProxy:
			ext = ".cfg"
		default:
			continue
		}
		for i, n := range tier.Nodes.Value {
			name := fmt.Sprintf("%s-%d%s", tier.Name, i+1, ext)
			f, ok := byName[name]
			if !ok {
				t.Fatalf("render %s: no %s for node %s of tier %q (got %s)", source, name, n.Address, tier.Name, fileNames(files))
			}
			if !bytes.Contains(f.Data, []byte(n.Address)) {
				t.Fatalf("render %s: %s does not mention its node address %s", source, name, n.Address)
			}
			if err := CheckConfigLoopback(string(f.Data)); err != nil {
				t.Fatalf("render %s: %s: %v", source, name, err)
			}
			out = append(out, proxyNode{tier: tier, addr: n.Address, file: f})
			delete(byName, name)
		}
	}
	if len(byName) > 0 {
		t.Fatalf("render %s: unexpected files %v", source, byName)
	}
	return out
}

func fileNames(fs []render.File) string {
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// startTopologyNodes starts one server.js per node of the socketio tier, at
// the node's address, named n1, n2, … in the order of `nodes`, with the
// heartbeat, transports, cookie and path the topology declares.
func startTopologyNodes(t testing.TB, top *topology.Topology) []*Node {
	t.Helper()
	sio := top.SocketIO
	opts := NodeOptions{Transports: sio.Transports.Value, Cookie: sio.Cookie.Value, Path: sio.Path.Value}
	if sio.PingInterval.Set {
		opts.PingInterval = sio.PingInterval.Value
	}
	if sio.PingTimeout.Set {
		opts.PingTimeout = sio.PingTimeout.Value
	}
	tier := socketioTier(t, top)
	nodes := make([]*Node, 0, len(tier.Nodes.Value))
	procs := make([]*Proc, 0, len(tier.Nodes.Value))
	for i, n := range tier.Nodes.Value {
		name := fmt.Sprintf("n%d", i+1)
		p := startProc(t, "node-"+name, n.Address, nodeCmd(t, name, n.Address, opts))
		procs = append(procs, p)
		nodes = append(nodes, &Node{Name: name, Addr: n.Address, Proc: p})
	}
	waitListening(t, procs...)
	return nodes
}

// entryAddr returns the first node of the entry tier that every client
// population of the topology uses.
func entryAddr(t testing.TB, top *topology.Topology) string {
	t.Helper()
	var entry *topology.Tier
	for _, c := range top.Clients {
		if entry != nil && c.Entry.Value != entry {
			t.Fatalf("client %q enters at %q, others at %q: one entry tier expected", c.Name, c.Entry.Value.Name, entry.Name)
		}
		entry = c.Entry.Value
	}
	if entry == nil || len(entry.Nodes.Value) == 0 {
		t.Fatalf("topology %q: no entry tier with nodes", top.Name)
	}
	if len(entry.Nodes.Value) != 1 {
		t.Fatalf("entry tier %q has %d nodes; client.js drives one entry address", entry.Name, len(entry.Nodes.Value))
	}
	return entry.Nodes.Value[0].Address
}

// accessLogLines counts the access log lines of every nginx node that sits
// in a tier of two or more nodes (the siblings a session's requests spread
// over), by file name.
func accessLogLines(proxies []proxyNode) map[string]int {
	out := map[string]int{}
	for _, p := range proxies {
		if p.proc == nil || len(p.tier.Nodes.Value) < 2 || p.tier.Kind.Value != topology.KindNginx {
			continue
		}
		for _, path := range p.proc.ExtraLogs {
			if strings.HasSuffix(path, strings.TrimSuffix(p.file.Name, ".conf")+".access.log") {
				b, err := os.ReadFile(path)
				if err == nil {
					out[strings.TrimSuffix(p.file.Name, ".conf")] = bytes.Count(b, []byte("\n"))
				}
			}
		}
	}
	return out
}

// tierOfSpread names the multi-node nginx tiers accessLogLines counts.
func tierOfSpread(proxies []proxyNode) string {
	seen := map[string]bool{}
	var names []string
	for _, p := range proxies {
		if len(p.tier.Nodes.Value) >= 2 && p.tier.Kind.Value == topology.KindNginx && !seen[p.tier.Name] {
			seen[p.tier.Name] = true
			names = append(names, p.tier.Name)
		}
	}
	return strings.Join(names, ",")
}

// diffCounts returns after - before, keeping only keys that changed.
func diffCounts(after, before map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

func upgradeErrors(rep Report) map[string]int {
	out := map[string]int{}
	for _, c := range rep.Clients {
		if c.UpgradeError != "" {
			out[c.UpgradeError]++
		}
	}
	return out
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestRenderedReloadKeepsSessions reloads every proxy node of a rendered
// chain while 30 polling and 30 upgraded clients are in the middle of their
// sessions, each sending 40 acked echoes 100 ms apart, and requires every
// session to survive:
//
//   - nginx (hash client_ip consistent): SIGHUP to the master starts new
//     workers; the old ones keep their sockets for worker_shutdown_timeout.
//   - HAProxy (cookie insertion): the rendered file runs in master-worker
//     mode; SIGUSR2 to the master starts a new worker with the listening
//     sockets of the old one; the old worker keeps its connections until
//     they end or hard-stop-after passes.
//
// The polls after the reload reach the new workers, which pick the same node.
//
// The polling clients open a connection per request. With Node's keep-alive
// agent about one polling session in 135 was lost over repeated nginx runs:
// the old workers close their idle keep-alive connections, and a request
// written on one at that instant fails, which Node does not retry (browsers
// retry a request on a reused connection the server closed).
// docs/e2e-results.md records it.
func TestRenderedReloadKeepsSessions(t *testing.T) {
	for _, rc := range []struct {
		product string
		lc      liveCase
		sig     syscall.Signal
		how     string
		base    string
	}{
		{"nginx", liveCases[0], syscall.SIGHUP, "nginx -s reload (SIGHUP)", "127.217."},
		{"haproxy", liveCases[2], syscall.SIGUSR2, "master-worker reload (SIGUSR2 to the master)", "127.220."},
	} {
		t.Run(rc.product, func(t *testing.T) {
			chain := startLiveChain(t, rc.lc)
			entry := entryAddr(t, chain.top)
			for _, transport := range []string{"polling", "upgrade"} {
				before := map[*Proc]string{}
				for _, p := range chain.proxies {
					before[p.proc] = children(t, p.proc)
				}
				reloaded := make(chan error, 1)
				go func() {
					time.Sleep(1500 * time.Millisecond)
					for _, p := range chain.proxies {
						if err := p.proc.Signal(rc.sig); err != nil {
							reloaded <- err
							return
						}
					}
					reloaded <- nil
				}()
				rep := RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: transport,
					Cookies: rc.lc.Cookies, Echoes: 40, EchoGap: 100 * time.Millisecond, Timeout: 30 * time.Second,
					SourceBase: rc.base, Spread: true, NoKeepAlive: transport == "polling"})
				if err := <-reloaded; err != nil {
					t.Fatalf("reload: %v", err)
				}
				for _, p := range chain.proxies {
					// A reload starts new workers: the master's children change.
					if now := children(t, p.proc); now == before[p.proc] {
						t.Fatalf("%s: the workers are the same after the reload (%s): %s did not reload", p.proc.Name, now, rc.product)
					}
				}
				Record(t, &results, "reload/"+transport+" clients while every "+rc.product+" node reloads", rep,
					rc.how+" 1.5 s into 4 s sessions; polling clients without keep-alive (with Node's keep-alive agent about 1 session in 135 was lost at nginx: see the test)")
				if rep.OK != nClients || rep.Failed != 0 {
					t.Errorf("%s: %d of %d sessions survived the reload; client errors %s; server errors %s", transport, rep.OK, nClients, FormatCounts(rep.Errors()), FormatCounts(diffCounts(TotalStats(t, chain.nodes).ErrorDetails, nil)))
				}
			}
		})
	}
}

// children lists the child processes of p (nginx's master: its workers).
func children(t *testing.T, p *Proc) string {
	t.Helper()
	pid := p.Pid()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		t.Fatalf("children of %s: %v", p.Name, err)
	}
	return strings.TrimSpace(string(b))
}

// TestRenderedHAProxyNodeFailure kills one socket.io node behind a rendered
// HAProxy tier (cookie affinity, leastconn for new sessions) in the middle of
// 30 sessions. Only the sessions on that node may end; then, once HAProxy's
// health check has counted the node down (every 2 s, 3 failures), 30 new
// sessions all open on the surviving nodes. Without the check, leastconn
// would keep sending new sessions to the dead node.
func TestRenderedHAProxyNodeFailure(t *testing.T) {
	chain := startLiveChain(t, liveCases[2])
	entry := entryAddr(t, chain.top)
	victim := chain.nodes[0]
	killed := make(chan struct{})
	go func() {
		time.Sleep(1500 * time.Millisecond)
		victim.Proc.Stop()
		close(killed)
	}()
	rep := RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: "polling", Cookies: true,
		Echoes: 40, EchoGap: 100 * time.Millisecond, Timeout: 30 * time.Second, NoKeepAlive: true,
		SourceBase: "127.218.", Spread: true})
	<-killed
	onVictim, brokenElsewhere := 0, 0
	for _, c := range rep.Clients {
		switch {
		case c.Node == victim.Name:
			onVictim++
		case !c.OK:
			brokenElsewhere++
		}
	}
	Record(t, &results, "node failure/sessions while one of 3 nodes is killed", rep,
		fmt.Sprintf("%d sessions were on the killed node %s; %d sessions elsewhere broke", onVictim, victim.Name, brokenElsewhere))
	if brokenElsewhere > 0 {
		t.Errorf("%d sessions on surviving nodes broke when %s died", brokenElsewhere, victim.Name)
	}
	if onVictim == 0 {
		t.Fatalf("no session was on %s: the test shows nothing", victim.Name)
	}

	time.Sleep(8 * time.Second) // 3 failed checks 2 s apart, and a margin
	after := RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: "polling", Cookies: true,
		Echoes: nEchoes, NoKeepAlive: true, SourceBase: "127.219.", Spread: true})
	Record(t, &results, "node failure/new sessions after the health check", after, "after 8 s: HAProxy checks every 2 s and counts a node down after 3 failures")
	if after.OK != nClients || after.Failed != 0 {
		t.Errorf("after the check interval: %d ok, %d failed (new sessions sent to the dead node?); client errors %s", after.OK, after.Failed, FormatCounts(after.Errors()))
	}
	if n := after.PerNode[victim.Name]; n != 0 {
		t.Errorf("%d new sessions reached the dead node", n)
	}
}
