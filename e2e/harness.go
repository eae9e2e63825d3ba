// Package e2e is the live end-to-end harness for topo: it runs real nginx and
// HAProxy in front of real socket.io v4 nodes (server.js) and drives them with
// real socket.io-client instances (client.js), all on loopback 127.0.0.0/8
// only.
//
// The harness starts processes with StartNode, StartNginx and StartHAProxy,
// renders proxy configs from text/template files with RenderConfig, runs the
// client driver with RunClients and records measured outcomes as Result values
// in a Collector. Every process is stopped by PID in t.Cleanup (SIGTERM, then
// SIGKILL after a grace), its log is kept in the test's temp dir and printed
// when the test fails. Every address the harness touches is checked to be in
// 127.0.0.0/8; anything else is refused.
//
// Tests call RequireTools first: when nginx, haproxy, node or e2e/node_modules
// are missing, the test is skipped, or fails when CI=true.
package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptorand "crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"
)

// Time bounds used by the harness.
const (
	// StartTimeout bounds how long a started process may take to listen.
	StartTimeout = 10 * time.Second
	// StopGrace is how long a process gets after SIGTERM before SIGKILL.
	StopGrace = 3 * time.Second
	// DefaultClientTimeout is client.js's --timeout-ms when ClientOptions.Timeout is 0.
	DefaultClientTimeout = 15 * time.Second
	// maxLogBytes caps how much of each log is printed on failure.
	maxLogBytes = 8 << 10
)

// Dir returns the absolute path of the e2e directory (where server.js,
// client.js and node_modules live). TOPO_E2E_DIR overrides it.
func Dir() string {
	if d := os.Getenv("TOPO_E2E_DIR"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "."
	}
	return filepath.Dir(file)
}

// RequireTools checks that the named tools are available: "nginx", "haproxy",
// "node" (which also requires e2e/node_modules with socket.io and
// socket.io-client; run `npm ci` in e2e/). When something is missing it calls
// t.Fatalf if the environment variable CI is "true", and t.Skipf otherwise.
func RequireTools(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, name := range names {
		if _, err := lookTool(name); err != nil {
			missing = append(missing, fmt.Sprintf("%s (%v)", name, err))
			continue
		}
		if name == "node" {
			for _, mod := range []string{"socket.io", "socket.io-client"} {
				p := filepath.Join(Dir(), "node_modules", mod, "package.json")
				if _, err := os.Stat(p); err != nil {
					missing = append(missing, fmt.Sprintf("node module %s (run `npm ci` in %s)", mod, Dir()))
				}
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "e2e tools missing: " + strings.Join(missing, "; ")
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s", msg)
	}
	t.Skipf("%s", msg)
}

// lookTool finds a tool in PATH, then in /usr/sbin and /usr/local/sbin
// (nginx and haproxy live there on Debian and are not always in a user PATH).
func lookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/sbin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found in PATH or sbin dirs", name)
}

// CheckLoopback returns an error unless addr ("host:port" or a bare host) is an
// IPv4 address in 127.0.0.0/8. Host names, IPv6 (even ::1) and every other
// address are refused.
func CheckLoopback(addr string) error {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() == nil || ip.To4()[0] != 127 {
		return fmt.Errorf("address %q is not in 127.0.0.0/8; the e2e harness only uses loopback", addr)
	}
	return nil
}

// mustLoopback fails the test unless every address is in 127.0.0.0/8.
func mustLoopback(t testing.TB, addrs ...string) {
	t.Helper()
	for _, a := range addrs {
		if err := CheckLoopback(a); err != nil {
			t.Fatalf("%v", err)
		}
	}
}

var (
	ipv4Re    = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	listenRe  = regexp.MustCompile(`(?:^|[\s{;])(listen|bind)\s+([^\s;]+)`)
	commentRe = regexp.MustCompile(`(?m)#.*$`)
)

// CheckConfigLoopback returns an error when a rendered proxy config mentions
// an IPv4 address outside 127.0.0.0/8, or has a listen/bind directive whose
// address is not such an IPv4 address (a bare port would listen on all
// interfaces). Comments ("#" to end of line) are ignored.
func CheckConfigLoopback(text string) error {
	text = commentRe.ReplaceAllString(text, "")
	for _, ip := range ipv4Re.FindAllString(text, -1) {
		if err := CheckLoopback(ip); err != nil {
			return err
		}
	}
	for _, m := range listenRe.FindAllStringSubmatch(text, -1) {
		if err := CheckLoopback(m[2]); err != nil {
			return fmt.Errorf("%s %s: %w", m[1], m[2], err)
		}
	}
	return nil
}

// FreeAddr returns "127.0.0.1:PORT" with a port that was free a moment ago.
// Ports come from 20000-32767, below Linux's default ephemeral range, so that
// outgoing connections of the proxies do not take them first.
func FreeAddr(t testing.TB) string {
	t.Helper()
	for range 200 {
		port := 20000 + rand.IntN(12768)
		addr := "127.0.0.1:" + strconv.Itoa(port)
		l, err := net.Listen("tcp4", addr)
		if err != nil {
			continue
		}
		_ = l.Close()
		return addr
	}
	t.Fatalf("no free port found on 127.0.0.1")
	return ""
}

// Proc is one process started by the harness.
// Pid is the process ID.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Signal sends sig to the process (for a reload: SIGHUP to nginx's master).
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

type Proc struct {
	// Name labels the process in logs.
	Name string
	// Addr is the address the process listens on (the first, if several).
	Addr string
	// LogPath is the file that collects the process's stdout and stderr.
	LogPath string
	// ExtraLogs are more files printed on failure (e.g. nginx error/access logs).
	ExtraLogs []string

	cmd  *exec.Cmd
	done chan struct{}
	err  error // set before done is closed
}

// Exited reports whether the process has exited.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop stops the process: SIGTERM to its PID, then SIGKILL to its process
// group after StopGrace. It is safe to call more than once.
func (p *Proc) Stop() {
	if p.Exited() {
		return
	}
	_ = p.cmd.Process.Signal(sigterm)
	select {
	case <-p.done:
		return
	case <-time.After(StopGrace):
	}
	killGroup(p.cmd)
	select {
	case <-p.done:
	case <-time.After(StopGrace):
	}
}

// startProc starts cmd with its output going to a log file in the test's temp
// dir and registers cleanup that stops it and prints its logs on failure.
func startProc(t testing.TB, name, addr string, cmd *exec.Cmd, extraLogs ...string) *Proc {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("create log: %v", err)
	}
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	p := &Proc{Name: name, Addr: addr, LogPath: logPath, ExtraLogs: extraLogs, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		_ = f.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			p.dumpLogs(t)
		}
	})
	return p
}

func (p *Proc) dumpLogs(t testing.TB) {
	t.Helper()
	for _, path := range append([]string{p.LogPath}, p.ExtraLogs...) {
		b, err := os.ReadFile(path)
		if err != nil || len(b) == 0 {
			continue
		}
		if len(b) > maxLogBytes {
			b = append([]byte("...\n"), b[len(b)-maxLogBytes:]...)
		}
		t.Logf("---- %s: %s ----\n%s", p.Name, filepath.Base(path), b)
	}
}

// waitListening polls a TCP connect to each process's Addr until it succeeds,
// the process exits, or StartTimeout passes.
func waitListening(t testing.TB, procs ...*Proc) {
	t.Helper()
	deadline := time.Now().Add(StartTimeout)
	for _, p := range procs {
		for {
			c, err := net.DialTimeout("tcp4", p.Addr, 200*time.Millisecond)
			if err == nil {
				_ = c.Close()
				break
			}
			if p.Exited() {
				p.dumpLogs(t)
				t.Fatalf("%s exited before listening on %s: %v", p.Name, p.Addr, p.err)
			}
			if time.Now().After(deadline) {
				p.dumpLogs(t)
				t.Fatalf("%s did not listen on %s within %v", p.Name, p.Addr, StartTimeout)
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
}

// NodeOptions configures one socket.io node (server.js). Zero values mean
// socket.io's defaults.
type NodeOptions struct {
	// Transports is the server's transports list (default polling,websocket).
	Transports []string
	// PingInterval and PingTimeout override engine.io's heartbeat (25 s / 20 s).
	PingInterval, PingTimeout time.Duration
	// Cookie enables engine.io's "io" cookie on the handshake.
	Cookie bool
	// Path is the socket.io path (default /socket.io/).
	Path string
}

// Node is a running socket.io node.
type Node struct {
	// Name is the node's name, as reported in "hello", acks and per_node.
	Name string
	// Addr is the node's listen address.
	Addr string
	// Proc is the node's process.
	Proc *Proc
}

// URL returns the node's base URL, e.g. http://127.0.0.1:20001.
func (n *Node) URL() string { return "http://" + n.Addr }

// NodeStats is what a node's GET /stats returns.
type NodeStats struct {
	// Node is the node's name.
	Node string `json:"node"`
	// Connections counts socket.io connections ever made on the node.
	Connections int `json:"connections"`
	// Connected counts sockets connected right now.
	Connected int `json:"connected"`
	// Upgrades counts engine.io polling->websocket upgrades.
	Upgrades int `json:"upgrades"`
	// Errors counts engine.io connection_error events by message, e.g.
	// "Session ID unknown", "Bad request".
	Errors map[string]int `json:"errors"`
	// ErrorDetails counts the same events by "message (context name)", e.g.
	// "Bad request (TRANSPORT_MISMATCH)".
	ErrorDetails map[string]int `json:"error_details"`
	// Peers counts engine.io requests by TCP peer address and kind
	// ("polling" for plain HTTP requests, "websocket" for upgrades).
	Peers map[string]map[string]int `json:"peers"`
}

func nodeCmd(t testing.TB, name, addr string, opts NodeOptions) *exec.Cmd {
	t.Helper()
	mustLoopback(t, addr)
	nodeBin, err := lookTool("node")
	if err != nil {
		t.Fatalf("%v", err)
	}
	args := []string{filepath.Join(Dir(), "server.js"), "--listen", addr, "--name", name}
	if len(opts.Transports) > 0 {
		args = append(args, "--transports", strings.Join(opts.Transports, ","))
	}
	if opts.PingInterval > 0 {
		args = append(args, "--ping-interval", strconv.FormatInt(opts.PingInterval.Milliseconds(), 10))
	}
	if opts.PingTimeout > 0 {
		args = append(args, "--ping-timeout", strconv.FormatInt(opts.PingTimeout.Milliseconds(), 10))
	}
	if opts.Cookie {
		args = append(args, "--cookie")
	}
	if opts.Path != "" {
		args = append(args, "--path", opts.Path)
	}
	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = Dir()
	return cmd
}

// StartNode starts one socket.io node named name on addr (127.0.0.0/8 only;
// use FreeAddr) and waits until it listens.
func StartNode(t testing.TB, name, addr string, opts NodeOptions) *Node {
	t.Helper()
	p := startProc(t, "node-"+name, addr, nodeCmd(t, name, addr, opts))
	waitListening(t, p)
	return &Node{Name: name, Addr: addr, Proc: p}
}

// StartNodes starts n socket.io nodes named n1..nN on free addresses, in
// parallel, and waits until all listen.
func StartNodes(t testing.TB, n int, opts NodeOptions) []*Node {
	t.Helper()
	nodes := make([]*Node, n)
	procs := make([]*Proc, n)
	for i := range n {
		name := fmt.Sprintf("n%d", i+1)
		addr := FreeAddr(t)
		procs[i] = startProc(t, "node-"+name, addr, nodeCmd(t, name, addr, opts))
		nodes[i] = &Node{Name: name, Addr: addr, Proc: procs[i]}
	}
	waitListening(t, procs...)
	return nodes
}

// Addrs returns the nodes' listen addresses in order.
func Addrs(nodes []*Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Addr
	}
	return out
}

var httpClient = &http.Client{Timeout: 3 * time.Second}

// Stats fetches the node's GET /stats.
func (n *Node) Stats(t testing.TB) NodeStats {
	t.Helper()
	var s NodeStats
	resp, err := httpClient.Get(n.URL() + "/stats")
	if err != nil {
		t.Fatalf("stats %s: %v", n.Name, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("stats %s: decode: %v", n.Name, err)
	}
	return s
}

// TotalStats sums the stats of several nodes: Connections, Connected,
// Upgrades, Errors and ErrorDetails are added up; Peers is merged.
func TotalStats(t testing.TB, nodes []*Node) NodeStats {
	t.Helper()
	tot := NodeStats{Node: "total", Errors: map[string]int{}, ErrorDetails: map[string]int{}, Peers: map[string]map[string]int{}}
	for _, n := range nodes {
		s := n.Stats(t)
		tot.Connections += s.Connections
		tot.Connected += s.Connected
		tot.Upgrades += s.Upgrades
		for k, v := range s.Errors {
			tot.Errors[k] += v
		}
		for k, v := range s.ErrorDetails {
			tot.ErrorDetails[k] += v
		}
		for addr, kinds := range s.Peers {
			if tot.Peers[addr] == nil {
				tot.Peers[addr] = map[string]int{}
			}
			for k, v := range kinds {
				tot.Peers[addr][k] += v
			}
		}
	}
	return tot
}

// ConfigData is the usual data for a proxy config template.
type ConfigData struct {
	// Listen is the address the proxy listens on.
	Listen string
	// Nodes are the socket.io node addresses behind the proxy.
	Nodes []string
	// Next are the addresses of the next proxy tier, when the proxy fronts
	// other proxies instead of nodes.
	Next []string
}

// RenderConfig executes the text/template file tmplPath (relative paths are
// relative to Dir()) with data, together with the shared definitions in
// testdata/common.tmpl, checks the result with CheckConfigLoopback, writes it
// to a new temp dir and returns its path.
func RenderConfig(t testing.TB, tmplPath string, data any) string {
	t.Helper()
	if !filepath.IsAbs(tmplPath) {
		tmplPath = filepath.Join(Dir(), tmplPath)
	}
	tmpl, err := template.New(filepath.Base(tmplPath)).Option("missingkey=error").
		ParseFiles(tmplPath, filepath.Join(Dir(), "testdata", "common.tmpl"))
	if err != nil {
		t.Fatalf("parse %s: %v", tmplPath, err)
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, filepath.Base(tmplPath), data); err != nil {
		t.Fatalf("render %s: %v", tmplPath, err)
	}
	if err := CheckConfigLoopback(buf.String()); err != nil {
		t.Fatalf("rendered %s: %v", tmplPath, err)
	}
	name := strings.TrimSuffix(filepath.Base(tmplPath), ".tmpl")
	out := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatalf("write %s: %v", out, err)
	}
	return out
}

// StartNginx runs nginx with the config file conf, in a fresh prefix dir
// (t.TempDir()) holding pid, logs and temp dirs, in the foreground
// (daemon off). listen is the address the config listens on; the harness waits
// until it accepts connections. As root, workers run as root (user root) so
// that the temp dirs inside the 0700 test dir stay writable. The config is
// checked with `nginx -t` first.
func StartNginx(t testing.TB, name, conf, listen string) *Proc {
	t.Helper()
	mustLoopback(t, listen)
	bin, err := lookTool("nginx")
	if err != nil {
		t.Fatalf("%v", err)
	}
	checkConfFile(t, conf)
	prefix := t.TempDir()
	logs := filepath.Join(prefix, "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatalf("mkdir: %v", err)
	}
	global := "daemon off;"
	if os.Geteuid() == 0 {
		global += " user root;"
	}
	errLog := filepath.Join(logs, "error.log")
	base := []string{"-p", prefix + "/", "-c", conf, "-e", errLog, "-g", global}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, append([]string{"-t", "-q"}, base...)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t %s: %v\n%s", conf, err, out)
	}
	// Configs rendered by topo keep their logs in the prefix as
	// <tier>-<n>.error.log and <tier>-<n>.access.log (named after the file);
	// print those too on failure (missing files are skipped).
	stem := strings.TrimSuffix(filepath.Base(conf), filepath.Ext(conf))
	p := startProc(t, name, listen, exec.Command(bin, base...), errLog, filepath.Join(logs, "access.log"),
		filepath.Join(prefix, stem+".error.log"), filepath.Join(prefix, stem+".access.log"))
	waitListening(t, p)
	return p
}

// StartHAProxy runs `haproxy -f conf -db` (foreground) after `haproxy -c`
// accepted the config, and waits until listen accepts connections.
func StartHAProxy(t testing.TB, name, conf, listen string) *Proc {
	t.Helper()
	mustLoopback(t, listen)
	bin, err := lookTool("haproxy")
	if err != nil {
		t.Fatalf("%v", err)
	}
	checkConfFile(t, conf)
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	// A rendered file runs in its own directory: relative paths such as
	// its certificate resolve there.
	check := exec.CommandContext(ctx, bin, "-c", "-q", "-f", conf)
	check.Dir = filepath.Dir(conf)
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c %s: %v\n%s", conf, err, out)
	}
	run := exec.Command(bin, "-f", conf, "-db")
	run.Dir = filepath.Dir(conf)
	p := startProc(t, name, listen, run)
	waitListening(t, p)
	return p
}

func checkConfFile(t testing.TB, conf string) {
	t.Helper()
	b, err := os.ReadFile(conf)
	if err != nil {
		t.Fatalf("read config: %v", err)
	}
	if err := CheckConfigLoopback(string(b)); err != nil {
		t.Fatalf("%s: %v", conf, err)
	}
}

// ClientOptions configures one run of client.js.
type ClientOptions struct {
	// URL is the entry point, http://127.x.y.z:PORT.
	URL string
	// Clients is the number of clients (1..250).
	Clients int
	// Transport is "polling", "websocket" or "upgrade".
	Transport string
	// Cookies sets withCredentials: true (Node cookie jar).
	Cookies bool
	// Echoes is how many acked echo messages each client sends.
	Echoes int
	// EchoGap is the pause between two echoes (client.js default 20ms when
	// 0): with Echoes, how long the sessions stay busy.
	EchoGap time.Duration
	// Timeout bounds the whole run (default DefaultClientTimeout).
	Timeout time.Duration
	// UpgradeWait bounds the wait for the upgrade (transport "upgrade").
	UpgradeWait time.Duration
	// Path is the socket.io path (default /socket.io/).
	Path string
	// SourceBase binds client i to its own source address: with Spread false
	// SourceBase+"(i+1)" (SourceBase like "127.0.9.", one /24); with Spread
	// true "A.B.(C+i).1" (SourceBase "A.B.C." or "A.B.", one /24 per client).
	// Empty: the OS picks (127.0.0.1).
	SourceBase string
	// Spread selects the one-/24-per-client layout.
	Spread bool
	// CA is the PEM file of the CA the clients trust, for an https:// URL.
	CA string
	// Stagger is the pause between two clients' starts (client.js default
	// 5ms when 0): the ramp of a run.
	Stagger time.Duration
	// NoKeepAlive opens a new connection for every request instead of
	// reusing one (as a browser that retries a request on a connection the
	// server closed behaves, from the server's side).
	NoKeepAlive bool
	// ConnectTimeout is the Manager's connect timeout (client.js default:
	// min(Timeout-500ms, 5s) when 0).
	ConnectTimeout time.Duration
	// AckTimeout bounds the wait for each echo's ack (client.js default:
	// min(3s, Timeout/4) when 0).
	AckTimeout time.Duration
	// KeyQuery and KeyHeader make every request of a client carry its key
	// (ClientResult.Key) as that query parameter or header.
	KeyQuery, KeyHeader string
	// Jobs is how many related-route POSTs (/api/jobs) each client sends
	// after its echoes, each followed by a wait for its push.
	Jobs int
}

// ClientResult is one client's outcome as reported by client.js.
type ClientResult struct {
	// ID is the client index.
	ID int `json:"id"`
	// Source is the bound source address ("" when the OS picked it).
	Source string `json:"source"`
	// Key is the value of ClientOptions.KeyQuery or KeyHeader it sent.
	Key string `json:"key"`
	// Connected reports that the client got the server's "hello".
	Connected bool `json:"connected"`
	// TransportFinal is the engine.io transport at the end ("polling"/"websocket").
	TransportFinal string `json:"transport_final"`
	// Upgraded reports a polling->websocket upgrade (transport "upgrade").
	Upgraded bool `json:"upgraded"`
	// Node is the node that said hello.
	Node string `json:"node"`
	// AcksOK counts echo acks from the hello node.
	AcksOK int `json:"acks_ok"`
	// AcksFromOtherNode counts echo acks from another node.
	AcksFromOtherNode int `json:"acks_from_other_node"`
	// AcksMissing counts echoes without an ack.
	AcksMissing int `json:"acks_missing"`
	// UpgradeError is engine.io-client's upgradeError, if any.
	UpgradeError string `json:"upgrade_error"`
	// Error is the first failure (connect_error, disconnect, timeout).
	Error string `json:"error"`
	// OK reports connected, no error and every echo acked by the hello node.
	OK bool `json:"ok"`
	// ConnectMS is the time from io() to the server's "hello", -1 if none.
	ConnectMS int64 `json:"connect_ms"`
	// JobsPushed and JobsLost count the related-route pushes that arrived
	// and that did not (ClientOptions.Jobs).
	JobsPushed int `json:"jobs_pushed"`
	JobsLost   int `json:"jobs_lost"`
}

// Report is client.js's JSON output.
type Report struct {
	// Clients holds every client's outcome.
	Clients []ClientResult `json:"clients"`
	// OK counts clients with ClientResult.OK.
	OK int `json:"ok"`
	// Failed counts the other clients.
	Failed int `json:"failed"`
	// PerNode counts connected clients by the node that said hello.
	PerNode map[string]int `json:"per_node"`
	// DurationMS is the driver's wall time.
	DurationMS int64 `json:"duration_ms"`
}

// Errors counts the clients' Error strings (empty ones left out).
func (r Report) Errors() map[string]int {
	out := map[string]int{}
	for _, c := range r.Clients {
		if c.Error != "" {
			out[c.Error]++
		}
	}
	return out
}

// Count returns how many clients satisfy pred.
func (r Report) Count(pred func(ClientResult) bool) int {
	n := 0
	for _, c := range r.Clients {
		if pred(c) {
			n++
		}
	}
	return n
}

// RunClients runs client.js with opts and decodes its report. It fails the
// test when the driver cannot run, exceeds its time bound, or prints no valid
// report; client failures are data, not test failures.
func RunClients(t testing.TB, opts ClientOptions) Report {
	t.Helper()
	host := strings.TrimPrefix(strings.TrimPrefix(opts.URL, "http://"), "https://")
	host, _, _ = strings.Cut(host, "/")
	mustLoopback(t, host)
	if opts.SourceBase != "" {
		mustLoopback(t, sampleSource(opts.SourceBase))
	}
	if opts.Clients == 0 {
		opts.Clients = 1
	}
	if opts.Transport == "" {
		opts.Transport = "polling"
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultClientTimeout
	}
	nodeBin, err := lookTool("node")
	if err != nil {
		t.Fatalf("%v", err)
	}
	args := []string{filepath.Join(Dir(), "client.js"),
		"--url", opts.URL,
		"--clients", strconv.Itoa(opts.Clients),
		"--transport", opts.Transport,
		"--echoes", strconv.Itoa(opts.Echoes),
		"--echo-gap-ms", strconv.FormatInt(max(opts.EchoGap, 20*time.Millisecond).Milliseconds(), 10),
		"--timeout-ms", strconv.FormatInt(opts.Timeout.Milliseconds(), 10),
	}
	if opts.Cookies {
		args = append(args, "--cookies")
	}
	if opts.UpgradeWait > 0 {
		args = append(args, "--upgrade-wait-ms", strconv.FormatInt(opts.UpgradeWait.Milliseconds(), 10))
	}
	if opts.Path != "" {
		args = append(args, "--path", opts.Path)
	}
	if opts.SourceBase != "" {
		args = append(args, "--source-base", opts.SourceBase)
		if opts.Spread {
			args = append(args, "--source-layout", "spread")
		}
	}
	if opts.CA != "" {
		args = append(args, "--ca", opts.CA)
	}
	if opts.NoKeepAlive {
		args = append(args, "--no-keepalive")
	}
	if opts.Stagger > 0 {
		args = append(args, "--stagger-ms", strconv.FormatInt(opts.Stagger.Milliseconds(), 10))
	}
	if opts.ConnectTimeout > 0 {
		args = append(args, "--connect-timeout-ms", strconv.FormatInt(opts.ConnectTimeout.Milliseconds(), 10))
	}
	if opts.AckTimeout > 0 {
		args = append(args, "--ack-timeout-ms", strconv.FormatInt(opts.AckTimeout.Milliseconds(), 10))
	}
	if opts.KeyQuery != "" {
		args = append(args, "--key-query", opts.KeyQuery)
	}
	if opts.KeyHeader != "" {
		args = append(args, "--key-header", opts.KeyHeader)
	}
	if opts.Jobs > 0 {
		args = append(args, "--jobs", strconv.Itoa(opts.Jobs))
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = Dir()
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("client.js exceeded %v: %v\nstderr:\n%s", opts.Timeout+10*time.Second, err, stderr.String())
	}
	if err != nil {
		t.Fatalf("client.js: %v\nstderr:\n%s", err, stderr.String())
	}
	var rep Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("client.js output: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if rep.PerNode == nil {
		rep.PerNode = map[string]int{}
	}
	if len(rep.Clients) != opts.Clients {
		t.Fatalf("client.js reported %d clients, want %d", len(rep.Clients), opts.Clients)
	}
	return rep
}

// sampleSource turns a source base ("127.0.9." or "127.20.") into one full
// address for the loopback check; client.js checks every address again.
func sampleSource(base string) string {
	b := strings.TrimSuffix(base, ".")
	for strings.Count(b, ".") < 3 {
		b += ".1"
	}
	return b
}

// Result is one measured outcome, the unit a later step writes into
// docs/e2e-results.md.
type Result struct {
	// Case names the scenario, e.g. "a/nginx-round-robin/polling".
	Case string `json:"case"`
	// OK counts clients that worked end to end.
	OK int `json:"ok"`
	// Failed counts the other clients.
	Failed int `json:"failed"`
	// PerNode counts connected clients by node.
	PerNode map[string]int `json:"per_node"`
	// Notes holds extra measured facts (server error counters, upgrades...).
	Notes string `json:"notes,omitempty"`
}

// Collector gathers Results from tests; it is safe for concurrent use.
type Collector struct {
	mu      sync.Mutex
	results []Result
}

// Add appends r.
func (c *Collector) Add(r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results = append(c.results, r)
}

// Results returns a copy of the collected results, in insertion order.
func (c *Collector) Results() []Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Result(nil), c.results...)
}

// WriteJSON writes the collected results as an indented JSON array to path.
func (c *Collector) WriteJSON(path string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c.Results()); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Record turns a client report into a Result named caseName, logs it with
// t.Logf (with notes) and appends it to c (if c is not nil).
func Record(t testing.TB, c *Collector, caseName string, rep Report, notes string) Result {
	t.Helper()
	r := Result{Case: caseName, OK: rep.OK, Failed: rep.Failed, PerNode: rep.PerNode, Notes: notes}
	t.Logf("RESULT %s: ok=%d failed=%d per_node=%s driver=%dms%s",
		caseName, r.OK, r.Failed, FormatCounts(r.PerNode), rep.DurationMS, prefixed("; ", notes))
	if errs := rep.Errors(); len(errs) > 0 {
		t.Logf("  client errors: %s", FormatCounts(errs))
	}
	if c != nil {
		c.Add(r)
	}
	return r
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// FormatCounts prints a count map in sorted key order: {a:1 b:2}.
func FormatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d", k, m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// WriteTestCertificate writes a self-signed certificate for the address of
// listen (host:port, a loopback IPv4 address) to dir/name and its private key
// to dir/name.key, where topo's rendered files look for them, and returns the
// certificate's path: the CA the test clients trust.
func WriteTestCertificate(t testing.TB, dir, name, listen string) string {
	t.Helper()
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		t.Fatalf("certificate for %q: %v", listen, err)
	}
	mustLoopback(t, listen)
	key, err := ecdsa.GenerateKey(elliptic.P256(), cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "topo e2e " + host},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP(host)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(cryptorand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert := filepath.Join(dir, name)
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cert+".key", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert
}
