package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestRenderedLoadBoundsMoveSessions shows facts H13 and N13 live (issue 14,
// load-aware fallbacks): every client comes from one address, so a hash
// puts every session on one node. A load bound then moves polls off that
// busy node: HAProxy's hash-balance-factor (live-q) and nginx's max_conns
// (live-s), both reported as affinity-spills-under-load, break sessions
// ("Session ID unknown"); without the bound (live-r, with a server maxconn
// above the load; live-t) every session is kept.
func TestRenderedLoadBoundsMoveSessions(t *testing.T) {
	// Each session sends 10 echoes 300 ms apart, so that all 30 hold a
	// long poll open at once.
	run := func(tag, file string, broken bool) {
		t.Helper()
		res := lintLive(t, tag, file, "affinity-spills-under-load", broken)
		chain := startChain(t, res, file)
		rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "polling",
			Echoes: 10, EchoGap: 300 * time.Millisecond, Timeout: 30 * time.Second})
		st := TotalStats(t, chain.nodes)
		unknown := st.Errors["Session ID unknown"]
		name := fmt.Sprintf("%s/%s: %d polling clients from one address", tag, strings.TrimSuffix(strings.TrimPrefix(file, tag+"-"), ".hcl"), nClients)
		Record(t, &results, name, rep, fmt.Sprintf("nodes counted %d \"Session ID unknown\"", unknown))
		if broken {
			if rep.OK == nClients || unknown == 0 {
				t.Errorf("%s: want sessions moved off the busy node, got %d of %d ok, %d \"Session ID unknown\"; %s", tag, rep.OK, nClients, unknown, FormatCounts(rep.Errors()))
			}
			return
		}
		if rep.OK != nClients || unknown != 0 || len(rep.PerNode) != 1 {
			t.Errorf("%s: want %d of %d sessions kept on one node, got %d ok on %s, %d \"Session ID unknown\"; %s", tag, nClients, nClients, rep.OK, FormatCounts(rep.PerNode), unknown, FormatCounts(rep.Errors()))
		}
	}
	t.Run("haproxy", func(t *testing.T) {
		RequireTools(t, "haproxy", "node")
		run("live-q", "live-q-haproxy-bounded-load.hcl", true)
		run("live-r", "live-r-haproxy-server-maxconn.hcl", false)
	})
	t.Run("nginx", func(t *testing.T) {
		RequireTools(t, "nginx", "node")
		run("live-s", "live-s-nginx-hash-max-conns.hcl", true)
		run("live-t", "live-t-nginx-hash.hcl", false)
	})
}
