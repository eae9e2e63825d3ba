package analysis

import (
	"strings"

	"github.com/topolint/topo/topology"
)

// request is the shape of a request, for matching routes.
type request struct {
	path    string
	query   map[string]string
	headers map[string]string
}

// The query parameters and headers of each request, shared by every call
// of shape: nothing writes to them.
var (
	plainHeaders   = map[string]string{"host": "x", "user-agent": "x", "accept": "*/*"}
	upgradeHeaders = map[string]string{"host": "x", "user-agent": "x", "accept": "*/*", "upgrade": "websocket", "connection": "Upgrade"}
	shapeQueries   = [...]map[string]string{
		Handshake:      {"EIO": "4", "transport": "polling", "t": "x"},
		Poll:           {"EIO": "4", "transport": "polling", "t": "x", "sid": "x"},
		Upgrade:        {"EIO": "4", "transport": "websocket", "sid": "x"},
		WebSocketFirst: {"EIO": "4", "transport": "websocket"},
		Related:        {},
	}
)

// shape returns what request r of a socket.io client looks like on the wire.
// Its maps are shared: read them only.
func shape(r Request, path string) request {
	h := plainHeaders
	switch r {
	case Upgrade, WebSocketFirst:
		h = upgradeHeaders
	case Related:
		path = strings.ReplaceAll(path, "*", "x")
	}
	return request{path: path, query: shapeQueries[r], headers: h}
}

// matches reports whether route rt's conditions all hold for req.
func matches(rt *topology.Route, req request) bool {
	if rt.Path.Set && !topology.MatchPath(rt.Path.Value, req.path) {
		return false
	}
	for _, kv := range rt.Query.Value {
		v, ok := req.query[kv.Key]
		if !ok || (kv.Value != "*" && kv.Value != v) {
			return false
		}
	}
	for _, kv := range rt.Header.Value {
		v, ok := req.headers[kv.Key]
		if !ok || (kv.Value != "*" && !strings.EqualFold(kv.Value, v)) {
			return false
		}
	}
	return true
}

// Strip removes prefix from the start of path as a proxy's rewrite does,
// keeping a leading "/": "/chat" or "/chat/" from "/chat/socket.io/" gives
// "/socket.io/". It reports false when path does not start with prefix.
func Strip(path, prefix string) (string, bool) {
	p := strings.TrimSuffix(prefix, "/")
	if p == "" || !strings.HasPrefix(path, p) {
		return path, false
	}
	rest := path[len(p):]
	if rest != "" && rest[0] != '/' {
		return path, false
	}
	if rest == "" {
		rest = "/"
	}
	return rest, true
}

// route follows request r of client c from its entry to a socketio tier.
// The decoder guarantees the tier graph is acyclic and ends on socketio
// tiers.
func (a *Analysis) route(c *topology.Client, r Request, path string) *Flow {
	key := routeKey{entry: c.Entry.Value, r: r, path: path}
	if w, ok := a.routes[key]; ok {
		// Another client took this way already: the same hops, which
		// nothing changes after they are routed.
		return &Flow{Client: c, Request: r, Path: path, Hops: w.Hops, StrippedBy: w.StrippedBy, AppPath: w.AppPath,
			views: make([]View, len(w.Hops)), sels: make([]val, len(w.Hops))}
	}
	f := &Flow{Client: c, Request: r, Path: path}
	defer func() { a.routes[key] = f }()
	req := shape(r, path)
	t := c.Entry.Value
	for t != nil {
		if t.IsSocketIO() {
			f.Hops = append(f.Hops, a.hop(t, nil, nil))
			break
		}
		var via *topology.Route
		for _, rt := range t.Routes {
			if matches(rt, req) {
				via = rt
				break
			}
		}
		next := t.To.Value
		if via != nil {
			next = via.To.Value
			if p, ok := Strip(req.path, via.StripPrefix.Value); ok && via.StripPrefix.Set {
				req.path = p
				f.StrippedBy = append(f.StrippedBy, via)
			}
		}
		f.Hops = append(f.Hops, a.hop(t, via, next))
		t = next
	}
	f.AppPath = req.path
	f.views = make([]View, len(f.Hops))
	f.sels = make([]val, len(f.Hops))
	return f
}

// hop returns the shared Hop for tier t through route rt (nil: the default).
func (a *Analysis) hop(t *topology.Tier, rt *topology.Route, next *topology.Tier) *Hop {
	id := hopID{tier: t.Index, route: -1}
	if rt != nil {
		id.route = rt.Index
	}
	if h, ok := a.hops[id]; ok {
		return h
	}
	h := &Hop{Tier: t, Route: rt, Next: next}
	af := t.Affinity
	if rt != nil {
		af = rt.Effective()
	}
	h.Declared = Method{Balance: af.Balance.Value, Key: af.HashKey.Value, Consistent: af.Consistent.Value, CookieName: af.CookieName.Value}
	if t.IsSocketIO() {
		h.Declared = Method{Balance: topology.RoundRobin}
		if t.StickyWorkers.Value || a.WorkersShareSessions() {
			// Sticky workers, or workers that share the sessions (which
			// keeps a session on its node just the same).
			h.Declared = Method{Balance: StickyWorkers}
		}
	}
	h.Method = h.Declared
	if h.Declared.Balance == topology.Auto {
		h.Auto = &AutoChoice{}
		h.Method = FreeMethod(t)
	}
	a.hops[id] = h
	a.Hops = append(a.Hops, h)
	return h
}

// StickyWorkers is the method of a socketio tier that balances its workers by
// sid (@socket.io/sticky, fact SW).
const StickyWorkers = "sticky_workers"

// FreeMethod is the method a tier uses when it needs no affinity: least
// connections where the product has it (long-lived connections), else round
// robin.
func FreeMethod(t *topology.Tier) Method {
	switch t.Kind.Value {
	case topology.KindNginx, topology.KindHAProxy, topology.KindLVS, topology.KindF5:
		return Method{Balance: topology.LeastConn}
	}
	return Method{Balance: topology.RoundRobin}
}
