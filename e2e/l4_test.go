package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/finding"
)

// TestRenderedL4RoundRobin proves an L4 round-robin hop live (a Classic ELB
// in TCP mode or LVS without persistence balances this way): the rendered
// HAProxy mode tcp round robin of live-g, which lint reports as
// affinity-missing, breaks polling sessions ("Session ID unknown") while
// websocket-only clients, one connection each, all work; the fix of live-h
// (balance source, hash-type consistent) keeps every polling session.
func TestRenderedL4RoundRobin(t *testing.T) {
	RequireTools(t, "haproxy", "node")

	broken := lintFile(t, "live-g-haproxy-l4-round-robin.hcl")
	found := false
	for _, f := range broken.Findings {
		found = found || (f.Severity == finding.Error && f.Rule == "affinity-missing" && f.Tier == "l4")
	}
	if !found {
		t.Fatalf("live-g: lint does not report affinity-missing at tier l4: %s", lintSummary(broken.Findings))
	}
	setLintOutcome("live-g", lintOutcome{File: "live-g-haproxy-l4-round-robin.hcl", Summary: strings.Join(bySeverity(broken.Findings, finding.Error), ", ")})
	chain := startChain(t, broken, "live-g-haproxy-l4-round-robin.hcl")
	entry := entryAddr(t, chain.top)
	before := TotalStats(t, chain.nodes)
	polls := RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: "polling", Echoes: nEchoes,
		SourceBase: "127.222.", Spread: true, NoKeepAlive: true})
	after := TotalStats(t, chain.nodes)
	unknown := diffCounts(after.ErrorDetails, before.ErrorDetails)
	Record(t, &results, "live-g/haproxy mode tcp round robin -> 3 nodes (broken)/polling, 30 /24s", polls,
		"new server errors "+FormatCounts(unknown))
	if polls.Failed == 0 || sumPrefix(unknown, "Session ID unknown") == 0 {
		t.Errorf("L4 round robin: want broken polling sessions and \"Session ID unknown\", got %d ok / %d failed, server errors %s", polls.OK, polls.Failed, FormatCounts(unknown))
	}
	ws := RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: "websocket", Echoes: nEchoes,
		SourceBase: "127.223.", Spread: true})
	Record(t, &results, "live-g/haproxy mode tcp round robin -> 3 nodes (broken)/websocket only, 30 /24s", ws, "one TCP connection per session: nothing to keep together")
	if ws.OK != nClients {
		t.Errorf("websocket-only clients through L4 round robin: %d of %d ok; errors %s", ws.OK, nClients, FormatCounts(ws.Errors()))
	}

	fixed := lintFile(t, "live-h-haproxy-l4-source-hash.hcl")
	if errs := bySeverity(fixed.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("live-h: lint errors %s", lintSummary(fixed.Findings))
	}
	setLintOutcome("live-h", lintOutcome{File: "live-h-haproxy-l4-source-hash.hcl", Summary: "clean at error level"})
	chain = startChain(t, fixed, "live-h-haproxy-l4-source-hash.hcl")
	entry = entryAddr(t, chain.top)
	polls = RunClients(t, ClientOptions{URL: "http://" + entry, Clients: nClients, Transport: "polling", Echoes: nEchoes,
		SourceBase: "127.224.", Spread: true, NoKeepAlive: true, Timeout: 30 * time.Second})
	Record(t, &results, "live-h/haproxy mode tcp balance source consistent -> 3 nodes (fixed)/polling, 30 /24s", polls,
		fmt.Sprintf("per node %s", FormatCounts(polls.PerNode)))
	if polls.OK != nClients || len(polls.PerNode) < 2 {
		t.Errorf("L4 source hashing: %d of %d ok on %d nodes; errors %s", polls.OK, nClients, len(polls.PerNode), FormatCounts(polls.Errors()))
	}
}

// sumPrefix adds the counts whose key starts with prefix.
func sumPrefix(m map[string]int, prefix string) int {
	n := 0
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			n += v
		}
	}
	return n
}
