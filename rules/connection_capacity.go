package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// EphemeralPorts is the number of local ports Linux uses for outgoing
// connections by default: ip_local_port_range 32768-60999 (fact N9).
const EphemeralPorts = 28232

// ConnectionCapacity reports proxy nodes whose connection budget or
// ephemeral ports cannot hold the expected concurrent connections: a proxied
// long-lived socket holds two connections on a layer 7 proxy (fact N8), and
// each (source address, upstream address) pair has at most 28,232 ports (N9).
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
			share := shareThrough(a, t)
			if share == 0 {
				continue
			}
			conns := float64(expected) * share
			perNode := conns / float64(t.NodeCount())
			if t.MaxConnections.Value > 0 {
				held := perNode
				if !t.IsL4() {
					held *= 2
				}
				if held > float64(t.MaxConnections.Value) {
					msg := fmt.Sprintf("Each node of tier %q would hold about %.0f connections (%.0f expected sockets through it over %s%s), above its max_connections = %d. Add nodes, or raise the budget (nginx: worker_processes × worker_connections, with worker_rlimit_nofile ≥ 2 × worker_connections).",
						t.Name, held, conns, plural(t.NodeCount(), "node", "nodes"), twice(t), t.MaxConnections.Value)
					out = append(out, newFinding(t.Name, t.MaxConnections.Range, fmt.Sprintf("Tier %q would hold more connections than max_connections", t.Name), msg))
				}
			}
			if t.IsL4() && t.ForwardsClientIP.Value == topology.ForwardPreserve {
				continue
			}
			next := t.To.Value
			if next == nil {
				continue
			}
			sources := len(t.EgressAddresses.Value)
			if sources == 0 {
				sources = t.NodeCount()
			}
			perPair := conns / float64(sources*next.NodeCount())
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
		return ""
	}
	return ", two connections each: client side and upstream side"
}

// shareThrough is the part of all clients whose sockets pass tier t.
func shareThrough(a *analysis.Analysis, t *topology.Tier) float64 {
	total, through := 0.0, 0.0
	for _, c := range a.Topology.Clients {
		total += c.Share.Value
		for _, f := range a.Flows {
			if f.Client == c && f.Request != analysis.Related && f.Passes(t) {
				through += c.Share.Value
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	if total < 1 {
		total = 1
	}
	return through / total
}
