package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// RedundantAffinity notes affinity at a hop where removing it would keep
// every session and related request as it is: the affinity only concentrates
// load (seed field report: nginx-M in front of ip_hash tiers needs no
// ip_hash; fact X2).
var RedundantAffinity = &Rule{
	ID:       "redundant-affinity",
	Severity: finding.Notice,
	Summary:  "affinity at a hop where it changes nothing but concentrates load",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			if h.Next == nil || h.Auto != nil || h.Method.Free() || h.LoadBearing || h.Next.NodeCount() < 2 || h.Tier.Kind.Value == topology.KindDispatcher {
				continue
			}
			why := "the tiers behind it keep every session on one process by themselves"
			polls := false
			for _, f := range a.FlowsThrough(h) {
				if f.Request != analysis.WebSocketFirst {
					polls = true
				}
			}
			if relatedFollows(a, h) {
				// related-route-affinity asks a related route to follow the
				// socket's way through this hop: its affinity is what that
				// fix relies on, so calling it redundant would contradict it.
				continue
			}
			if !polls {
				why = "no client polls through it (a websocket is one connection and needs no affinity)"
			} else if !anyKept(a, h) {
				// Sessions through it are broken anyway; other rules say
				// where, and removing this affinity is not the advice.
				continue
			}
			msg := fmt.Sprintf("%s keeps affinity (%s), but removing it would change nothing for sessions: %s. Affinity here only makes load uneven; balance = %q spreads connections better.",
				capital(h.Where()), describe(h.Method), why, analysis.FreeMethod(h.Tier).Balance)
			out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), capital(h.Where())+" keeps affinity that changes nothing for sessions", msg), h))
		}
		return out
	},
}

// anyKept reports whether some session through hop h is kept.
func anyKept(a *analysis.Analysis, h *analysis.Hop) bool {
	for _, s := range a.Sessions {
		if s.Kept && s.Flows[0].Passes(h.Tier) {
			return true
		}
	}
	return false
}

// relatedFollows reports that related-route-affinity reports a related path
// that should follow the socket's way through hop h.
func relatedFollows(a *analysis.Analysis, h *analysis.Hop) bool {
	if a.Topology.SocketIO.Adapter.Value != "none" {
		return false
	}
	for _, rb := range a.RelatedBreaks {
		if rb.Socket == h {
			return true
		}
	}
	return false
}
