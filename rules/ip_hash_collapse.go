package rules

import (
	"fmt"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"
)

// IPHashCollapse reports a hop that hashes the connecting address while that
// address is one of a few proxy addresses: every client maps to the few nodes
// those addresses hash to (facts N1, N2, H1, X1; socket.io discussion #3778).
var IPHashCollapse = &Rule{
	ID:       "ip-hash-collapse",
	Severity: finding.Error,
	Summary:  "a hop hashes on the connecting address while its peers are a few proxy addresses: most socket.io nodes get nothing",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			if h.Next == nil || !h.Method.AddressKeyed() || h.Next.NodeCount() < 2 || h.Tier.Kind.Value == topology.KindDispatcher {
				continue
			}
			if f := collapse(a, h); f != nil {
				out = append(out, *f)
			}
		}
		return out
	},
}

func collapse(a *analysis.Analysis, h *analysis.Hop) *finding.Finding {
	for _, f := range a.FlowsThrough(h) {
		i := indexOf(f, h)
		src, perClient := a.ClientSource(f, i)
		if perClient || src == nil {
			continue
		}
		n, ranges := analysis.EgressCount(src)
		reach := n
		if reach > h.Next.NodeCount() {
			reach = h.Next.NodeCount()
		}
		nodes := fmt.Sprintf("at most %s of the %s of %s get clients", plural(reach, "node", "nodes"), plural(h.Next.NodeCount(), "node", "nodes"), tierRef(h.Next))
		if h.Method.Balance == topology.IPHash && h.Tier.Kind.Value == topology.KindNginx && analysis.SameSlash24(src.EgressAddresses.Value) {
			nodes = fmt.Sprintf("nginx ip_hash keys on the first three octets, and the addresses of %s share one /24, so every client goes to one node of %s", tierRef(src), tierRef(h.Next))
		}
		unstable := ""
		if a.AddressChanges(f, i) {
			unstable = fmt.Sprintf(" Worse, %s does not keep a session on one of its nodes, so requests of one session arrive from different addresses and land on different nodes (HTTP 400 \"Session ID unknown\").", tierRef(src))
		}
		fix := fmt.Sprintf("Hash the client's own address: have %s hand it on (forwards_client_ip = \"x_forwarded_for\") and read it here (real_ip_from = \"x_forwarded_for\"), or use cookie affinity.", tierRef(src))
		if h.Tier.RealIPFrom.Value == topology.ForwardXFF {
			// Say only what is not declared yet.
			fix = fmt.Sprintf("Hash the client's own address: this tier already reads X-Forwarded-For; have %s hand it on (forwards_client_ip = \"x_forwarded_for\"), or use cookie affinity.", tierRef(src))
		}
		if src.IsL4() {
			fix = fmt.Sprintf("Hash the client's own address: have %s pass it (forwards_client_ip = \"preserve\"), or send it in a PROXY header (forwards_client_ip = \"proxy_protocol\" there, real_ip_from = \"proxy_protocol\" here); or use cookie affinity.", tierRef(src))
		}
		if _, available := a.ClientAddressAt(f, i); available {
			fix = "The client address does reach this tier: set real_ip_from = \"x_forwarded_for\" (or \"proxy_protocol\", as it arrives) so that the hash uses it."
		}
		peers := fmt.Sprintf("its peers are the %d addresses of %s, not clients: %s.", n, tierRef(src), nodes)
		if ranges {
			peers = fmt.Sprintf("its peers are the addresses of %s (egress_addresses %s), not clients: %s.", tierRef(src), strings.Join(src.EgressAddresses.Value, ", "), nodes)
		}
		if n == 1 {
			peers = fmt.Sprintf("its only peer is the address of %s, not the clients: every client has the same key and goes to one node of %s.", tierRef(src), tierRef(h.Next))
		}
		msg := fmt.Sprintf("%s hashes the connecting address (%s), but %s%s%s %s",
			capital(h.Where()), describe(h.Method), peers, unstable, simulated(a, h.Next), fix)
		fd := onHops(newFinding(h.Tier.Name, h.BalanceRange(), fmt.Sprintf("%s hashes the addresses of %s, not the clients'", capital(h.Where()), tierRef(src)), msg, related("the proxy tier whose addresses it hashes", src)), h)
		return &fd
	}
	return nil
}

// simulated quotes topo simulate on the load of tier next: the busiest
// node's share of 1,000 sessions drawn from the topology's clients; "" when
// the chain cannot be simulated.
func simulated(a *analysis.Analysis, next *topology.Tier) string {
	r, err := simulate.Run(plan.Build(a, plan.Options{}), simulate.Options{Clients: 1000, Seed: 1})
	if err != nil {
		return ""
	}
	for _, t := range r.Tiers {
		if t.Tier != next.Name || len(t.Nodes) == 0 {
			continue
		}
		busiest := t.Nodes[0]
		total := 0
		for _, n := range t.Nodes {
			total += n.Sessions
			if n.Sessions > busiest.Sessions {
				busiest = n
			}
		}
		if total == 0 {
			return ""
		}
		return fmt.Sprintf(" topo simulate, with 1,000 sessions from the declared clients: %d of them (%.0f%%) on %s of %s.", busiest.Sessions, 100*busiest.Share, busiest.Node, tierRef(next))
	}
	return ""
}
