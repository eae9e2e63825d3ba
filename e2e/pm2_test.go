package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/finding"
)

// startPM2 runs pm2-runtime (pm2 in the foreground, from e2e/node_modules)
// with one app and a private PM2_HOME, and waits until addr accepts
// connections.
func startPM2(t *testing.T, name, addr string, app map[string]any) *Proc {
	t.Helper()
	mustLoopback(t, addr)
	node, err := lookTool("node")
	if err != nil {
		t.Fatal(err)
	}
	pm2 := filepath.Join(Dir(), "node_modules", "pm2", "bin", "pm2-runtime")
	if _, err := os.Stat(pm2); err != nil {
		t.Fatalf("pm2 is not installed (cd e2e && npm ci): %v", err)
	}
	dir := t.TempDir()
	eco := filepath.Join(dir, "ecosystem.json")
	data, _ := json.Marshal(map[string]any{"apps": []any{app}})
	if err := os.WriteFile(eco, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, pm2, "start", eco)
	cmd.Dir = Dir()
	cmd.Env = append(os.Environ(), "PM2_HOME="+filepath.Join(dir, "pm2"))
	p := startProc(t, name, addr, cmd)
	waitListening(t, p)
	return p
}

// TestPM2Workers proves the worker hop live (issue 16 case 2) with the real
// process manager: one node, 3 socket.io workers behind one port. In pm2's
// cluster mode (live-m, reported as worker-affinity-missing) pm2's primary
// balances connections round robin and polling sessions break; with pm2
// running a Node cluster primary that balances the workers by sid with
// @socket.io/sticky (live-n) every session holds, polling and upgrading.
func TestPM2Workers(t *testing.T) {
	RequireTools(t, "node")
	serverArgs := func(addr string) []string {
		return []string{"--listen", addr, "--name", "n1", "--ping-interval", "5000", "--ping-timeout", "5000"}
	}

	broken := lintFile(t, "live-m-pm2-cluster.hcl")
	found := false
	for _, f := range broken.Findings {
		found = found || (f.Severity == finding.Error && f.Rule == "worker-affinity-missing")
	}
	if !found {
		t.Fatalf("live-m: lint does not report worker-affinity-missing: %s", lintSummary(broken.Findings))
	}
	setLintOutcome("live-m", lintOutcome{File: "live-m-pm2-cluster.hcl", Summary: strings.Join(bySeverity(broken.Findings, finding.Error), ", ")})
	addr := socketioTier(t, broken.Topology).Nodes.Value[0].Address
	startPM2(t, "pm2-cluster", addr, map[string]any{
		"name": "io", "script": filepath.Join(Dir(), "server.js"), "env": map[string]string{"TOPO_SERVER_ARGS": jsonArgs(serverArgs(addr))},
		"exec_mode": "cluster", "instances": 3,
	})
	brokenRep := RunClients(t, ClientOptions{URL: "http://" + addr, Clients: nClients, Transport: "polling", Echoes: nEchoes,
		SourceBase: "127.229.", Spread: true, NoKeepAlive: true, Timeout: 30 * time.Second})
	rep := brokenRep
	Record(t, &results, "live-m/one node, pm2 cluster mode, 3 workers (broken)/polling, 30 /24s", rep,
		fmt.Sprintf("pm2 cluster mode (instances: 3); workers that said hello: %d", len(rep.PerNode)))
	if rep.Failed == 0 {
		t.Errorf("pm2 cluster mode without sticky: want broken polling sessions, got %d ok", rep.OK)
	}

	fixed := lintFile(t, "live-n-pm2-sticky.hcl")
	if errs := bySeverity(fixed.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("live-n: lint errors %s", lintSummary(fixed.Findings))
	}
	setLintOutcome("live-n", lintOutcome{File: "live-n-pm2-sticky.hcl", Summary: "clean at error level"})
	addr = socketioTier(t, fixed.Topology).Nodes.Value[0].Address
	startPM2(t, "pm2-sticky", addr, map[string]any{
		"name": "io", "script": filepath.Join(Dir(), "sticky-primary.js"), "env": map[string]string{"TOPO_SERVER_ARGS": jsonArgs(append(serverArgs(addr), "--workers", "3"))},
		"exec_mode": "fork", "instances": 1,
	})
	for i, transport := range []string{"polling", "upgrade"} {
		rep := RunClients(t, ClientOptions{URL: "http://" + addr, Clients: nClients, Transport: transport, Echoes: nEchoes,
			SourceBase: fmt.Sprintf("127.%d.", 230+i), Spread: true, NoKeepAlive: transport == "polling", Timeout: 30 * time.Second})
		Record(t, &results, fmt.Sprintf("live-n/one node, pm2 running a sticky primary, 3 workers (fixed)/%s, 30 /24s", transport), rep,
			fmt.Sprintf("@socket.io/sticky 2.0.1 setupMaster (least-connection); workers that said hello: %d%s", len(rep.PerNode),
				map[bool]string{true: "; lost polling sessions: the race of a request sent before the primary learns the new sid", false: ""}[rep.Failed > 0]))
		// Sessions hold but for a race in @socket.io/sticky 2.0.1: a
		// worker tells the primary about a new sid asynchronously
		// (process.send after the engine's "connection"), so a request
		// sent right after the handshake (an upgrading client polls
		// first too) can be routed before the primary knows the sid: 0
		// to 4 of 30 sessions lost per run here. So the sticky primary
		// must do much better than pm2's cluster mode, not perfectly.
		if rep.OK <= brokenRep.OK || rep.OK < nClients*2/3 {
			t.Errorf("%s through the sticky primary: %d of %d ok (pm2 cluster mode: %d); errors %s", transport, rep.OK, nClients, brokenRep.OK, FormatCounts(rep.Errors()))
		}
	}
}

// jsonArgs encodes command-line options for TOPO_SERVER_ARGS.
func jsonArgs(args []string) string {
	b, _ := json.Marshal(args)
	return string(b)
}
