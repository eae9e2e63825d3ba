package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// AffinityMissing reports the hop where a polling session comes apart
// because the hop keeps no affinity, or because requests of one session take
// different routes (fact S1: every request with sid=X must reach the process
// that created X, else HTTP 400 "Session ID unknown").
var AffinityMissing = &Rule{
	ID:       "affinity-missing",
	Severity: finding.Error,
	Summary:  "a hop fans out to paths that end on different socket.io processes, polling is possible, and the hop keeps no affinity",
	Check:    checkAffinityMissing,
}

func checkAffinityMissing(a *analysis.Analysis) []finding.Finding {
	var out []finding.Finding
	hops, by := breaksBy(a, func(s *analysis.Session) bool {
		// A method the product lacks is unsupported-feature's or
		// layer-mismatch's to report.
		h := s.Break.Hop
		return (s.Break.Reason == analysis.ReasonFree && h.Next != nil && analysis.Effective(h.Tier, h.Method)) || s.Break.Reason == analysis.ReasonRouteSplit
	})
	for _, h := range hops {
		ss := by[h]
		b := ss[0].Break
		if b.Reason == analysis.ReasonRouteSplit {
			out = append(out, routeSplit(a, h, ss))
			continue
		}
		n := h.Next
		what := fmt.Sprintf("balances the polling requests of %s with %s over the %s of %s", clientList(clientsOf(ss)), describe(h.Method), plural(n.NodeCount(), "node", "nodes"), tierRef(n))
		if h.Auto != nil {
			what = fmt.Sprintf("has balance = \"auto\", and topo found no method that keeps the sessions of %s here (%s)", clientList(clientsOf(ss)), h.Auto.Reason)
		}
		msg := fmt.Sprintf("%s %s: a poll with a sid can land on a socket.io process that never saw that sid and get HTTP 400 \"Session ID unknown\". %s",
			capital(h.Where()), what, affinityFix(a, h, flowsOf(ss)))
		out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), capital(h.Where())+" keeps no affinity for polling sessions", msg), h))
	}
	return out
}

func routeSplit(a *analysis.Analysis, h *analysis.Hop, ss []*analysis.Session) finding.Finding {
	b := ss[0].Break
	base := ss[0].Flows[0]
	var other *analysis.Hop
	for _, fh := range base.Hops {
		if fh.Tier == h.Tier {
			other = fh
		}
	}
	otherWay := "the default way"
	if other != nil && other.Route != nil {
		otherWay = "route " + quote(other.Route.Name)
	}
	dest := "tier " + quote(h.Next.Name)
	msg := fmt.Sprintf("At tier %q, %s of %s take %s to %s, but the polling handshake takes %s: they end on different socket.io processes and get HTTP 400 \"Session ID unknown\". Send every request that carries a sid the way the handshake goes: put a route with query = { sid = \"*\" } to the handshake's way before %s.",
		h.Tier.Name, requestList(b.Requests), clientList(clientsOf(ss)), wayOf(h), dest, otherWay, wayOf(h))
	rng := h.Tier.DeclRange
	if h.Route != nil {
		rng = h.Route.DeclRange
	}
	var rel []finding.Related
	if other != nil && other.Route != nil {
		rel = append(rel, finding.Related{Message: "the handshake's route", Range: other.Route.DeclRange})
	}
	return onHops(newFinding(h.Tier.Name, rng, fmt.Sprintf("Requests of one session take different ways at tier %q", h.Tier.Name), msg, rel...), h)
}

func wayOf(h *analysis.Hop) string {
	if h.Route != nil {
		return "route " + quote(h.Route.Name)
	}
	return "the default way"
}
