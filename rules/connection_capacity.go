package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// EphemeralPorts is analysis.EphemeralPorts: 28,232 (fact N9).
const EphemeralPorts = analysis.EphemeralPorts

// ConnectionCapacity reports proxy nodes whose connection budget or
// ephemeral ports cannot hold the expected concurrent connections. The
// budget is the one render writes (analysis.CapacityOf: a session holds
// about four connections at a layer 7 proxy node, fact N8 and a live
// measurement), and each (source address, upstream address) pair has at most
// 28,232 ports (fact N9).
var ConnectionCapacity = &Rule{
	ID:       "connection-capacity",
	Severity: finding.Warning,
	Summary:  "expected connections exceed a proxy node's ports or connection budget",
	Check: func(a *analysis.Analysis) []finding.Finding {
		expected := a.Topology.ExpectedConnections.Value
		if expected <= 0 {
			return nil
		}
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if t.IsSocketIO() || t.Managed() || t.Kind.Value == topology.KindDispatcher {
				continue
			}
			share := a.ShareThrough(t)
			if share == 0 {
				continue
			}
			// The budget render writes (analysis.CapacityOf), checked
			// against the expected load.
			if c := a.CapacityOf(t); c.Connections > c.Budget {
				fix := "Add nodes, or raise max_connections (nginx: worker_connections per worker, with worker_rlimit_nofile ≥ 2 × worker_connections; HAProxy: maxconn)."
				rng := t.MaxConnections.Range
				if !c.Declared {
					fix = fmt.Sprintf("Add nodes: topo renders at most %d connections per node.", analysis.MaxBudget)
					rng = t.Nodes.RangeOr(t.DeclRange)
				}
				msg := fmt.Sprintf("Each node of tier %q would hold about %d connections (%d expected sockets × %d connections each%s), above its budget of %d (%s). %s",
					t.Name, c.Connections, c.Sockets, c.Connections/max(c.Sockets, 1), twice(t), c.Budget, c.Why, fix)
				out = append(out, newFinding(t.Name, rng, fmt.Sprintf("Tier %q would hold more connections than its budget", t.Name), msg))
			}
			perPair, sources, next, ok := a.PortPairs(t)
			if !ok {
				continue
			}
			if perPair > 0.8*EphemeralPorts {
				msg := fmt.Sprintf("Tier %q opens about %.0f connections from each of its %s to each node of tier %q, %.0f%% of the %d local ports Linux uses by default (ip_local_port_range 32768-60999): past that, new upstream connections fail. Add egress addresses (egress_addresses, nginx proxy_bind, HAProxy source), add nodes to tier %q, or widen ip_local_port_range.",
					t.Name, perPair, plural(sources, "egress address", "egress addresses"), next.Name, 100*perPair/EphemeralPorts, EphemeralPorts, next.Name)
				out = append(out, newFinding(t.Name, t.EgressAddresses.RangeOr(t.Nodes.RangeOr(t.DeclRange)), fmt.Sprintf("Tier %q runs short of local ports to tier %q", t.Name, next.Name), msg))
			}
		}
		return out
	},
}

func twice(t *topology.Tier) string {
	if t.IsL4() {
		return ": one on each side"
	}
	return ": client side, upstream side, and polls in flight"
}
