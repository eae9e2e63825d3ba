package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

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
			msg := fmt.Sprintf("The %s of tier %q list the servers of tier %q in different orders (server_order = \"differs\") and pick with %s, which depends on that order; nothing in front keeps a session on one of them, so requests of one session of %s reach different siblings that pick different servers (HTTP 400 \"Session ID unknown\"). List the servers in one canonical order on every node (topo render does), use consistent hashing by server name (nginx hash … consistent), or keep affinity to one sibling in front.",
				plural(t.NodeCount(), "node", "nodes"), t.Name, h.Next.Name, describe(h.Method), clientList(clientsOf(by[h])))
			out = append(out, onHops(newFinding(t.Name, t.ServerOrder.RangeOr(h.BalanceRange()), fmt.Sprintf("The nodes of tier %q route one session to different servers", t.Name), msg), h))
		}
		return out
	},
}
