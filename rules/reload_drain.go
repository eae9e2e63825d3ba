package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// ReloadDrain reports a tier whose reloads end its WebSockets together: a
// reload hands new connections to new processes and lets the old ones keep
// theirs for the drain (nginx worker_shutdown_timeout, HAProxy
// hard-stop-after, ingress-nginx worker-shutdown-timeout 240 s, Envoy
// --drain-time-s 600 s); then it closes every socket still open at once,
// and their clients reconnect within about a second of each other
// (socket.io-client reconnectionDelay 1 s, randomizationFactor 0.5). Shown
// live: 30 of 30 WebSockets closed together 2 s after an nginx reload with
// worker_shutdown_timeout 2s; without it all lived on, with the old
// workers.
var ReloadDrain = &Rule{
	ID:       "reload-drain",
	Severity: finding.Notice,
	Summary:  "a reload closes every WebSocket the old processes still hold when the drain ends, and their clients reconnect together",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			d := t.DrainTimeout.Value
			if d <= 0 || t.IsSocketIO() || !(t.WebSocket.Value || t.IsL4()) || !carriesWebSockets(a, t) {
				continue
			}
			what := "its drain_timeout"
			if !t.DrainTimeout.Set {
				what = "the " + t.Kind.Value + " default"
			}
			burst := "the clients of every socket still open"
			if c := a.CapacityOf(t); c.Sockets > 0 {
				burst = fmt.Sprintf("up to %d clients per node (expected_connections through this tier / its nodes)", c.Sockets)
			}
			msg := fmt.Sprintf("Tier %q keeps the WebSockets of its old processes for %s after a reload (%s), then closes all that are still open at once: %s reconnect within about a second of each other (socket.io-client retries after 1 s, +-50%%), a burst of handshakes on every reload, and messages in flight are lost. Reload rarely (config changes, not endpoint changes), keep the drain longer than most sessions, and spread reconnects on the clients (reconnectionDelay, randomizationFactor) or resume sessions (connectionStateRecovery).",
				t.Name, dur(d), what, burst)
			out = append(out, newFinding(t.Name, t.DrainTimeout.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q closes its old processes' WebSockets together %s after a reload", t.Name, dur(d)), msg))
		}
		return out
	},
}

// carriesWebSockets reports whether a WebSocket of some client passes t.
func carriesWebSockets(a *analysis.Analysis, t *topology.Tier) bool {
	for _, f := range a.Flows {
		if (f.Request == analysis.Upgrade || f.Request == analysis.WebSocketFirst) && f.Passes(t) {
			return true
		}
	}
	return false
}
