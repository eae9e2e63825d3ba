package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// PollingPoolUnscalable reports polling sessions confined to one socket.io
// process while the application has more: that process carries every polling
// client and its failure drops them all (seed field report: ALB split where
// "the polling server can only be one", fact A4).
var PollingPoolUnscalable = &Rule{
	ID:       "polling-pool-unscalable",
	Severity: finding.Warning,
	Summary:  "the polling path ends on a single node (capacity and availability)",
	Check: func(a *analysis.Analysis) []finding.Finding {
		if a.Processes < 2 {
			return nil
		}
		var out []finding.Finding
		seen := map[*analysis.Hop]bool{}
		for _, s := range a.Sessions {
			f := s.Flows[0]
			end := f.End()
			if end.Processes() != 1 || len(f.Hops) < 2 {
				continue
			}
			h := f.Hops[len(f.Hops)-2]
			if seen[h] {
				continue
			}
			seen[h] = true
			rng := end.Nodes.RangeOr(end.DeclRange)
			if h.Route != nil {
				rng = h.Route.DeclRange
			}
			msg := fmt.Sprintf("Every polling session of %s goes %s to tier %q, which is one socket.io process, while the application has %d: that process carries all polling clients and its restart drops them all. Give tier %q more nodes and keep affinity to them (polling needs it), or make the clients websocket-only.",
				clientList(clientsOf([]*analysis.Session{s})), "through "+h.Where(), end.Name, a.Processes, end.Name)
			out = append(out, onHops(newFinding(h.Tier.Name, rng, fmt.Sprintf("Every polling session through %s ends on one socket.io process", h.Where()), msg, related("the single-process pool", end)), h))
		}
		return out
	},
}
