package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/hashicorp/hcl/v2"

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
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if !t.IsL4() {
				continue
			}
			// report adds a finding: the tier cannot do feature; way names
			// the hop it is about, when it is about one.
			report := func(rng hcl.Range, feature, fix string, way *finding.Hop) {
				f := newFinding(t.Name, rng, fmt.Sprintf("Tier %q works at layer 4 and cannot %s", t.Name, feature),
					fmt.Sprintf("Tier %q works at layer 4 (TCP) and cannot %s: it never reads HTTP. %s", t.Name, feature, fix))
				if way != nil {
					f.Hops = []finding.Hop{*way}
				}
				out = append(out, f)
			}
			check := func(af topology.Affinity, where string, way *finding.Hop) {
				m := af.Balance.Value
				switch {
				case m == topology.Cookie:
					report(af.Balance.Range, "keep cookie affinity"+where, "Use source-address affinity here (balance = \"source_ip\"), or move cookie affinity to a layer 7 tier.", way)
				case m == topology.Hash && af.HashKey.Value.Kind != topology.KeyClientIP:
					report(af.HashKey.RangeOr(af.Balance.Range), "hash on "+af.HashKey.Value.String()+where, "A layer 4 tier can hash only the source address (hash_key = \"client_ip\").", way)
				}
			}
			check(t.Affinity, "", &finding.Hop{Tier: t.Name})
			for _, r := range t.Routes {
				way := &finding.Hop{Tier: t.Name, Route: r.Name}
				report(r.DeclRange, "route requests by path, query or header (route "+quote(r.Name)+")", "Move the routes to a layer 7 tier, or declare layer = 7 if this tier terminates HTTP.", way)
				if r.Affinity.Balance.Set {
					check(r.Affinity, " (route "+quote(r.Name)+")", way)
				}
			}
			if t.ForwardsClientIP.Value == topology.ForwardXFF {
				report(t.ForwardsClientIP.Range, "add X-Forwarded-For", "Use forwards_client_ip = \"proxy_protocol\" or \"preserve\".", nil)
			}
			if t.RealIPFrom.Value == topology.ForwardXFF {
				report(t.RealIPFrom.Range, "read X-Forwarded-For", "Use real_ip_from = \"proxy_protocol\" or \"peer\".", nil)
			}
			if t.TLS.Value == "terminate" {
				switch t.Kind.Value {
				case topology.KindLVS, topology.KindF5, topology.KindELB, topology.KindSLB:
					report(t.TLS.Range, "terminate TLS", "Use tls = \"passthrough\" and terminate TLS at a layer 7 tier, or declare layer = 7.", nil)
				}
			}
		}
		return out
	},
}
