package analysis

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"

	"github.com/topolint/topo/topology"
)

// resolveAuto chooses the method of every balance = "auto" hop. Hops nearer
// the socket.io processes are resolved first, since whether a hop needs
// affinity depends on what the hops behind it do. For each hop it tries, in
// order: no affinity, cookie insertion (when every polling client through it
// keeps cookies), then hashing the client address consistently, and keeps the
// first that keeps as many sessions and related requests as an ideal
// per-session choice at that hop would.
func (a *Analysis) resolveAuto() {
	var autos []*Hop
	for _, h := range a.Hops {
		if h.Auto != nil {
			autos = append(autos, h)
		}
	}
	if len(autos) == 0 {
		return
	}
	height := a.heights()
	sort.SliceStable(autos, func(i, j int) bool {
		hi, hj := height[autos[i].Tier.Index], height[autos[j].Tier.Index]
		if hi != hj {
			return hi < hj
		}
		if autos[i].Tier.Index != autos[j].Tier.Index {
			return autos[i].Tier.Index < autos[j].Tier.Index
		}
		return autos[i].RouteIndex() < autos[j].RouteIndex()
	})
	for _, h := range autos {
		a.resolveHop(h)
	}
}

// heights returns, per tier index, the longest distance to a socketio tier.
func (a *Analysis) heights() []int {
	t := a.Topology
	h := make([]int, len(t.Tiers))
	done := make([]bool, len(t.Tiers))
	var visit func(*topology.Tier) int
	visit = func(x *topology.Tier) int {
		if done[x.Index] {
			return h[x.Index]
		}
		best := 0
		for _, n := range x.Next() {
			if d := visit(n) + 1; d > best {
				best = d
			}
		}
		h[x.Index], done[x.Index] = best, true
		return best
	}
	for _, x := range t.Tiers {
		visit(x)
	}
	return h
}

// score counts the sessions kept and related requests that follow their
// socket, over the flows of clients that pass hop h.
func (a *Analysis) score(h *Hop, flows []*Flow, cf *counterfactual) int {
	for _, f := range flows {
		a.eval(f, cf)
	}
	return a.count(flows)
}

// count is score over flows as they are evaluated now.
func (a *Analysis) count(flows []*Flow) int {
	n := 0
	// The flows of one client are adjacent (a.Flows lists them by client,
	// and clientFlows keeps that order): one run per client.
	var group []*Flow
	for run := range clientRuns(flows) {
		group = group[:0]
		var socket *Flow
		for _, f := range run {
			switch f.Request {
			case Handshake, Poll, Upgrade:
				group = append(group, f)
				socket = f
			case WebSocketFirst:
				if socket == nil {
					socket = f
				}
			}
		}
		if len(group) > 0 && a.kept(group) {
			n++
		}
		for _, f := range run {
			if f.Request == Related && socket != nil && f.final != free && f.final == socket.final {
				n++
			}
		}
	}
	return n
}

// clientRuns yields the runs of flows that belong to one client, in order:
// the flows of a client are adjacent in Flows (Analyze lists them client by
// client) and in what keeps their order. Each run is capped, so that an
// append to it never writes into the next.
func clientRuns(flows []*Flow) iter.Seq[[]*Flow] {
	return func(yield func([]*Flow) bool) {
		for i := 0; i < len(flows); {
			j := i + 1
			for j < len(flows) && flows[j].Client == flows[i].Client {
				j++
			}
			if !yield(flows[i:j:j]) {
				return
			}
			i = j
		}
	}
}

// scoreMax is what score counts when every session and related request of
// flows is kept: the clients that poll, and the related requests of clients
// with a socket.
func (a *Analysis) scoreMax(flows []*Flow) int {
	n := 0
	polls := map[*topology.Client]bool{}
	socket := map[*topology.Client]bool{}
	for _, f := range flows {
		switch f.Request {
		case Handshake, Poll, Upgrade:
			polls[f.Client], socket[f.Client] = true, true
		case WebSocketFirst:
			socket[f.Client] = true
		}
	}
	n += len(polls)
	for _, f := range flows {
		if f.Request == Related && socket[f.Client] {
			n++
		}
	}
	return n
}

// lostBehind names the balance = "auto" hops behind h that found no method
// (", at tier \"edge\" (affinity-missing there)"), or "" when none did.
func (a *Analysis) lostBehind(h *Hop) string {
	var names []string
	seen := map[*Hop]bool{}
	for _, f := range a.FlowsThrough(h) {
		after := false
		for _, fh := range f.Hops {
			if fh == h {
				after = true
				continue
			}
			if after && fh.Auto != nil && !fh.Auto.Resolved && !seen[fh] {
				seen[fh] = true
				names = append(names, fh.Where())
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return ": at " + strings.Join(names, " and ") + ", where balance = \"auto\" found no method (affinity-missing there)"
}

// clientFlows returns every flow of the clients that pass hop h, in the
// order of a.Flows. a.Flows lists the flows of one client together, so a
// client's run is kept whole when one of its flows passes h.
func (a *Analysis) clientFlows(h *Hop) []*Flow {
	var out []*Flow
	for run := range clientRuns(a.Flows) {
		if slices.ContainsFunc(run, func(f *Flow) bool { return slices.Contains(f.Hops, h) }) {
			out = append(out, run...)
		}
	}
	return out
}

func (a *Analysis) resolveHop(h *Hop) {
	t := h.Tier
	flows := a.clientFlows(h)
	ideal := a.score(h, flows, &counterfactual{hop: h, ideal: true})

	type candidate struct {
		m   Method
		why string
	}
	cands := []candidate{{FreeMethod(t), "no session needs affinity at this hop"}}
	allCookies, polls := true, false
	for _, f := range a.FlowsThrough(h) {
		if f.Request == Handshake || f.Request == Poll || f.Request == Upgrade || f.Request == Related {
			polls = polls || f.Request != Related
			if !f.Client.CarriesCookies() {
				allCookies = false
			}
		}
	}
	if polls && allCookies && CookieInsertion(t) {
		cands = append(cands, candidate{Method{Balance: topology.Cookie}, "every client that polls through it keeps cookies, so an inserted cookie pins each session without depending on addresses"})
	}
	if m, ok := AddressMethod(t); ok {
		cands = append(cands, candidate{m, "the client address reaches this tier and is the same for every request of a session"})
	}
	for i, c := range cands {
		h.Method = c.m
		if a.score(h, flows, nil) >= ideal {
			h.Auto.Resolved = true
			h.Auto.Reason = c.why
			if i == 0 && ideal < a.scoreMax(flows) {
				// Not "no session needs affinity": sessions through this hop
				// are lost behind it whatever it does, and saying they need
				// nothing here would contradict the error reported there.
				h.Auto.Reason = "no method at this hop keeps more sessions than this one, since the sessions lost through it are lost behind it whatever this hop alone does" + a.lostBehind(h)
			}
			return
		}
	}
	h.Method = FreeMethod(t)
	h.Auto.Resolved = false
	h.Auto.Reason = a.autoFailure(h, allCookies)
}

// autoFailure says why no method keeps sessions at hop h.
func (a *Analysis) autoFailure(h *Hop, allCookies bool) string {
	t := h.Tier
	var parts []string
	if !CookieInsertion(t) {
		parts = append(parts, fmt.Sprintf("a tier of kind %q cannot insert a cookie here", t.Kind.Value))
	} else if !allCookies {
		parts = append(parts, "some clients that poll through it keep no cookies")
	}
	if _, ok := AddressMethod(t); !ok {
		parts = append(parts, fmt.Sprintf("a tier of kind %q has no affinity on the client address", t.Kind.Value))
	} else {
		parts = append(parts, "the client address does not reach it, or changes between the requests of a session")
	}
	return strings.Join(parts, "; ")
}
