package e2e

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/topology"
)

// TestRenderedLearnedStickiness shows fact H16 live (issue 14, learned
// stickiness): rendered HAProxy nodes learn the sid from the io cookie of
// the handshake response and find it in the sid parameter of every later
// poll, so clients without cookies keep their sessions. Two HAProxy nodes
// behind a round-robin nginx lose sessions with their tables apart (live-u)
// and, fewer, with the tables shared through peers (live-v): peers
// replicate asynchronously, and a poll right after its handshake can beat
// the update; both are reported as sibling-divergence. With the nginx in
// front hashing the client address (live-w) every session is kept.
func TestRenderedLearnedStickiness(t *testing.T) {
	RequireTools(t, "nginx", "haproxy", "node")
	run := func(tag, file string, broken bool, spread bool) (Report, int) {
		t.Helper()
		res := lintLive(t, tag, file, "sibling-divergence", broken)
		chain := startChain(t, res, file)
		for _, tr := range chain.top.Tiers {
			if tr.SharedTable.Value {
				waitPeers(t, chain)
			}
		}
		opts := ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "polling", Echoes: nEchoes}
		if spread {
			opts.SourceBase, opts.Spread = "127.224.", true
		}
		rep := RunClients(t, opts)
		unknown := TotalStats(t, chain.nodes).Errors["Session ID unknown"]
		Record(t, &results, fmt.Sprintf("%s: %d cookieless polling clients", file, nClients), rep, fmt.Sprintf("nodes counted %d \"Session ID unknown\"", unknown))
		return rep, unknown
	}
	apart, unknown := run("live-u", "live-u-haproxy-learn-alone.hcl", true, false)
	if apart.OK == nClients || unknown == 0 {
		t.Errorf("live-u: want sessions lost between the two tables, got %d of %d ok, %d \"Session ID unknown\"; %s", apart.OK, nClients, unknown, FormatCounts(apart.Errors()))
	}
	shared, _ := run("live-v", "live-v-haproxy-learn-shared.hcl", true, false)
	if shared.OK <= apart.OK {
		t.Errorf("live-v: want peers to keep more sessions than tables apart (%d of %d), got %d", apart.OK, nClients, shared.OK)
	}
	hashed, unknown := run("live-w", "live-w-haproxy-learn-shared-hashed.hcl", false, true)
	if hashed.OK != nClients || unknown != 0 {
		t.Errorf("live-w: want %d of %d sessions kept, got %d ok, %d \"Session ID unknown\"; %s", nClients, nClients, hashed.OK, unknown, FormatCounts(hashed.Errors()))
	}
}

// waitPeers waits until every HAProxy node of the chain has its peers
// session established ("show peers" on its stats socket): HAProxy connects
// the peers of a fresh process in the background, and a table is shared
// only once they are connected.
func waitPeers(t *testing.T, c liveChain) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range c.proxies {
		if p.tier.Kind.Value != topology.KindHAProxy {
			continue
		}
		sock := filepath.Join(p.dir, strings.TrimSuffix(p.file.Name, ".cfg")+".sock")
		var out string
		for {
			out = haproxyCommand(t, sock, "show peers")
			if strings.Contains(out, "ESTA") {
				for _, l := range strings.Split(out, "\n") {
					if strings.Contains(l, "ESTA") {
						t.Logf("%s: %s", p.file.Name, strings.TrimSpace(l))
					}
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: peers not established after 10s:\n%s", p.file.Name, out)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// haproxyCommand sends one command to an HAProxy stats socket and returns
// the answer.
func haproxyCommand(t *testing.T, sock, cmd string) string {
	t.Helper()
	conn, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return err.Error()
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte(cmd + "\n")); err != nil {
		return err.Error()
	}
	b, _ := io.ReadAll(conn)
	return string(b)
}
