package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// UnsupportedFeature reports what a tier's product cannot do: a balance
// method it does not have, or a way of passing the client address it does
// not support (facts A1, A2, N4, N10, L1, AL1), and TLS that topo cannot
// render for the product (so that render never writes it silently in plain
// text). It is an addition to the specification's rule table.
var UnsupportedFeature = &Rule{
	ID:       "unsupported-feature",
	Severity: finding.Error,
	Summary:  "the tier's product cannot do what is declared (balance method, PROXY protocol)",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			if h.Next == nil || h.Auto != nil {
				continue
			}
			if why := analysis.Unsupported(h.Tier, h.Declared); why != "" {
				msg := fmt.Sprintf("%s declares %s, but %s.", capital(h.Where()), describe(h.Declared), why)
				out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), fmt.Sprintf("%s declares %s, which %s cannot do", capital(h.Where()), describe(h.Declared), h.Tier.Kind.Value), msg), h))
			}
		}
		hb := a.Topology.SocketIO.Heartbeat()
		for _, t := range a.Topology.Tiers {
			if t.Kind.Value == topology.KindALB && a.Used(t) {
				// The idle timeout render writes (plan.IdleTimeout): the
				// declared one above the heartbeat, else the suggestion.
				idle := analysis.SuggestTimeout(hb)
				if t.IdleTimeout.Set && t.IdleTimeout.Value > hb {
					idle = t.IdleTimeout.Value
				}
				if idle > analysis.MaxALBIdleTimeout {
					s := a.Topology.SocketIO
					msg := fmt.Sprintf("Tier %q needs an idle timeout of %s (above ping_interval + ping_timeout = %s), but an ALB allows at most %s (idle_timeout.timeout_seconds 1-4000). Lower ping_interval or ping_timeout, or idle_timeout.", t.Name, dur(idle), dur(hb), dur(analysis.MaxALBIdleTimeout))
					rng := t.IdleTimeout.RangeOr(s.PingInterval.RangeOr(t.DeclRange))
					out = append(out, newFinding(t.Name, rng, fmt.Sprintf("Tier %q needs an idle timeout above the 4000s an ALB allows", t.Name), msg))
				}
			}
			if p := t.HashPreserveAffinity; p.Set && p.Value != topology.PreserveAlways && t.Version.Set && !t.Version.Value.AtLeast(3, 2, 0) {
				msg := fmt.Sprintf("Tier %q declares hash_preserve_affinity = %q, but HAProxy has hash-preserve-affinity since 3.2 and this tier declares version %s, which refuses the directive. Remove it (HAProxy before 3.2 keeps every key on its server, as \"always\" does).", t.Name, p.Value, t.Version.Value.Raw)
				out = append(out, newFinding(t.Name, p.Range, fmt.Sprintf("Tier %q declares hash_preserve_affinity, which HAProxy %s does not have", t.Name, t.Version.Value.Raw), msg))
			}
			if why := analysis.UnsupportedNLBIdleTimeout(t); why != "" {
				out = append(out, newFinding(t.Name, t.IdleTimeout.Range, fmt.Sprintf("Tier %q declares an idle timeout an NLB cannot have", t.Name), fmt.Sprintf("Tier %q declares idle_timeout = %q, but %s.", t.Name, dur(t.IdleTimeout.Value), why)))
			}
			if attr, why := analysis.UnsupportedTLS(t); why != "" {
				rng := t.TLS.RangeOr(t.DeclRange)
				switch attr {
				case "tls_key":
					rng = t.TLSKey.Range
				case "to":
					rng = t.To.RangeOr(t.DeclRange)
				}
				out = append(out, newFinding(t.Name, rng, fmt.Sprintf("Tier %q declares TLS that topo cannot render", t.Name), fmt.Sprintf("Tier %q: %s.", t.Name, why)))
			}
			if n := analysis.UnrenderableNext(t); n != nil {
				msg := fmt.Sprintf("Tier %q proxies to tier %q (%s), which declares no nodes, so topo cannot write the servers this tier sends to. Declare the load balancer's address as its node, such as nodes = [\"my-lb-0123.elb.eu-west-1.amazonaws.com:80\"] (a DNS name is fine).", t.Name, n.Name, n.Kind.Value)
				out = append(out, newFinding(t.Name, t.To.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q proxies to tier %q, which has no nodes to write as servers", t.Name, n.Name), msg))
			}
			attr, why := analysis.UnsupportedForwarding(t)
			if why == "" {
				continue
			}
			rng := t.ForwardsClientIP.Range
			if attr == "real_ip_from" {
				rng = t.RealIPFrom.Range
			}
			msg := fmt.Sprintf("Tier %q declares %s = %q, but %s.", t.Name, attr, valueOf(t, attr), why)
			out = append(out, newFinding(t.Name, rng, fmt.Sprintf("Tier %q declares %s = %q, which %s cannot do", t.Name, attr, valueOf(t, attr), t.Kind.Value), msg))
		}
		return out
	},
}

func valueOf(t *topology.Tier, attr string) string {
	if attr == "real_ip_from" {
		return t.RealIPFrom.Value
	}
	return t.ForwardsClientIP.Value
}
