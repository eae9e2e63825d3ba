package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/topolint/topo/finding"
)

// TestRenderedRelatedRoute proves field report 3 live (issue 16 case 3):
// clients POST jobs to /api/jobs and wait for the push on their socket.
// With the socket hashed on the client address and /api/ balanced by round
// robin (live-i, reported as related-route-affinity), pushes are lost;
// with /api/ on the socket's way (live-j), none is.
func TestRenderedRelatedRoute(t *testing.T) {
	RequireTools(t, "nginx", "node")
	const jobs = 3

	broken := lintFile(t, "live-i-nginx-related-route-round-robin.hcl")
	found := false
	for _, f := range broken.Findings {
		found = found || (f.Severity == finding.Error && f.Rule == "related-route-affinity")
	}
	if !found {
		t.Fatalf("live-i: lint does not report related-route-affinity: %s", lintSummary(broken.Findings))
	}
	setLintOutcome("live-i", lintOutcome{File: "live-i-nginx-related-route-round-robin.hcl", Summary: strings.Join(bySeverity(broken.Findings, finding.Error), ", ")})
	chain := startChain(t, broken, "live-i-nginx-related-route-round-robin.hcl")
	rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "websocket",
		Echoes: nEchoes, Jobs: jobs, SourceBase: "127.225.", Spread: true})
	pushed, lost := jobCounts(rep)
	Record(t, &results, "live-i/nginx: socket hashed, /api/ round robin -> 3 nodes (broken)/jobs, 30 /24s", rep,
		fmt.Sprintf("%d jobs: %d pushes arrived, %d lost (the POST reached a node without the socket)", nClients*jobs, pushed, lost))
	if rep.OK != nClients {
		t.Fatalf("the sockets themselves failed: %d of %d ok; %s", rep.OK, nClients, FormatCounts(rep.Errors()))
	}
	if lost == 0 {
		t.Errorf("round-robin /api/: want lost pushes, got %d arrived and none lost", pushed)
	}

	fixed := lintFile(t, "live-j-nginx-related-route-hashed.hcl")
	if errs := bySeverity(fixed.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("live-j: lint errors %s", lintSummary(fixed.Findings))
	}
	setLintOutcome("live-j", lintOutcome{File: "live-j-nginx-related-route-hashed.hcl", Summary: "clean at error level"})
	chain = startChain(t, fixed, "live-j-nginx-related-route-hashed.hcl")
	rep = RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "websocket",
		Echoes: nEchoes, Jobs: jobs, SourceBase: "127.226.", Spread: true})
	pushed, lost = jobCounts(rep)
	Record(t, &results, "live-j/nginx: socket and /api/ hashed alike -> 3 nodes (fixed)/jobs, 30 /24s", rep,
		fmt.Sprintf("%d jobs: %d pushes arrived, %d lost", nClients*jobs, pushed, lost))
	if rep.OK != nClients || lost != 0 || pushed != nClients*jobs {
		t.Errorf("hashed /api/: %d ok, %d pushes arrived, %d lost; want %d, %d, 0", rep.OK, pushed, lost, nClients, nClients*jobs)
	}
}

// jobCounts sums the clients' pushed and lost jobs.
func jobCounts(rep Report) (pushed, lost int) {
	for _, c := range rep.Clients {
		pushed += c.JobsPushed
		lost += c.JobsLost
	}
	return pushed, lost
}
