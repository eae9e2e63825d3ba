package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"
)

// HashNotConsistent reports hash affinity that keeps sessions but is not
// consistent: adding or removing a node remaps most keys (nginx: "may result
// in remapping most of the keys"; HAProxy map-based hashing; facts N1, H1).
var HashNotConsistent = &Rule{
	ID:       "hash-not-consistent",
	Severity: finding.Warning,
	Summary:  "hash affinity without consistent hashing: adding or removing a node moves most sessions",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			m := h.Method
			if h.Next == nil || !m.Hashed() || m.Consistent || !h.LoadBearing || !analysis.Effective(h.Tier, m) {
				continue
			}
			fix := "set consistent = true"
			switch h.Tier.Kind.Value {
			case topology.KindNginx:
				fix += " (nginx: hash … consistent)"
			case topology.KindHAProxy:
				fix += " (HAProxy: hash-type consistent)"
			}
			switch {
			case m.Balance == topology.IPHash && h.Tier.Kind.Value == topology.KindNginx:
				fix = "nginx ip_hash has no consistent variant: use balance = \"hash\" with hash_key = \"client_ip\" and consistent = true"
			case h.Tier.Kind.Value == topology.KindLVS:
				fix = "set consistent = true (LVS maglev hashing, scheduler mh)"
			case h.Tier.Kind.Value == topology.KindNLB, h.Tier.Kind.Value == topology.KindK8sService, h.Tier.Kind.Value == topology.KindCloudflare:
				// NLB source_ip stickiness has no consistent option;
				// kube-proxy's ClientIP affinity is a table, not a hash;
				// Cloudflare's affinity is a cookie or a header table.
				continue
			case h.Tier.Kind.Value == topology.KindGCPLB:
				fix = "set consistent = true (Google Cloud: localityLbPolicy MAGLEV or RING_HASH on the backend service)"
			}
			af := h.Tier.Affinity
			if h.Route != nil && h.Route.Affinity.Balance.Set {
				af = h.Route.Affinity
			}
			// nginx rehashes only the keys of a server that is down (the
			// total weight stays), so a failure moves only that node's
			// sessions; a deploy that adds or removes a node remaps most
			// (fact N12, shown live). HAProxy's map is rebuilt on both
			// (fact H10).
			when := "is added, removed or fails"
			if h.Tier.Kind.Value == topology.KindNginx {
				when = "is added or removed (a deploy; a failed node moves only its own sessions)"
			}
			quote := ""
			if m.AddressKeyed() {
				if plain, cons, ok := simulate.AddOne(plan.Build(a, plan.Options{}), h); ok {
					quote = fmt.Sprintf(" topo simulate: adding one node to %s moves %.0f%% of 1,000 drawn clients at this hop; with consistent hashing, %.0f%%.", tierRef(h.Next), 100*plain, 100*cons)
				}
			}
			msg := fmt.Sprintf("%s keeps sessions with %s, which is not consistent: when a node of %s %s, most clients map to another node and their sessions end (HTTP 400 \"Session ID unknown\" on every deploy).%s To fix it, %s.",
				capital(h.Where()), describe(m), tierRef(h.Next), when, quote, fix)
			out = append(out, onHops(newFinding(h.Tier.Name, af.Consistent.RangeOr(h.BalanceRange()), capital(h.Where())+" hashes without consistent hashing", msg), h))
		}
		return out
	},
}
