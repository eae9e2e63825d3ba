package rules

import (
	"fmt"
	"time"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// idleKnob names where the tier's product sets its idle timeout.
func idleKnob(t *topology.Tier) string {
	switch t.Kind.Value {
	case topology.KindCloudflare:
		return "Cloudflare: the proxy read timeout, 100 s unless an Enterprise plan raises it; otherwise keep ping_interval + ping_timeout below it"
	case topology.KindGCPLB:
		return "Google Cloud: the backend service's timeoutSec, or a BackendConfig timeoutSec on GKE"
	case topology.KindIngressNginx:
		return "ingress-nginx: the annotations nginx.ingress.kubernetes.io/proxy-read-timeout and proxy-send-timeout"
	case topology.KindEnvoy:
		return "Envoy: the route's timeout (0s turns it off) and idle_timeout, and the connection manager's stream_idle_timeout"
	case topology.KindAzureAppGW:
		return "Azure Application Gateway: the backend setting's request timeout (requestTimeout; the portal proposes 20 s, the CLI and PowerShell write 30 s)"
	case topology.KindTraefik:
		return "Traefik: serversTransport forwardingTimeouts and the entry point's respondingTimeouts"
	}
	return "nginx proxy_read_timeout and proxy_send_timeout, HAProxy timeout server/client and timeout tunnel, ALB idle_timeout.timeout_seconds"
}

// rendered says what topo render writes for the tier, when it renders it.
func rendered(t *topology.Tier, d time.Duration) string {
	switch t.Kind.Value {
	case topology.KindNginx, topology.KindHAProxy, topology.KindALB:
		return fmt.Sprintf(" topo render writes %s for this tier (nginx, HAProxy and ALB alike) and says so in the file.", dur(d))
	}
	return ""
}

// markedFailed says what a cut long-poll does to the other sessions of a
// node when the tier is nginx and hashes to its next tier: nginx counts the
// timeout as a failed attempt (max_fails=1, fail_timeout=10s by default,
// whatever proxy_next_upstream says) and hashes every request of that node
// elsewhere for 10 s, where its sessions are unknown (fact N15, live-ad).
//
// A long poll waits at most ping_interval for its answer, so only a timeout
// below ping_interval cuts polls.
func markedFailed(a *analysis.Analysis, t *topology.Tier, idle time.Duration) string {
	if t.Kind.Value != topology.KindNginx || t.Layer.Value != 7 || idle >= a.Topology.SocketIO.PingInterval.Value {
		return ""
	}
	for _, h := range a.Hops {
		if h.Tier == t && h.Next != nil && h.Method.Hashed() && analysis.Effective(t, h.Method) && polled(a, h) {
			return fmt.Sprintf(" Worse, %s hashes its sessions to %s: nginx counts every cut poll as a failure of the node (max_fails=1, fail_timeout=10s by default, whatever proxy_next_upstream says), takes it out of the hash for 10 s, and sends all of that node's sessions to other nodes, which answer \"Session ID unknown\"; with nginx's default proxy_next_upstream the cut poll itself is sent again to another node, %s after it was sent (fact N15). max_fails=0 on the servers keeps the other sessions, but a node that is down then keeps its clients until it is back.",
				h.Where(), tierRef(h.Next), dur(idle))
		}
	}
	return ""
}

// IdleTimeoutBelowHeartbeat reports a hop whose idle timeout is not above
// ping_interval + ping_timeout: it cuts a quiet long-poll or websocket before
// the heartbeat comes (fact S3; nginx proxy_read_timeout 60s, ALB 60s).
var IdleTimeoutBelowHeartbeat = &Rule{
	ID:       "idle-timeout-below-heartbeat",
	Severity: finding.Warning,
	Summary:  "a hop's idle timeout is not above ping_interval + ping_timeout",
	Check: func(a *analysis.Analysis) []finding.Finding {
		s := a.Topology.SocketIO
		hb := s.Heartbeat()
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if t.IsSocketIO() || t.Kind.Value == topology.KindDispatcher {
				continue
			}
			idle := t.IdleTimeout.Value
			if idle == 0 || idle > hb || !a.Used(t) {
				continue
			}
			what := "its idle_timeout"
			if !t.IdleTimeout.Set {
				what = "the " + t.Kind.Value + " default"
			}
			cut := fmt.Sprintf("closes connections that stay quiet for %s (%s)", dur(idle), what)
			switch t.Kind.Value {
			case topology.KindGCPLB:
				// Fact K2: for a WebSocket the backend service timeout is its
				// whole life, quiet or not.
				cut = fmt.Sprintf("ends every request after %s and every WebSocket after %s, quiet or not (%s: a Google Cloud backend service timeout)", dur(idle), dur(idle), what)
			case topology.KindEnvoy:
				// Fact K5: the route timeout bounds the whole response.
				cut = fmt.Sprintf("ends every request whose response takes more than %s (%s: Envoy's route timeout), and a long poll waits up to ping_interval for its response", dur(idle), what)
			}
			msg := fmt.Sprintf("Tier %q %s, which is not above ping_interval + ping_timeout = %s + %s = %s: a long-poll or websocket that waits for the next ping is cut, and the client sees \"transport close\" and reconnects.%s Set idle_timeout above %s, such as %q (%s), or lower ping_interval.%s",
				t.Name, cut, dur(s.PingInterval.Value), dur(s.PingTimeout.Value), dur(hb), markedFailed(a, t, idle), dur(hb), dur(analysis.SuggestTimeout(hb)), idleKnob(t), rendered(t, analysis.SuggestTimeout(hb)))
			out = append(out, newFinding(t.Name, t.IdleTimeout.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q cuts connections quiet for %s, within the heartbeat of %s", t.Name, dur(idle), dur(hb)), msg))
		}
		return out
	},
}

// polled reports that some client polls through hop h.
func polled(a *analysis.Analysis, h *analysis.Hop) bool {
	for _, f := range a.FlowsThrough(h) {
		if f.Request == analysis.Poll {
			return true
		}
	}
	return false
}
