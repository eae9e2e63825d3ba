package e2e

import (
	"fmt"
	"net"
	"os"
	"testing"
	"time"
)

// results collects every case's measured outcome. Set TOPO_E2E_RESULTS=path
// to have them written as JSON after the run (input for docs/e2e-results.md).
var results Collector

func TestMain(m *testing.M) {
	code := m.Run()
	if p := os.Getenv("TOPO_E2E_RESULTS"); p != "" {
		if err := results.WriteJSON(p); err != nil {
			fmt.Fprintf(os.Stderr, "write %s: %v\n", p, err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// nodeOpts shortens the heartbeat; nothing here waits for it, but a dead
// session is noticed within seconds instead of 45 s.
var nodeOpts = NodeOptions{PingInterval: 5 * time.Second, PingTimeout: 5 * time.Second}

const (
	nClients = 30
	nEchoes  = 3
)

// ipHashIndex is nginx ip_hash's choice for an IPv4 client among n
// equal-weight servers (first try): seed 89, hash = (hash*113 + octet) % 6271
// over the first three octets, then hash % n (ngx_http_upstream_ip_hash_module.c).
func ipHashIndex(ip string, n int) int {
	h := 89
	for _, b := range net.ParseIP(ip).To4()[:3] {
		h = (h*113 + int(b)) % 6271
	}
	return h % n
}

func serverNote(st NodeStats) string {
	return fmt.Sprintf("server errors %s, connections %d, upgrades %d",
		FormatCounts(st.ErrorDetails), st.Connections, st.Upgrades)
}

// Case a: nginx round robin over 3 nodes, polling clients -> Session ID unknown.
func TestBrokenNginxRoundRobin(t *testing.T) {
	RequireTools(t, "nginx", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	listen := FreeAddr(t)
	conf := RenderConfig(t, "testdata/broken/a-nginx-round-robin.conf.tmpl", ConfigData{Listen: listen, Nodes: Addrs(nodes)})
	StartNginx(t, "nginx-a", conf, listen)

	rep := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.0.9."})
	st := TotalStats(t, nodes)
	Record(t, &results, "a/nginx-round-robin/polling", rep, serverNote(st))

	if rep.Failed == 0 {
		t.Errorf("round robin without affinity: want failing polling clients, got %d ok / %d failed", rep.OK, rep.Failed)
	}
	if st.Errors["Session ID unknown"] == 0 {
		t.Errorf("want \"Session ID unknown\" on the nodes, got %s", FormatCounts(st.Errors))
	}
}

// Case b: tier 1 nginx -> tier 2 nginx ip_hash without realip -> 3 nodes:
// every session lands on the one node that ip_hash picks for 127.0.0.1.
func TestBrokenNginxIPHashBehindProxy(t *testing.T) {
	RequireTools(t, "nginx", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	tier2 := FreeAddr(t)
	tier1 := FreeAddr(t)
	conf2 := RenderConfig(t, "testdata/broken/b-tier2-ip-hash.conf.tmpl", ConfigData{Listen: tier2, Nodes: Addrs(nodes)})
	conf1 := RenderConfig(t, "testdata/broken/b-tier1-round-robin.conf.tmpl", ConfigData{Listen: tier1, Next: []string{tier2}})
	StartNginx(t, "nginx-b-tier2", conf2, tier2)
	StartNginx(t, "nginx-b-tier1", conf1, tier1)

	// Clients from 30 different /24s, through tier 1.
	rep := RunClients(t, ClientOptions{URL: "http://" + tier1, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.30.", Spread: true})
	st := TotalStats(t, nodes)
	want := nodes[ipHashIndex("127.0.0.1", len(nodes))].Name
	Record(t, &results, "b/nginx-tier1-rr->tier2-ip_hash-no-realip/polling", rep,
		fmt.Sprintf("ip_hash formula predicts %s for 127.0.0.1; %s", want, serverNote(st)))

	if rep.OK != nClients {
		t.Errorf("sessions should survive (one node): %d ok / %d failed", rep.OK, rep.Failed)
	}
	if len(rep.PerNode) != 1 || rep.PerNode[want] != nClients {
		t.Errorf("want all %d clients on %s, got per_node %s", nClients, want, FormatCounts(rep.PerNode))
	}
	for addr := range st.Peers {
		if addr != "127.0.0.1" {
			t.Errorf("nodes saw peer %s; want only tier 2's address 127.0.0.1", addr)
		}
	}

	// Control: the same tier 2 reached directly from the same 30 /24s spreads.
	ctl := RunClients(t, ClientOptions{URL: "http://" + tier2, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.30.", Spread: true})
	Record(t, &results, "b/control: tier2-ip_hash reached directly from 30 /24s", ctl, "")
	if ctl.OK != nClients || len(ctl.PerNode) < 2 {
		t.Errorf("control: want %d ok over >=2 nodes, got %d ok, per_node %s", nClients, ctl.OK, FormatCounts(ctl.PerNode))
	}
}

// Case c: nginx without Upgrade/Connection headers.
func TestBrokenNginxNoUpgradeHeaders(t *testing.T) {
	RequireTools(t, "nginx", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	listen := FreeAddr(t)
	conf := RenderConfig(t, "testdata/broken/c-nginx-no-upgrade-headers.conf.tmpl", ConfigData{Listen: listen, Nodes: Addrs(nodes)})
	StartNginx(t, "nginx-c", conf, listen)

	ws := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "websocket", Echoes: nEchoes, SourceBase: "127.0.9."})
	st := TotalStats(t, nodes)
	Record(t, &results, "c/nginx-no-upgrade-headers/websocket-only", ws, serverNote(st))
	if n := ws.Count(func(c ClientResult) bool { return c.Connected }); n != 0 {
		t.Errorf("websocket-only clients: want none connected, got %d", n)
	}
	if st.ErrorDetails["Bad request (TRANSPORT_HANDSHAKE_ERROR)"] == 0 {
		t.Errorf("want Bad request (TRANSPORT_HANDSHAKE_ERROR) on the nodes, got %s", FormatCounts(st.ErrorDetails))
	}

	up := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "upgrade", Echoes: nEchoes, SourceBase: "127.0.10."})
	st2 := TotalStats(t, nodes)
	polling := up.Count(func(c ClientResult) bool { return c.Connected && c.TransportFinal == "polling" && !c.Upgraded })
	upErrs := map[string]int{}
	for _, c := range up.Clients {
		if c.UpgradeError != "" {
			upErrs[c.UpgradeError]++
		}
	}
	Record(t, &results, "c/nginx-no-upgrade-headers/polling->upgrade", up,
		fmt.Sprintf("%d/%d stayed on polling; client upgrade errors %s; %s", polling, nClients, FormatCounts(upErrs), serverNote(st2)))
	if polling != nClients {
		t.Errorf("upgrade clients: want all %d connected and still on polling, got %d", nClients, polling)
	}
	if st2.Upgrades != 0 {
		t.Errorf("nodes counted %d upgrades, want 0", st2.Upgrades)
	}
	if st2.ErrorDetails["Bad request (TRANSPORT_MISMATCH)"] == 0 {
		t.Errorf("want Bad request (TRANSPORT_MISMATCH) on the nodes, got %s", FormatCounts(st2.ErrorDetails))
	}
}

// Case d: HAProxy cookie insert; clients without a cookie jar fail, with one
// they work.
func TestBrokenHAProxyCookieWithoutJar(t *testing.T) {
	RequireTools(t, "haproxy", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	listen := FreeAddr(t)
	conf := RenderConfig(t, "testdata/broken/d-haproxy-cookie-insert.cfg.tmpl", ConfigData{Listen: listen, Nodes: Addrs(nodes)})
	StartHAProxy(t, "haproxy-d", conf, listen)

	noJar := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.0.9."})
	st := TotalStats(t, nodes)
	Record(t, &results, "d/haproxy-cookie-insert/polling-no-cookies", noJar, serverNote(st))
	if noJar.Failed == 0 {
		t.Errorf("clients without cookies: want failures, got %d ok", noJar.OK)
	}
	if st.Errors["Session ID unknown"] == 0 {
		t.Errorf("want \"Session ID unknown\" on the nodes, got %s", FormatCounts(st.Errors))
	}

	jar := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.0.10.", Cookies: true})
	st2 := TotalStats(t, nodes)
	Record(t, &results, "d/haproxy-cookie-insert/polling-with-cookies", jar,
		fmt.Sprintf("new Session ID unknown: %d", st2.Errors["Session ID unknown"]-st.Errors["Session ID unknown"]))
	if jar.OK != nClients {
		t.Errorf("clients with cookies: want %d ok, got %d ok / %d failed", nClients, jar.OK, jar.Failed)
	}
	if len(jar.PerNode) < 2 {
		t.Errorf("clients with cookies: want >=2 nodes, got %s", FormatCounts(jar.PerNode))
	}

	jarUp := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "upgrade", Echoes: nEchoes, SourceBase: "127.0.11.", Cookies: true})
	Record(t, &results, "d/haproxy-cookie-insert/upgrade-with-cookies", jarUp,
		fmt.Sprintf("%d/%d upgraded", jarUp.Count(func(c ClientResult) bool { return c.Upgraded }), nClients))
	if jarUp.OK != nClients {
		t.Errorf("upgrade clients with cookies: want %d ok, got %d ok / %d failed", nClients, jarUp.OK, jarUp.Failed)
	}
}

// Case e: two sibling nginx with ip_hash over the same servers in different
// orders, behind a round-robin front.
func TestBrokenNginxSiblingsDifferentOrder(t *testing.T) {
	RequireTools(t, "nginx", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	sibA, sibB, front := FreeAddr(t), FreeAddr(t), FreeAddr(t)
	confA := RenderConfig(t, "testdata/broken/e-sibling-a.conf.tmpl", ConfigData{Listen: sibA, Nodes: Addrs(nodes)})
	confB := RenderConfig(t, "testdata/broken/e-sibling-b.conf.tmpl", ConfigData{Listen: sibB, Nodes: Addrs(nodes)})
	confF := RenderConfig(t, "testdata/broken/e-front-round-robin.conf.tmpl", ConfigData{Listen: front, Next: []string{sibA, sibB}})
	StartNginx(t, "nginx-e-sibling-a", confA, sibA)
	StartNginx(t, "nginx-e-sibling-b", confB, sibB)
	StartNginx(t, "nginx-e-front", confF, front)

	rep := RunClients(t, ClientOptions{URL: "http://" + front, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.0.9."})
	st := TotalStats(t, nodes)
	i := ipHashIndex("127.0.0.1", 3)
	orderB := []int{2, 1, 0}
	note := fmt.Sprintf("ip_hash position %d for 127.0.0.1 = %s on sibling A, %s on sibling B; %s",
		i, nodes[i].Name, nodes[orderB[i]].Name, serverNote(st))
	Record(t, &results, "e/nginx-front-rr->2 siblings ip_hash (different order)/polling", rep, note)

	if rep.Failed == 0 {
		t.Errorf("want failing polling clients, got %d ok", rep.OK)
	}
	if st.Errors["Session ID unknown"] == 0 {
		t.Errorf("want \"Session ID unknown\" on the nodes, got %s", FormatCounts(st.Errors))
	}
}

// Positive control: hash $remote_addr consistent + WebSocket headers.
func TestGoodNginxHashConsistent(t *testing.T) {
	RequireTools(t, "nginx", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	listen := FreeAddr(t)
	conf := RenderConfig(t, "testdata/good/nginx-hash-consistent.conf.tmpl", ConfigData{Listen: listen, Nodes: Addrs(nodes)})
	StartNginx(t, "nginx-good", conf, listen)

	// Polling clients share one /24: the full-address hash still spreads them.
	poll := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "polling", Echoes: nEchoes, SourceBase: "127.0.9."})
	Record(t, &results, "good/nginx-hash-remote_addr-consistent/polling (one /24)", poll, "")
	up := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: nClients, Transport: "upgrade", Echoes: nEchoes, SourceBase: "127.40.", Spread: true})
	st := TotalStats(t, nodes)
	upgraded := up.Count(func(c ClientResult) bool { return c.Upgraded && c.TransportFinal == "websocket" })
	Record(t, &results, "good/nginx-hash-remote_addr-consistent/upgrade (30 /24s)", up,
		fmt.Sprintf("%d/%d upgraded; %s", upgraded, nClients, serverNote(st)))

	if poll.OK != nClients || len(poll.PerNode) < 2 {
		t.Errorf("polling: want %d ok over >=2 nodes, got %d ok, per_node %s", nClients, poll.OK, FormatCounts(poll.PerNode))
	}
	if up.OK != nClients || upgraded != nClients || len(up.PerNode) < 2 {
		t.Errorf("upgrade: want %d ok+upgraded over >=2 nodes, got %d ok, %d upgraded, per_node %s",
			nClients, up.OK, upgraded, FormatCounts(up.PerNode))
	}
	if n := st.Errors["Session ID unknown"]; n != 0 {
		t.Errorf("want no Session ID unknown, got %d", n)
	}
}
