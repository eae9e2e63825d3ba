package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// DispatcherReconnect reports clients of a dispatcher design that reconnect to
// the node they had instead of asking the dispatcher again: when that node
// dies they retry it until they give up (seed field report: IM dispatcher).
var DispatcherReconnect = &Rule{
	ID:       "dispatcher-reconnect",
	Severity: finding.Warning,
	Summary:  "clients of a dispatcher design reconnect to the same node, not the dispatcher",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, c := range a.Topology.Clients {
			if c.Reconnect.Value != topology.ReconnectSameNode {
				continue
			}
			var d *topology.Tier
			for _, f := range a.Flows {
				if f.Client == c {
					for _, h := range f.Hops {
						if h.Tier.Kind.Value == topology.KindDispatcher && d == nil {
							d = h.Tier
						}
					}
				}
			}
			if d == nil {
				continue
			}
			msg := fmt.Sprintf("Client %q reconnects to the node the dispatcher %q handed it: when that node dies or is drained, the client retries it until it gives up, and its users are offline until they restart the app. Reconnect through the dispatcher (reconnect = \"entry\"): ask it for a node again on every reconnect.", c.Name, d.Name)
			f := newFinding("", c.Reconnect.Range, fmt.Sprintf("Client %q reconnects to its old node, not through the dispatcher", c.Name), msg, related("the dispatcher", d))
			f.Client = c.Name
			out = append(out, f)
		}
		return out
	},
}
