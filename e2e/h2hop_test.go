package e2e

import (
	"os"
	"strings"
	"testing"

	"github.com/topolint/topo/finding"
)

// TestRenderedHTTP2Hop runs the clean side of fact H15 live: a rendered
// HAProxy speaking HTTP/2 to a second rendered HAProxy (backend_protocol =
// "h2", server proto h2). Polling sessions and WebSocket upgrades both pass
// (HAProxy carries the WebSocket as an RFC 8441 stream, which the second
// HAProxy accepts), and the second HAProxy logs the requests it received as
// HTTP/2.0.
func TestRenderedHTTP2Hop(t *testing.T) {
	RequireTools(t, "haproxy", "node")
	const file = "live-ab-haproxy-h2-to-haproxy.hcl"
	res := lintFile(t, file)
	if errs := bySeverity(res.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("%s: lint errors %s", file, lintSummary(res.Findings))
	}
	setLintOutcome("live-ab", lintOutcome{File: file, Summary: "clean at error level"})
	chain := startChain(t, res, file)
	for _, transport := range []string{"polling", "upgrade"} {
		rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: transport,
			Cookies: true, Echoes: nEchoes, SourceBase: "127.232.", Spread: true})
		upgraded := rep.Count(func(c ClientResult) bool { return c.Upgraded && c.TransportFinal == "websocket" })
		Record(t, &results, "live-ab/HAProxy -> HTTP/2 -> HAProxy (cookie) -> 3 nodes/"+transport, rep, "")
		if rep.OK != nClients {
			t.Errorf("%s: want %d of %d sessions kept, got %d; %s", transport, nClients, nClients, rep.OK, FormatCounts(rep.Errors()))
		}
		if transport == "upgrade" && upgraded != nClients {
			t.Errorf("upgrade: want all %d clients on websocket through the HTTP/2 hop, got %d", nClients, upgraded)
		}
	}
	var inner *proxyNode
	for i := range chain.proxies {
		if chain.proxies[i].tier.Name == "inner" {
			inner = &chain.proxies[i]
		}
	}
	if inner == nil {
		t.Fatal("no inner HAProxy")
	}
	log, err := os.ReadFile(inner.proc.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	h2 := strings.Count(string(log), " HTTP/2.0\"")
	t.Logf("the inner HAProxy logged %d HTTP/2.0 requests", h2)
	if h2 == 0 || strings.Contains(string(log), " HTTP/1.1\"") {
		t.Errorf("want every request at the inner HAProxy on HTTP/2, got %d HTTP/2.0 lines; log:\n%s", h2, tail(string(log), 20))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestRenderedHTTP2ToNodes runs the broken side: a rendered HAProxy
// speaking HTTP/2 to the socket.io nodes themselves (live-ac, reported as
// websocket-upgrade-missing), rendered anyway. A Node HTTP server speaks
// HTTP/1.1 only, so no request passes, polling included.
func TestRenderedHTTP2ToNodes(t *testing.T) {
	RequireTools(t, "haproxy", "node")
	const file = "live-ac-haproxy-h2-to-nodes.hcl"
	res := lintFile(t, file)
	found := false
	for _, f := range res.Findings {
		found = found || (f.Rule == "websocket-upgrade-missing" && f.Severity == finding.Error)
	}
	if !found {
		t.Fatalf("%s: lint does not report websocket-upgrade-missing: %s", file, lintSummary(res.Findings))
	}
	setLintOutcome("live-ac", lintOutcome{File: file, Summary: "websocket-upgrade-missing"})
	chain := startChain(t, res, file)
	for _, transport := range []string{"polling", "websocket"} {
		rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: transport,
			Echoes: nEchoes, SourceBase: "127.234.", Spread: true})
		Record(t, &results, "live-ac/HAProxy -> HTTP/2 -> 3 socket.io nodes (broken)/"+transport, rep, "")
		if rep.OK != 0 {
			t.Errorf("%s: want no session through HTTP/2 to Node's HTTP/1.1 server, got %d of %d", transport, rep.OK, nClients)
		}
	}
}
