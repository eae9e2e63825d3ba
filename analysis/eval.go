package analysis

import (
	"fmt"

	"github.com/topolint/topo/topology"
)

// counterfactual forces one hop to pick a node per session (ideal) or to keep
// no affinity (!ideal) while the rest of the chain stays as declared.
type counterfactual struct {
	hop   *Hop
	ideal bool
}

// eval computes the views, node selections and final process of flow f.
func (a *Analysis) eval(f *Flow, cf *counterfactual) {
	in := a.in
	client := in.get(vClient, 0, 0, 0)
	v := View{Peer: client, XFF: none, Proxy: none}
	sel := a.only(f.Hops[0].Tier, free)
	for i, h := range f.Hops {
		t := h.Tier
		switch t.RealIPFrom.Value {
		case topology.ForwardXFF:
			v.Client = v.Peer
			if v.XFF != none && !t.IsL4() {
				v.Client = in.listLast(v.XFF)
			}
		case topology.ForwardProxyProtocol:
			v.Client = v.Peer
			if v.Proxy != none {
				v.Client = v.Proxy
			}
		default:
			v.Client = v.Peer
		}
		f.views[i] = v
		f.sels[i] = sel
		if h.Next == nil {
			f.final = a.worker(f, h, sel, cf)
			return
		}
		next := a.pick(f, i, sel, cf)
		v = a.forward(t, v, sel)
		sel = next
	}
}

// only returns the value of tier t's only node, or dflt when it has several.
func (a *Analysis) only(t *topology.Tier, dflt val) val {
	if t.NodeCount() == 1 {
		return a.in.get(vOnly, int32(t.Index), 0, 0)
	}
	return dflt
}

// worker picks the process on the socketio node sel.
func (a *Analysis) worker(f *Flow, h *Hop, sel val, cf *counterfactual) val {
	t := h.Tier
	if cf != nil && cf.hop == h {
		if cf.ideal {
			return a.in.get(vIdeal, int32(t.Index), -1, 0)
		}
		if t.Workers.Value > 1 {
			return free
		}
	}
	if sel == free || t.Workers.Value == 1 {
		return sel
	}
	if h.Method.Balance == StickyWorkers && f.Request != Related {
		return a.in.get(vWorker, int32(sel), 0, 0)
	}
	return free
}

// egress is the address tier t's node sel connects from.
func (a *Analysis) egress(t *topology.Tier, sel val) val {
	n := len(t.EgressAddresses.Value)
	if n == 0 {
		n = t.NodeCount()
	}
	if n == 1 {
		return a.in.get(vEgressConst, int32(t.Index), 0, 0)
	}
	if sel == free {
		return free
	}
	return a.in.get(vEgressOf, int32(t.Index), int32(sel), 0)
}

// forward returns what the next tier sees when tier t's node sel passes on a
// request it saw as v.
func (a *Analysis) forward(t *topology.Tier, v View, sel val) View {
	in := a.in
	fwd := t.ForwardsClientIP.Value
	var nv View
	switch {
	case t.Kind.Value == topology.KindDispatcher:
		// The client connects to the node it was handed, directly.
		return View{Peer: in.get(vClient, 0, 0, 0), XFF: none, Proxy: none}
	case t.IsL4():
		nv.Peer = a.egress(t, sel)
		if fwd == topology.ForwardPreserve {
			nv.Peer = v.Peer
		}
		nv.XFF = v.XFF
		nv.Proxy, nv.proxyFrom = v.Proxy, v.proxyFrom
		if t.RealIPFrom.Value == topology.ForwardProxyProtocol {
			nv.Proxy, nv.proxyFrom = none, nil
		}
	default:
		nv.Peer = a.egress(t, sel)
		nv.XFF = v.XFF
		if fwd == topology.ForwardXFF {
			nv.XFF = in.appendList(v.XFF, v.Client)
		}
		nv.Proxy = none
	}
	if fwd == topology.ForwardProxyProtocol {
		nv.Proxy, nv.proxyFrom = v.Client, t
	}
	return nv
}

// mapping identifies how hop h maps keys to nodes: two hops with the same
// mapping send the same key to the same node.
func (a *Analysis) mapping(h *Hop) int32 {
	m := h.Method
	// Hops of one tier to one next tier with one method share the upstream
	// (nginx), the backend's server cookies (HAProxy) or the target group
	// (ALB: render makes one target group per next tier and stickiness).
	return a.in.name(fmt.Sprintf("%d>%d|%s|%s|%t|%s", h.Tier.Index, nextIndex(h), m.Balance, m.Key, m.Consistent, m.CookieName))
}

func nextIndex(h *Hop) int {
	if h.Next == nil {
		return -1
	}
	return h.Next.Index
}

// siblingDependent reports whether the sibling nodes of h's tier may map one
// key to different nodes: they list the servers in different orders and the
// method depends on the order, or each keeps its own table of affinities
// (kube-proxy's ClientIP affinity lives in each node's rules, fact K3).
func siblingDependent(h *Hop) bool {
	t, m := h.Tier, h.Method
	if t.Kind.Value == topology.KindK8sService && m.Balance == topology.SourceIP && t.NodeCount() >= 2 {
		return true
	}
	if m.Balance == topology.Learn {
		// Each node learns alone; a shared table (HAProxy peers) reaches
		// the others asynchronously, so a poll sent right after its
		// handshake can still find a sibling that has not learned the sid
		// (fact H16, measured live).
		return t.NodeCount() >= 2
	}
	if t.ServerOrder.Value != topology.ServerOrderDiffers || t.NodeCount() < 2 {
		return false
	}
	switch {
	case m.Balance == topology.IPHash:
		return true
	case m.Hashed():
		// nginx builds its consistent ring from the server names, not their
		// order; other products key ring points on server positions or ids.
		return !m.Consistent || t.Kind.Value != topology.KindNginx
	case m.Balance == topology.Cookie:
		return t.Kind.Value == topology.KindHAProxy
	}
	return false
}

// keyOf returns the key hop i of flow f hashes, none when the request lacks
// it, free when it changes between requests.
func (a *Analysis) keyOf(f *Flow, i int) val {
	in := a.in
	h := f.Hops[i]
	v := f.views[i]
	m := h.Method
	r := f.Request
	socket := r != Related
	if m.AddressKeyed() {
		return v.Client
	}
	if m.Balance != topology.Hash {
		return none
	}
	name := m.Key.Name
	switch m.Key.Kind {
	case topology.KeyXFF:
		if v.XFF != none && XFFPortBy(f, i) != nil {
			// An entry written as IP:port: the port is the client's
			// source port, new with every connection (fact K7).
			return free
		}
		if v.XFF == none || !in.listStable(v.XFF) {
			if v.XFF == none {
				return none
			}
			return free
		}
		return v.XFF
	case topology.KeyHeader:
		switch name {
		case "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "cookie", "content-length", "content-type":
			return free
		case "host":
			return in.get(vConst, in.name("header:host"), 0, 0)
		}
		if !f.Client.SendsHeader(name, r == Upgrade || r == WebSocketFirst) {
			return none
		}
		return in.get(vName, in.name("header:"+name), 0, 0)
	case topology.KeyCookie:
		if !f.Client.CarriesCookies() {
			return none
		}
		if name == "io" {
			if !a.Topology.SocketIO.Cookie.Value || r == Handshake || r == WebSocketFirst {
				return none
			}
			return in.get(vSid, 0, 0, 0)
		}
		return in.get(vName, in.name("cookie:"+name), 0, 0)
	case topology.KeyQuery:
		switch name {
		case "sid":
			if r == Poll || r == Upgrade {
				return in.get(vSid, 0, 0, 0)
			}
			return none
		case "t":
			if r == Handshake || r == Poll {
				return free
			}
			return none
		case "transport", "EIO":
			if !socket {
				return none
			}
			q := shape(r, f.Path).query
			return in.get(vConst, in.name("query:"+name+"="+q[name]), 0, 0)
		}
		if !socket {
			return none
		}
		return in.get(vName, in.name("query:"+name), 0, 0)
	}
	return none
}

// CookiePathLost reports whether the affinity cookie hop h inserts carries
// a Path the browser never matches: ingress-nginx sets it to the Ingress
// path, which is a regular expression when the route rewrites (strips a
// prefix), unless session-cookie-path (cookie_path) says otherwise (fact
// K4).
func CookiePathLost(h *Hop) bool {
	r := h.Route
	return h.Tier.Kind.Value == topology.KindIngressNginx && h.Method.Balance == topology.Cookie &&
		r != nil && r.StripPrefix.Set && !r.CookiePath.Set
}

// cookieCarried reports whether the requests of client c carry the affinity
// cookie of method m: the client keeps cookies, and an application cookie
// ("io") is only there when the server sets it.
func (a *Analysis) cookieCarried(c *topology.Client, m Method) bool {
	if !c.CarriesCookies() {
		return false
	}
	if m.CookieName == "io" && !a.Topology.SocketIO.Cookie.Value {
		return false
	}
	return true
}

// pick returns the node of the next tier that hop i of flow f picks.
func (a *Analysis) pick(f *Flow, i int, sel val, cf *counterfactual) val {
	in := a.in
	h := f.Hops[i]
	t, n := h.Tier, h.Next
	if n.NodeCount() == 1 {
		return a.only(n, free)
	}
	if cf != nil && cf.hop == h {
		if cf.ideal {
			return in.get(vIdeal, int32(t.Index), int32(n.Index), 0)
		}
		return free
	}
	if t.Kind.Value == topology.KindDispatcher {
		return in.get(vDispatch, int32(t.Index), 0, 0)
	}
	m := h.Method
	mp := a.mapping(h)
	switch {
	case m.Free() || !Effective(t, m):
		return free
	case m.Balance == topology.Cookie:
		if !a.cookieCarried(f.Client, m) || sharedAWSALB(f, i) || CookiePathLost(h) {
			return free
		}
		if siblingDependent(h) {
			if sel == free {
				return free
			}
			return in.get(vCookie, mp, int32(sel), 0)
		}
		return in.get(vCookie, mp, -1, 0)
	case m.Balance == topology.Learn:
		// The node that answered the handshake is learned from the io
		// cookie its response sets; every later request carries the sid
		// (fact H16). A websocket-first connection or a related request
		// has no sid to look up.
		if !a.Topology.SocketIO.Cookie.Value || f.Request == WebSocketFirst || f.Request == Related {
			return free
		}
		if siblingDependent(h) {
			if sel == free {
				return free
			}
			return in.get(vCookie, mp, int32(sel), 0)
		}
		return in.get(vCookie, mp, -1, 0)
	}
	key := a.keyOf(f, i)
	if key == free && m.Balance == topology.IPHash && t.Kind.Value == topology.KindNginx && t.RealIPFrom.Value == topology.RealIPPeer {
		// nginx ip_hash keys on the first three octets: proxies that
		// change per request but share one /24 still give one key.
		if p := PeerTier(f, i); p != nil && SameSlash24(p.EgressAddresses.Value) {
			key = in.get(vEgressConst, int32(p.Index), 0, 0)
		}
	}
	if key == free || key == none {
		return free
	}
	sib := int32(-1)
	if siblingDependent(h) {
		if sel == free {
			return free
		}
		sib = int32(sel)
	}
	return in.get(vHop, mp, int32(key), sib)
}

// Effective reports whether method m does keep affinity at tier t: the
// product has it (see unsupported) and, at layer 4, it needs nothing above
// TCP.
func Effective(t *topology.Tier, m Method) bool {
	if Unsupported(t, m) != "" {
		return false
	}
	if t.IsL4() && (m.Balance == topology.Cookie || (m.Balance == topology.Hash && m.Key.Kind != topology.KeyClientIP)) {
		return false
	}
	return true
}

// sharedAWSALB reports whether hop i of flow f is an ALB with duration-based
// stickiness (the AWSALB cookie) while another ALB hop on the same path uses
// it too: AWSALB is one name across all target groups, so the two layers
// overwrite each other's cookie (fact A1).
func sharedAWSALB(f *Flow, i int) bool {
	if !isAWSALB(f.Hops[i]) {
		return false
	}
	for j, h := range f.Hops {
		if j != i && isAWSALB(h) {
			return true
		}
	}
	return false
}

func isAWSALB(h *Hop) bool {
	return h.Tier.Kind.Value == topology.KindALB && h.Method.Balance == topology.Cookie && h.Method.CookieName == ""
}

// XFFPortBy returns the tier in front of position i of flow f that writes
// its entry of X-Forwarded-For as IP:port (an Azure Application Gateway,
// fact K7), or nil. The whole header then changes with the client's source
// port; nginx's realip module and HAProxy's hdr_ip read the address without
// the port.
func XFFPortBy(f *Flow, i int) *topology.Tier {
	for j := 0; j < i && j < len(f.Hops); j++ {
		t := f.Hops[j].Tier
		if t.Kind.Value == topology.KindAzureAppGW && t.ForwardsClientIP.Value == topology.ForwardXFF {
			return t
		}
	}
	return nil
}
