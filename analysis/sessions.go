package analysis

import (
	"github.com/topolint/topo/topology"
)

// evaluate computes every flow, then the sessions, their breaks, related
// requests and PROXY protocol mismatches.
func (a *Analysis) evaluate() {
	for _, f := range a.Flows {
		a.eval(f, nil)
	}
	a.findProxyMismatches()
	a.Sessions = nil
	a.sessionOf = nil
	for _, c := range a.Topology.Clients {
		group := a.group(c)
		if len(group) == 0 {
			continue
		}
		s := &Session{Client: c, Flows: group, Kept: a.kept(group)}
		if !s.Kept {
			s.Break = a.blame(group)
		}
		a.Sessions = append(a.Sessions, s)
	}
	a.RelatedBreaks = nil
	for _, c := range a.Topology.Clients {
		a.relatedBreaks(c)
	}
	a.loadBearing()
}

// loadBearing marks the hops whose affinity is needed: without it, fewer
// sessions or related requests would be kept.
func (a *Analysis) loadBearing() {
	for _, h := range a.Hops {
		if h.Next == nil || h.Method.Free() || h.Next.NodeCount() < 2 || h.Tier.Kind.Value == topology.KindDispatcher {
			continue
		}
		flows := a.clientFlows(h)
		// Every flow holds its evaluation as declared (evaluate, or the
		// restore below): count it, keep it, evaluate without this hop's
		// affinity, and put it back instead of evaluating it again.
		base := a.count(flows)
		saved := saveEvals(flows)
		h.LoadBearing = a.score(h, flows, &counterfactual{hop: h}) < base
		saved.restore(flows)
	}
}

// group returns client c's polling flows (handshake, polls, upgrade).
func (a *Analysis) group(c *topology.Client) []*Flow {
	flows := a.flowsOf(c)
	out := make([]*Flow, 0, len(flows))
	for _, f := range flows {
		if f.Request == Handshake || f.Request == Poll || f.Request == Upgrade {
			out = append(out, f)
		}
	}
	return out
}

// SharedSessions reports whether every process of every node shares the
// sessions, so that no hop needs affinity to them (engine =
// "cluster-engine": @socket.io/cluster-engine with Redis, fact SC).
func (a *Analysis) SharedSessions() bool {
	return a.Topology.SocketIO.Engine.Value == "cluster-engine"
}

// WorkersShareSessions reports whether the workers of each node share the
// sessions, so that no node needs affinity to its workers: the cluster
// engine, with Redis or over the Node cluster's IPC channel only (engine =
// "cluster-engine-ipc", which does not reach other nodes; fact SC).
func (a *Analysis) WorkersShareSessions() bool {
	e := a.Topology.SocketIO.Engine.Value
	return e == "cluster-engine" || e == "cluster-engine-ipc"
}

// kept reports whether every flow of a group ends on one fixed process.
func (a *Analysis) kept(group []*Flow) bool {
	for _, f := range group {
		if a.hasProxyMismatch(f) {
			return false
		}
	}
	if a.SharedSessions() {
		return true
	}
	for _, f := range group {
		if f.final == free || f.final != group[0].final {
			return false
		}
	}
	return true
}

// sameMapping reports whether two hops send a key to the same node.
func (a *Analysis) sameMapping(x, y *Hop) bool {
	return x == y || (x.Tier == y.Tier && x.Next == y.Next && a.mapping(x) == a.mapping(y))
}

// blame finds the hop where a broken session comes apart, and why.
func (a *Analysis) blame(group []*Flow) *Break {
	for _, f := range group {
		if a.hasProxyMismatch(f) {
			return &Break{Hop: f.Hops[0], Reason: ReasonProxyMismatch}
		}
	}
	// Requests of the session that take different ways. The handshake
	// decides the session's node; blame the way the others take.
	base := group[0]
	for _, f := range group[1:] {
		for i := 0; i < len(f.Hops) && i < len(base.Hops); i++ {
			if a.sameMapping(f.Hops[i], base.Hops[i]) {
				continue
			}
			var reqs []Request
			for _, g := range group {
				if i < len(g.Hops) && a.sameMapping(g.Hops[i], f.Hops[i]) {
					reqs = append(reqs, g.Request)
				}
			}
			return &Break{Hop: f.Hops[i], Reason: ReasonRouteSplit, Requests: reqs}
		}
	}
	// Same way: the last position where the requests' nodes differ.
	last := len(base.Hops) - 1
	p := -1
	for j := last; j >= 1; j-- {
		if !allEqualFixed(group, j) {
			p = j
			break
		}
	}
	if p < 0 {
		// Same socketio node, different worker processes.
		return &Break{Hop: base.Hops[last], Reason: ReasonFree}
	}
	i := p - 1
	h := base.Hops[i]
	b := &Break{Hop: h}
	m := h.Method
	switch {
	case m.Free() || !Effective(h.Tier, m):
		b.Reason = ReasonFree
	case m.Balance == topology.Cookie:
		switch {
		case !base.Client.Cookies.Value:
			b.Reason = ReasonCookieless
		case base.Client.CrossSite.Value:
			b.Reason = ReasonCrossSite
		case !a.cookieCarried(base.Client, m) || CookiePathLost(h):
			b.Reason = ReasonKeyAbsent
			b.Requests = []Request{Handshake, Poll}
		default:
			b.Reason = ReasonSiblings
		}
	case m.Balance == topology.Learn:
		if !a.Topology.SocketIO.Cookie.Value {
			b.Reason = ReasonKeyAbsent
			for _, f := range group {
				b.Requests = append(b.Requests, f.Request)
			}
		} else {
			b.Reason = ReasonSiblings
		}
	default:
		var ported *topology.Tier
		if m.Key.Kind == topology.KeyXFF {
			ported = XFFPortBy(base, i)
		}
		keys := make([]val, len(group))
		for k, f := range group {
			keys[k] = a.keyOf(f, i)
			if keys[k] == none {
				b.Requests = append(b.Requests, f.Request)
			}
		}
		switch {
		case m.Key.Kind == topology.KeyCookie && base.Client.Cookies.Value && base.Client.CrossSite.Value:
			b.Reason = ReasonCrossSite
		case len(b.Requests) > 0:
			b.Reason = ReasonKeyAbsent
		case ported != nil:
			// The culprit is the tier whose X-Forwarded-For carries ports.
			b.Reason, b.Culprit = ReasonKeyUnstable, ported
		case m.AddressKeyed() || m.Key.Kind == topology.KeyXFF:
			if anyFree(keys) || !allSame(keys) {
				b.Reason = ReasonAddressUnstable
				b.Culprit = a.Culprit(base, i)
			} else {
				b.Reason = ReasonSiblings
			}
		default:
			if anyFree(keys) || !allSame(keys) {
				b.Reason = ReasonKeyUnstable
			} else {
				b.Reason = ReasonSiblings
			}
		}
	}
	if b.Reason == ReasonSiblings && !siblingDependent(h) {
		// The key is stable and the mapping is the same on every sibling,
		// yet the nodes differ: only possible when the key is free.
		b.Reason = ReasonKeyUnstable
	}
	return b
}

// Culprit returns the tier whose changing node makes the address hop i of
// flow f hashes unstable: the nearest tier in front that keeps no session on
// one node and has several egress addresses.
func (a *Analysis) Culprit(f *Flow, i int) *topology.Tier {
	for j := i - 1; j >= 0; j-- {
		t := f.Hops[j].Tier
		if f.sels[j] == free && (len(t.EgressAddresses.Value) != 1) {
			return t
		}
	}
	return PeerTier(f, i)
}

func allEqualFixed(group []*Flow, j int) bool {
	for _, f := range group {
		if j >= len(f.sels) || f.sels[j] == free || f.sels[j] != group[0].sels[j] {
			return false
		}
	}
	return true
}

func anyFree(vs []val) bool {
	for _, v := range vs {
		if v == free {
			return true
		}
	}
	return false
}

func allSame(vs []val) bool {
	for _, v := range vs {
		if v != vs[0] {
			return false
		}
	}
	return true
}

// hasProxyMismatch reports whether flow f passes a PROXY protocol mismatch.
func (a *Analysis) hasProxyMismatch(f *Flow) bool {
	for i := range f.Hops {
		if a.proxyMismatchAt(f, i) != nil {
			return true
		}
	}
	return false
}

// proxyMismatchAt returns the mismatch at tier position i of flow f, if any.
func (a *Analysis) proxyMismatchAt(f *Flow, i int) *ProxyMismatch {
	t := f.Hops[i].Tier
	v := f.views[i]
	accepts := t.RealIPFrom.Value == topology.ForwardProxyProtocol
	passes := t.IsL4() && !t.IsSocketIO() && !accepts
	if v.Proxy != none && !accepts && !passes {
		return &ProxyMismatch{From: v.proxyFrom, To: t, Sent: true}
	}
	if accepts && v.Proxy == none {
		var from *topology.Tier
		if i > 0 {
			from = f.Hops[i-1].Tier
		}
		return &ProxyMismatch{From: from, To: t}
	}
	return nil
}

func (a *Analysis) findProxyMismatches() {
	a.ProxyMismatches = nil
	seen := map[[2]*topology.Tier]bool{}
	for _, f := range a.Flows {
		for i := range f.Hops {
			pm := a.proxyMismatchAt(f, i)
			if pm == nil || (pm.Sent && pm.From == nil) || seen[[2]*topology.Tier{pm.From, pm.To}] {
				continue
			}
			seen[[2]*topology.Tier{pm.From, pm.To}] = true
			a.ProxyMismatches = append(a.ProxyMismatches, *pm)
		}
	}
}

// relatedBreaks records the related requests of client c that do not reach
// the process that holds c's socket.
func (a *Analysis) relatedBreaks(c *topology.Client) {
	var socket *Flow
	wsFirst := false
	if s := a.SessionOf(c); s != nil {
		if !s.Kept {
			return
		}
		socket = s.Flows[len(s.Flows)-1]
	} else {
		for _, f := range a.flowsOf(c) {
			if f.Request == WebSocketFirst {
				socket, wsFirst = f, true
			}
		}
	}
	if socket == nil {
		return
	}
	for _, f := range a.flowsOf(c) {
		if f.Request != Related {
			continue
		}
		if f.final != free && f.final == socket.final {
			continue
		}
		rb := RelatedBreak{Client: c, Path: f.Path, WebSocketFirst: wsFirst}
		for i := 0; i < len(f.Hops) && i < len(socket.Hops); i++ {
			if !a.sameMapping(f.Hops[i], socket.Hops[i]) {
				rb.Hop, rb.Socket = f.Hops[i], socket.Hops[i]
				break
			}
		}
		if rb.Hop == nil {
			last := len(f.Hops) - 1
			rb.Hop = f.Hops[last]
			for j := last; j >= 1; j-- {
				if f.sels[j] == free || f.sels[j] != socket.sels[j] {
					rb.Hop = f.Hops[j-1]
					break
				}
			}
		}
		a.RelatedBreaks = append(a.RelatedBreaks, rb)
	}
}

// evals holds the evaluation of some flows (what eval writes), to put back.
type evals struct {
	views []View
	sels  []val
	final []val
}

// saveEvals copies the evaluation of flows.
func saveEvals(flows []*Flow) *evals {
	n := 0
	for _, f := range flows {
		n += len(f.views)
	}
	e := &evals{views: make([]View, 0, n), sels: make([]val, 0, n), final: make([]val, len(flows))}
	for i, f := range flows {
		e.views = append(e.views, f.views...)
		e.sels = append(e.sels, f.sels...)
		e.final[i] = f.final
	}
	return e
}

// restore puts the saved evaluation back into flows, the same flows in the
// same order as saveEvals had them.
func (e *evals) restore(flows []*Flow) {
	v, s := 0, 0
	for i, f := range flows {
		v += copy(f.views, e.views[v:v+len(f.views)])
		s += copy(f.sels, e.sels[s:s+len(f.sels)])
		f.final = e.final[i]
	}
}
