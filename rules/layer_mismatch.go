package rules

import (
	"fmt"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// LayerMismatch reports layer 7 features declared on a layer 4 hop: a TCP
// balancer cannot read cookies, headers, query strings or paths, and cannot
// add X-Forwarded-For (fact X3; A6 for Classic ELB TCP listeners; F1 for F5
// FastL4).
var LayerMismatch = &Rule{
	ID:       "layer-mismatch",
	Severity: finding.Error,
	Summary:  "an L7 feature declared on an L4 hop: cookie/header/query affinity, routes, XFF, TLS termination",
	Check: func(a *Analysis) []finding.Finding {
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if !t.IsL4() {
				continue
			}
			report := func(r finding.Finding) { out = append(out, r) }
			msg := func(feature, fix string) string {
				return fmt.Sprintf("Tier %q works at layer 4 (TCP) and cannot %s: it never reads HTTP. %s", t.Name, feature, fix)
			}
			check := func(af topology.Affinity, where string) {
				m := af.Balance.Value
				switch {
				case m == topology.Cookie:
					report(newFinding(t.Name, af.Balance.Range, msg("keep cookie affinity"+where, "Use source-address affinity here (balance = \"source_ip\"), or move cookie affinity to a layer 7 tier.")))
				case m == topology.Hash && af.HashKey.Value.Kind != topology.KeyClientIP:
					report(newFinding(t.Name, af.HashKey.RangeOr(af.Balance.Range), msg("hash on "+af.HashKey.Value.String()+where, "A layer 4 tier can hash only the source address (hash_key = \"client_ip\").")))
				}
			}
			check(t.Affinity, "")
			for _, r := range t.Routes {
				report(newFinding(t.Name, r.DeclRange, msg("route requests by path, query or header (route "+quote(r.Name)+")", "Move the routes to a layer 7 tier, or declare layer = 7 if this tier terminates HTTP.")))
				if r.Affinity.Balance.Set {
					check(r.Affinity, " (route "+quote(r.Name)+")")
				}
			}
			if t.ForwardsClientIP.Value == topology.ForwardXFF {
				report(newFinding(t.Name, t.ForwardsClientIP.Range, msg("add X-Forwarded-For", "Use forwards_client_ip = \"proxy_protocol\" or \"preserve\".")))
			}
			if t.RealIPFrom.Value == topology.ForwardXFF {
				report(newFinding(t.Name, t.RealIPFrom.Range, msg("read X-Forwarded-For", "Use real_ip_from = \"proxy_protocol\" or \"peer\".")))
			}
			if t.TLS.Value == "terminate" {
				switch t.Kind.Value {
				case topology.KindLVS, topology.KindF5, topology.KindELB, topology.KindSLB:
					report(newFinding(t.Name, t.TLS.Range, msg("terminate TLS", "Use tls = \"passthrough\" and terminate TLS at a layer 7 tier, or declare layer = 7.")))
				}
			}
		}
		return out
	},
}
