package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

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
			msg := fmt.Sprintf("Tier %q closes connections that stay quiet for %s (%s), which is not above ping_interval + ping_timeout = %s + %s = %s: a long-poll or websocket that waits for the next ping is cut, and the client sees \"transport close\" and reconnects. Set idle_timeout above %s, such as %q (nginx proxy_read_timeout and proxy_send_timeout, HAProxy timeout server/client and timeout tunnel, ALB idle_timeout.timeout_seconds), or lower ping_interval. topo render writes %s for this tier (nginx, HAProxy and ALB alike) and says so in the file.",
				t.Name, dur(idle), what, dur(s.PingInterval.Value), dur(s.PingTimeout.Value), dur(hb), dur(hb), dur(analysis.SuggestTimeout(hb)), dur(analysis.SuggestTimeout(hb)))
			out = append(out, newFinding(t.Name, t.IdleTimeout.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q cuts connections quiet for %s, within the heartbeat of %s", t.Name, dur(idle), dur(hb)), msg))
		}
		return out
	},
}
