package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/topology"

	"github.com/topolint/topo/finding"
)

// SiblingDivergence reports parallel nodes of one tier that can route one
// session differently: they list the servers in different orders and hash
// by order, while the tier in front does not keep a session on one of them
// (facts H7: same distribution on several load balancers needs the same
// server ids; nginx hash % total_weight walks the server list in order).
var SiblingDivergence = &Rule{
	ID:       "sibling-divergence",
	Severity: finding.Error,
	Summary:  "parallel nodes of one tier can route one client differently (stateful tables not shared, differing server lists)",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		hops, by := breaksBy(a, func(s *analysis.Session) bool { return s.Break.Reason == analysis.ReasonSiblings })
		for _, h := range hops {
			t := h.Tier
			if t.Kind.Value == topology.KindK8sService {
				msg := fmt.Sprintf("Tier %q is a Kubernetes Service with sessionAffinity: ClientIP, which kube-proxy keeps in each node's own rules: a session's requests that reach the Service through different nodes (from pods of the tier in front on several nodes, or through NodePorts) are pinned independently, often to different pods of %s (HTTP 400 \"Session ID unknown\" for %s). Keep affinity where one decision covers every request: cookie affinity at the ingress in front (ingress-nginx affinity: cookie), or a single path per client (externalTrafficPolicy: Local behind an address-affine balancer).",
					t.Name, tierRef(h.Next), clientList(clientsOf(by[h])))
				out = append(out, onHops(newFinding(t.Name, h.BalanceRange(), fmt.Sprintf("kube-proxy on each node of tier %q pins a client on its own", t.Name), msg), h))
				continue
			}
			msg := fmt.Sprintf("The %s of tier %q list the servers of tier %q in different orders (server_order = \"differs\") and pick with %s, which depends on that order; nothing in front keeps a session on one of them, so requests of one session of %s reach different siblings that pick different servers (HTTP 400 \"Session ID unknown\"). List the servers in one canonical order on every node (topo render does), use consistent hashing by server name (nginx hash … consistent), or keep affinity to one sibling in front.",
				plural(t.NodeCount(), "node", "nodes"), t.Name, h.Next.Name, describe(h.Method), clientList(clientsOf(by[h])))
			out = append(out, onHops(newFinding(t.Name, t.ServerOrder.RangeOr(h.BalanceRange()), fmt.Sprintf("The nodes of tier %q route one session to different servers", t.Name), msg), h))
		}
		return out
	},
}
