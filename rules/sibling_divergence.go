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
			if h.Method.Balance == topology.Learn {
				alone := fmt.Sprintf("Each of the %s of tier %q learns sids alone (balance = \"learn\" without a shared table)", plural(t.NodeCount(), "node", "nodes"), t.Name)
				if t.SharedTable.Value {
					alone = fmt.Sprintf("The %s of tier %q share what they learn (shared_table: HAProxy peers), but peers replicate asynchronously, and nothing in front keeps a client on one of them: a poll sent right after its handshake can reach a node the sid has not reached yet (measured live: up to 11 of 30 sessions lost in a run)", plural(t.NodeCount(), "node", "nodes"), t.Name)
				}
				fix := fmt.Sprintf("Keep each client on one node of %q in front (hash on the client address there); shared_table = true then also keeps the sessions of a node that fails or reloads.", t.Name)
				if t.Kind.Value != topology.KindHAProxy {
					fix = fmt.Sprintf("Keep each client on one node of %q in front (hash on the client address there): nginx shares what it learns between the workers of one node only.", t.Name)
				}
				msg := fmt.Sprintf("%s: a session whose requests reach another node of %q than the one that saw its handshake is not found there and is balanced anew, onto a process of %s that never saw its sid (HTTP 400 \"Session ID unknown\" for %s). %s",
					alone, t.Name, tierRef(h.Next), clientList(clientsOf(by[h])), fix)
				out = append(out, onHops(newFinding(t.Name, h.BalanceRange(), fmt.Sprintf("The nodes of tier %q learn sids alone", t.Name), msg), h))
				continue
			}
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
