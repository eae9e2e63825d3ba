package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// SinglePointOfFailure notes a tier that every path crosses and that has one
// node. A managed load balancer is not one: AWS runs several nodes behind
// its name, and an Alibaba SLB's one address (its VIP) is served by a
// redundant cluster that fails over between zones (fact AL2).
var SinglePointOfFailure = &Rule{
	ID:       "single-point-of-failure",
	Severity: finding.Notice,
	Summary:  "a tier on every path has one node",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if t.Managed() || t.Kind.Value == topology.KindSLB || t.NodeCount() != 1 || len(a.Flows) == 0 {
				continue
			}
			all := true
			for _, f := range a.Flows {
				if !f.Passes(t) {
					all = false
					break
				}
			}
			if !all {
				continue
			}
			msg := fmt.Sprintf("Every client passes tier %q, and it has one node: when it fails or restarts, every Socket.IO connection drops. Add a second node (with the same configuration) if the service must survive that.", t.Name)
			if t.Kind.Value == topology.KindDispatcher {
				msg = fmt.Sprintf("Every client asks tier %q (the dispatcher) for a node, and it has one node: while it is down, no client can connect or reconnect (connections already open stay up). Add a second dispatcher node.", t.Name)
			}
			out = append(out, newFinding(t.Name, t.Nodes.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q is on every path and has one node", t.Name), msg))
		}
		return out
	},
}
