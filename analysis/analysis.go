package analysis

import (
	"net"
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/topology"
)

// Request is a kind of request a Socket.IO client makes.
type Request int

// The requests of a session. A polling session is Handshake, then Polls and,
// when the client upgrades, one Upgrade; all of them must reach the process
// that created the session id. A websocket-first session is one WebSocket
// connection. Related requests go to the application's related paths.
const (
	Handshake      Request = iota // GET path?EIO=4&transport=polling, no sid
	Poll                          // GET/POST path?EIO=4&transport=polling&sid=…
	Upgrade                       // GET path?EIO=4&transport=websocket&sid=…, Upgrade: websocket
	WebSocketFirst                // GET path?EIO=4&transport=websocket, Upgrade: websocket, no sid
	Related                       // a request to one of socketio.related_paths
)

// String names the request for messages.
func (r Request) String() string {
	return [...]string{"the polling handshake", "polling requests with a sid", "the websocket upgrade of a polling session", "websocket-first connections", "related requests"}[r]
}

// Method is a balance method as resolved for one hop.
type Method struct {
	Balance    string
	Key        topology.HashKey
	Consistent bool
	CookieName string
}

// Free reports whether the method keeps no affinity.
func (m Method) Free() bool {
	switch m.Balance {
	case topology.RoundRobin, topology.LeastConn, topology.Random, "":
		return true
	}
	return false
}

// AddressKeyed reports whether the method hashes the client address as the
// tier sees it.
func (m Method) AddressKeyed() bool {
	return m.Balance == topology.IPHash || m.Balance == topology.SourceIP ||
		(m.Balance == topology.Hash && m.Key.Kind == topology.KeyClientIP)
}

// Hashed reports whether the method maps a key through a hash function.
func (m Method) Hashed() bool {
	return m.Balance == topology.IPHash || m.Balance == topology.SourceIP || m.Balance == topology.Hash
}

// Hop is one decision point: a tier choosing a node of the next tier, through
// its default `to` (Route == nil) or one of its routes. The socketio tier's
// own hop (between its worker processes) has Next == nil.
type Hop struct {
	Tier  *topology.Tier
	Route *topology.Route
	Next  *topology.Tier
	// Declared is the method as written (balance may be "auto").
	Declared Method
	// Method is the method in force: Declared, or what "auto" resolved to.
	Method Method
	// Auto holds the resolution of balance = "auto", when declared.
	Auto *AutoChoice
	// LoadBearing is set when removing the hop's affinity would break a
	// session or a related request: the affinity is needed.
	LoadBearing bool

	mapping int32
}

// AutoChoice records what balance = "auto" chose at a hop and why.
type AutoChoice struct {
	// Resolved is false when no method keeps sessions at this hop.
	Resolved bool
	Reason   string
}

// BalanceRange is the tightest range for the hop's method: the route's
// balance, the route header, the tier's balance, or the tier header.
func (h *Hop) BalanceRange() hcl.Range {
	if h.Route != nil {
		if h.Route.Affinity.Balance.Set {
			return h.Route.Affinity.Balance.Range
		}
		return h.Route.DeclRange
	}
	return h.Tier.Affinity.Balance.RangeOr(h.Tier.DeclRange)
}

// Where names the hop for messages: `tier "edge"` or `route "ws" of tier "alb"`.
func (h *Hop) Where() string {
	if h.Route != nil {
		return "route " + quote(h.Route.Name) + " of tier " + quote(h.Tier.Name)
	}
	return "tier " + quote(h.Tier.Name)
}

// View is what a tier sees of one request.
type View struct {
	// Peer is the TCP peer address.
	Peer val
	// Client is what the tier takes as the client address (after real_ip_from).
	Client val
	// XFF is the X-Forwarded-For list as it arrives (none when absent).
	XFF val
	// Proxy is the address in an arriving PROXY protocol header (none when absent).
	Proxy val

	proxyFrom *topology.Tier // the tier that sent the PROXY header
}

// Flow is the path of one kind of request of one client population.
type Flow struct {
	Client  *topology.Client
	Request Request
	// Path is the HTTP path of the request as the client sends it.
	Path string
	// AppPath is the path as it reaches the socket.io tier, after the
	// prefixes routes strip; StrippedBy lists those routes.
	AppPath    string
	StrippedBy []*topology.Route
	// Hops lists the decisions in order; the last is the socketio tier's own.
	Hops []*Hop

	views []View
	sels  []val // sels[i]: the node of Hops[i].Tier that serves the request
	final val   // the process (node and worker) that serves the request
}

// Tiers lists the tiers the flow passes, in order.
func (f *Flow) Tiers() []*topology.Tier {
	out := make([]*topology.Tier, len(f.Hops))
	for i, h := range f.Hops {
		out[i] = h.Tier
	}
	return out
}

// End is the socketio tier the flow reaches.
func (f *Flow) End() *topology.Tier { return f.Hops[len(f.Hops)-1].Tier }

// Session groups the flows of one client population that must end on one
// process: the polling handshake, polls and upgrade.
type Session struct {
	Client *topology.Client
	Flows  []*Flow
	// Kept reports whether every request ends on the same process.
	Kept bool
	// Break explains why not, when !Kept.
	Break *Break
}

// Reason is why a hop fails to keep a session on one node.
type Reason int

// Reasons a session breaks at a hop.
const (
	// ReasonFree: the hop keeps no affinity.
	ReasonFree Reason = iota + 1
	// ReasonRouteSplit: requests of one session take different routes.
	ReasonRouteSplit
	// ReasonCookieless: cookie affinity, and the client keeps no cookies.
	ReasonCookieless
	// ReasonKeyAbsent: the key is missing from some request (the handshake).
	ReasonKeyAbsent
	// ReasonKeyUnstable: the key changes between requests of one session.
	ReasonKeyUnstable
	// ReasonAddressUnstable: the address the hop hashes is a proxy address
	// that changes between requests.
	ReasonAddressUnstable
	// ReasonSiblings: sibling nodes of the tier map the key differently and the
	// session is not pinned to one sibling.
	ReasonSiblings
	// ReasonProxyMismatch: connections fail on a PROXY protocol mismatch.
	ReasonProxyMismatch
	// ReasonCrossSite: cookie affinity (or a hash on a cookie), and the
	// client is a cross-site page, whose requests do not reliably carry
	// the endpoint's cookies (Client.CarriesCookies).
	ReasonCrossSite
)

// Break locates where a session breaks.
type Break struct {
	Hop    *Hop
	Reason Reason
	// Requests that land apart, e.g. Handshake and Poll.
	Requests []Request
	// Culprit is an upstream tier that causes an unstable key, if any.
	Culprit *topology.Tier
}

// Analysis is the analysed chain.
type Analysis struct {
	Topology *topology.Topology
	// Hops lists every hop used by some flow, in tier and route order.
	Hops []*Hop
	// Flows lists every flow, by client then request.
	Flows []*Flow
	// Sessions lists the polling sessions, one per client that polls.
	Sessions []*Session
	// RelatedBreaks lists related requests that do not reach the socket's process.
	RelatedBreaks []RelatedBreak
	// ProxyMismatches lists PROXY protocol mismatches between two tiers.
	ProxyMismatches []ProxyMismatch
	// Processes is the number of socket.io processes over the socketio
	// tiers some flow reaches (a backend no Socket.IO or related request
	// reaches, such as an imported configuration's static web servers,
	// runs no part of the application's broadcasts).
	Processes int

	in   *interner
	hops map[hopID]*Hop
	// routes holds the first flow routed each way (entry tier, request,
	// path), whose hops the later flows of that way share.
	routes map[routeKey]*Flow
	// byClient indexes Flows by client (built on first use; Flows do not
	// change after Analyze builds them), sessionOf indexes Sessions.
	byClient  map[*topology.Client][]*Flow
	sessionOf map[*topology.Client]*Session
	shares    map[*topology.Tier]float64 // ShareThrough, per tier
}

// RelatedBreak is a related request that does not follow the socket.
type RelatedBreak struct {
	Client *topology.Client
	Path   string
	// Hop is where the related request leaves the socket's way.
	Hop *Hop
	// Socket is the socket's hop at the same tier, when the two differ there.
	Socket *Hop
	// WebSocketFirst is set when the socket is a websocket-first connection.
	WebSocketFirst bool
}

// ProxyMismatch is a PROXY protocol header sent but not accepted, or
// expected but not sent.
type ProxyMismatch struct {
	// From sends (or fails to send) to To.
	From, To *topology.Tier
	// Sent is true when From sends a PROXY header that To does not accept.
	Sent bool
}

type routeKey struct {
	entry *topology.Tier
	r     Request
	path  string
}

type hopID struct {
	tier  int
	route int // -1 for the default
}

// Analyze builds the analysis of t, which must have decoded without errors.
func Analyze(t *topology.Topology) *Analysis {
	a := &Analysis{Topology: t, in: newInterner(), hops: map[hopID]*Hop{}, routes: map[routeKey]*Flow{}}
	for _, c := range t.Clients {
		for _, r := range requestsOf(t, c) {
			for _, p := range pathsOf(t, c, r) {
				a.Flows = append(a.Flows, a.route(c, r, p))
			}
		}
	}
	reached := map[*topology.Tier]bool{}
	for _, f := range a.Flows {
		if n := len(f.Hops); n > 0 {
			if end := f.Hops[n-1].Tier; end.IsSocketIO() && !reached[end] {
				reached[end] = true
				a.Processes += end.Processes()
			}
		}
	}
	a.resolveAuto()
	a.evaluate()
	sort.SliceStable(a.Hops, func(i, j int) bool {
		hi, hj := a.Hops[i], a.Hops[j]
		if hi.Tier.Index != hj.Tier.Index {
			return hi.Tier.Index < hj.Tier.Index
		}
		return hi.RouteIndex() < hj.RouteIndex()
	})
	return a
}

// RouteIndex orders the hops of one tier: its routes in declared order,
// then its default way.
func (h *Hop) RouteIndex() int {
	if h.Route == nil {
		return 1 << 30
	}
	return h.Route.Index
}

// requestsOf lists the requests client c makes, given the transports it and
// the server allow.
func requestsOf(t *topology.Topology, c *topology.Client) []Request {
	s := t.SocketIO
	polling := c.Uses(topology.Polling) && s.Allows(topology.Polling)
	ws := c.Uses(topology.WebSocket) && s.Allows(topology.WebSocket)
	var out []Request
	if polling {
		out = append(out, Handshake, Poll)
		if ws {
			out = append(out, Upgrade)
		}
	}
	if ws && (!polling || firstOf(c.Transports.Value) == topology.WebSocket) {
		out = append(out, WebSocketFirst)
	}
	if len(s.RelatedPaths.Value) > 0 && (polling || ws) {
		out = append(out, Related)
	}
	return out
}

func firstOf(l []string) string {
	for _, s := range l {
		if s == topology.Polling || s == topology.WebSocket {
			return s
		}
	}
	return ""
}

// pathsOf lists the HTTP paths of request r of client c: the client's
// engine.io path, or one representative path per related path (wildcards
// filled in).
func pathsOf(t *topology.Topology, c *topology.Client, r Request) []string {
	if r != Related {
		return []string{c.Path.Value}
	}
	var out []string
	for _, p := range t.SocketIO.RelatedPaths.Value {
		out = append(out, p)
	}
	return out
}

// Sessions of client c, or nil when c does not poll.
func (a *Analysis) SessionOf(c *topology.Client) *Session {
	if a.sessionOf == nil || len(a.sessionOf) != len(a.Sessions) {
		a.sessionOf = make(map[*topology.Client]*Session, len(a.Sessions))
		for _, s := range a.Sessions {
			a.sessionOf[s.Client] = s
		}
	}
	return a.sessionOf[c]
}

// flowsOf returns client c's flows, in the order of Flows.
func (a *Analysis) flowsOf(c *topology.Client) []*Flow {
	if a.byClient == nil {
		a.byClient = make(map[*topology.Client][]*Flow, len(a.Topology.Clients))
		for run := range clientRuns(a.Flows) {
			a.byClient[run[0].Client] = run
		}
	}
	return a.byClient[c]
}

// FlowsOf returns client c's flows, in the order of Flows.
func (a *Analysis) FlowsOf(c *topology.Client) []*Flow { return a.flowsOf(c) }

// FlowsThrough lists the flows whose path contains hop h.
func (a *Analysis) FlowsThrough(h *Hop) []*Flow {
	var out []*Flow
	for _, f := range a.Flows {
		for _, fh := range f.Hops {
			if fh == h {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// ClientAddressAt reports whether tier position i of flow f takes the client's
// own address as the client address, and whether the address arrives there
// through some channel (peer, X-Forwarded-For or PROXY header) at all.
func (a *Analysis) ClientAddressAt(f *Flow, i int) (used, available bool) {
	v := f.views[i]
	c := a.in.get(vClient, 0, 0, 0)
	used = v.Client == c
	available = used || v.Peer == c || a.in.listHas(v.XFF, c) || v.Proxy == c
	return
}

// KeyPerClient reports whether the key hop i of flow f hashes differs from
// client to client (it is derived from the client).
func (a *Analysis) KeyPerClient(f *Flow, i int) bool {
	return a.in.perClient(a.keyOf(f, i))
}

// LastClientTier returns the index of the last tier before i on f's path
// whose client address is the client's own, or -1.
func (a *Analysis) LastClientTier(f *Flow, i int) int {
	c := a.in.get(vClient, 0, 0, 0)
	for j := i - 1; j >= 0; j-- {
		if f.views[j].Client == c {
			return j
		}
	}
	return -1
}

// PeerTier returns the tier whose addresses tier position i of flow f sees as
// its peer, walking back over transparent layer 4 tiers; nil when the peer is
// the client.
func PeerTier(f *Flow, i int) *topology.Tier {
	for j := i - 1; j >= 0; j-- {
		t := f.Hops[j].Tier
		if t.Kind.Value == topology.KindDispatcher {
			return nil
		}
		if t.IsL4() && t.ForwardsClientIP.Value == topology.ForwardPreserve {
			continue
		}
		return t
	}
	return nil
}

func quote(s string) string { return `"` + s + `"` }

// MethodOf returns the method in force for tier t's default way (r == nil)
// or route r: the resolved method when a flow uses that way, else the
// declared one, with "auto" falling back to no affinity.
func (a *Analysis) MethodOf(t *topology.Tier, r *topology.Route) Method {
	id := hopID{tier: t.Index, route: -1}
	if r != nil {
		id.route = r.Index
	}
	if h, ok := a.hops[id]; ok {
		return h.Method
	}
	af := t.Affinity
	if r != nil {
		af = r.Effective()
	}
	m := Method{Balance: af.Balance.Value, Key: af.HashKey.Value, Consistent: af.Consistent.Value, CookieName: af.CookieName.Value}
	if m.Balance == topology.Auto {
		return FreeMethod(t)
	}
	return m
}

// HopOf returns the hop of tier t's default way (r == nil) or route r, or
// nil when no flow takes it.
func (a *Analysis) HopOf(t *topology.Tier, r *topology.Route) *Hop {
	id := hopID{tier: t.Index, route: -1}
	if r != nil {
		id.route = r.Index
	}
	return a.hops[id]
}

// FrontTiers returns the tiers whose addresses tier t sees as its peer, over
// every flow, in tier order; hasClient is set when clients connect to it
// directly.
func (a *Analysis) FrontTiers(t *topology.Tier) (fronts []*topology.Tier, hasClient bool) {
	seen := map[*topology.Tier]bool{}
	for _, f := range a.Flows {
		for i, h := range f.Hops {
			if h.Tier != t {
				continue
			}
			p := PeerTier(f, i)
			if p == nil {
				hasClient = true
			} else if !seen[p] {
				seen[p] = true
				fronts = append(fronts, p)
			}
		}
	}
	sort.Slice(fronts, func(i, j int) bool { return fronts[i].Index < fronts[j].Index })
	return fronts, hasClient
}

// SuggestTimeout is the idle timeout topo suggests and renders for a
// heartbeat (ping_interval + ping_timeout) of hb: hb + 30s rounded up to a
// whole 15 seconds (75s for socket.io's default 45s; 90s for 45.5s), never
// below hb + 30s (fact S3).
func SuggestTimeout(hb time.Duration) time.Duration {
	const step = 15 * time.Second
	d := hb + 30*time.Second
	return (d + step - 1) / step * step
}

// Used reports whether some flow passes tier t.
func (a *Analysis) Used(t *topology.Tier) bool {
	for _, f := range a.Flows {
		if f.Passes(t) {
			return true
		}
	}
	return false
}

// Passes reports whether flow f passes tier t.
func (f *Flow) Passes(t *topology.Tier) bool {
	for _, h := range f.Hops {
		if h.Tier == t {
			return true
		}
	}
	return false
}

// SameSlash24 reports whether every address is IPv4 in one /24 (nginx
// ip_hash keys on the first three octets, fact N1).
func SameSlash24(addrs []string) bool {
	var first net.IP
	for _, s := range addrs {
		ip := net.ParseIP(s)
		if _, n, err := net.ParseCIDR(s); err == nil {
			// A range within one /24 is in that /24.
			if ones, bits := n.Mask.Size(); bits != 32 || ones < 24 {
				return false
			}
			ip = n.IP
		}
		if ip == nil || ip.To4() == nil {
			return false
		}
		ip = ip.To4()
		if first == nil {
			first = ip
		} else if ip[0] != first[0] || ip[1] != first[1] || ip[2] != first[2] {
			return false
		}
	}
	return first != nil
}

// XFFChanges reports whether the X-Forwarded-For list that reaches position
// i of flow f is there and changes between the requests of a session (it
// holds the address of a proxy that keeps no session on one node).
func (a *Analysis) XFFChanges(f *Flow, i int) bool {
	x := f.views[i].XFF
	return x != none && !a.in.listStable(x)
}

// ClientSource says what position i of flow f takes as the client address:
// perClient when it differs from client to client (the client's own address
// or a value derived from it), else src, the proxy tier whose address it is
// (nil when unknown).
func (a *Analysis) ClientSource(f *Flow, i int) (src *topology.Tier, perClient bool) {
	key := f.views[i].Client
	if a.in.perClient(key) {
		return nil, true
	}
	if key >= 0 {
		if k := a.in.keys[key]; k.kind == vEgressConst || k.kind == vEgressOf {
			return a.Topology.Tiers[k.a], false
		}
	}
	return a.Culprit(f, i), false
}

// AddressChanges reports whether the client address position i of flow f
// sees changes between the requests of a session, because the tier in front
// does not keep the session on one of its nodes.
func (a *Analysis) AddressChanges(f *Flow, i int) bool {
	return f.views[i].Client == free && f.sels[i+1] == free
}

// EgressCount is how many source addresses tier t's nodes connect from: its
// egress addresses, a CIDR range counting as many as it holds (at most
// 1<<20), else its nodes; ranges reports whether a range is among them.
func EgressCount(t *topology.Tier) (n int, ranges bool) {
	if len(t.EgressAddresses.Value) == 0 {
		return t.NodeCount(), false
	}
	for _, s := range t.EgressAddresses.Value {
		if _, r, err := net.ParseCIDR(s); err == nil {
			ones, bits := r.Mask.Size()
			size := 1 << 20
			if bits-ones < 20 {
				size = 1 << (bits - ones)
			}
			n = min(n+size, 1<<20)
			ranges = true
			continue
		}
		n++
	}
	return n, ranges
}
