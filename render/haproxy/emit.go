package haproxy

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/topolint/topo/render/output"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// Suffix ends the name of every file this target writes.
const Suffix = ".cfg"

// Emit writes one complete configuration per node of every haproxy tier of
// p, named <tier>-<n>.cfg, n = 1, 2, … in the order of the tier's nodes. It
// returns the first tier that cannot be rendered as a *plan.Error.
func Emit(p *plan.Plan) ([]output.File, error) {
	return p.PerNode(topology.KindHAProxy, emitter(p))
}

// Each is Emit one file at a time: yield gets each file as it is written,
// so memory holds one file, not the set.
func Each(p *plan.Plan, yield func(output.File) error) error {
	return p.EachNode(topology.KindHAProxy, emitter(p), yield)
}

// emitter renders node i of tier t. What the nodes of a tier share (the
// configuration but its node's addresses, the backends section, the trusted
// address lists) is decided, checked and written once per tier.
func emitter(p *plan.Plan) func(t *plan.Tier, i int) (output.File, error) {
	type tierPart struct {
		plan   Plan
		shared shared
	}
	return plan.OncePerTier(func(t *plan.Tier) (tierPart, error) {
		tp, err := fromTier(p, t)
		if err != nil {
			return tierPart{}, err
		}
		sh, err := renderShared(tp)
		return tierPart{tp, sh}, err
	}, func(tt tierPart, t *plan.Tier, i int) (output.File, error) {
		cfg := forNode(tt.plan, p, t, i)
		data, err := renderWith(cfg, tt.shared)
		return output.File{Name: FileName(cfg.Header), Data: data}, err
	})
}

// FromPlan translates the plan of tier t into the configuration of its node
// with index node (0-based).
func FromPlan(p *plan.Plan, t *plan.Tier, node int) (Plan, error) {
	hp, err := fromTier(p, t)
	if err != nil {
		return hp, err
	}
	return forNode(hp, p, t, node), nil
}

// forNode completes the tier's configuration tp for its node with index
// node: the header, the bind address, the stats socket and the redirect.
func forNode(tp Plan, p *plan.Plan, t *plan.Tier, node int) Plan {
	tp.Header = p.Header(t, node)
	tp.Global.StatsSocket = tp.Header.FileName(".sock")
	tp.Frontend.Bind.Address = t.Nodes[node]
	if tp.Peers != nil {
		ps := *tp.Peers
		ps.Local = ps.List[node].Name
		tp.Peers = &ps
	}
	tp.Redirect = nil
	if addr, port, ok := t.Redirect(node); ok {
		tp.Redirect = &Redirect{Bind: addr, TLSPort: port,
			Comments: []string{"redirect_http_port: plain HTTP is sent to https (308 keeps the method and the body)"}}
	}
	return tp
}

// fromTier translates the plan of tier t into what every node's
// configuration shares; forNode completes it for one node.
func fromTier(p *plan.Plan, t *plan.Tier) (Plan, error) {
	idle := t.Timeout.Value
	hp := Plan{
		Version:  t.Version,
		Mode:     ModeHTTP,
		Timeouts: Timeouts{Connect: 5 * time.Second, Client: idle, Server: idle, Tunnel: time.Hour, ClientFin: 30 * time.Second, Comments: t.Timeout.Comments},
	}
	if t.L4 {
		hp.Mode = ModeTCP
	} else {
		hp.Timeouts.HTTPRequest = 10 * time.Second
	}
	hp.Global = Global{MaxConn: t.Capacity.Budget, HardStopAfter: t.Drain, MasterWorker: true,
		Comments: []string{"connection-capacity: " + t.Capacity.Why}}
	if t.Ports != "" {
		hp.Global.Comments = append(hp.Global.Comments, t.Ports)
	}
	fe := Frontend{Name: t.Name, ForwardedProto: t.SetForwardedProto && !t.L4}
	if t.TLS != nil {
		if k := t.TLS.Key; k != t.TLS.Certificate && k != plan.DefaultKey(t.TLS.Certificate) {
			return hp, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("HAProxy reads the private key from the certificate file or from %q; tls_key = %q cannot be rendered", plan.DefaultKey(t.TLS.Certificate), k)}
		}
		fe.TLS = &TLS{Certificate: t.TLS.Certificate, MinVersion: t.TLS.MinVersion, Ciphers: t.TLS.Ciphers, HTTP2: t.TLS.HTTP2}
	}
	switch t.ClientAddress.From {
	case topology.ForwardProxyProtocol:
		fe.Bind.AcceptProxy = true
		fe.Bind.Comments = []string{"proxy-protocol-mismatch: the tier in front sends the PROXY protocol"}
		if t.ClientAddress.Err == nil {
			fe.Bind.ProxyFrom = t.ClientAddress.Trusted
			fe.Bind.Comments = append(fe.Bind.Comments, "client-ip-lost: only the addresses of tier "+t.ClientAddress.TrustedTiers+" may send it")
		} else {
			fe.Bind.Comments = append(fe.Bind.Comments, "Any source may send a PROXY header here: declare the egress_addresses of the tier in front to restrict it")
		}
	case topology.ForwardXFF:
		if t.ClientAddress.Err != nil {
			return hp, t.ClientAddress.Err
		}
		fe.RealIP = &RealIP{From: t.ClientAddress.Trusted, Comments: []string{"client-ip-lost: take the client address from X-Forwarded-For of tier " + t.ClientAddress.TrustedTiers}}
	}
	if t.ForwardXFF {
		fe.ForwardFor = true
		fe.ForwardForComments = []string{"client-ip-lost: hand the client address to the next tier"}
	}
	for _, w := range t.Ways {
		if w.Route == nil {
			fe.DefaultBackend = w.Backend.Name
			continue
		}
		if t.L4 {
			return hp, &plan.Error{Tier: t.Name, Reason: "a layer 4 (mode tcp) HAProxy tier cannot route by path, query or header"}
		}
		r := Route{Name: w.Route.Name, Path: w.Route.Path.Value, Backend: w.Backend.Name}
		for _, kv := range w.Route.Query.Value {
			r.Query = append(r.Query, Match{Name: kv.Key, Value: kv.Value})
		}
		for _, kv := range w.Route.Header.Value {
			r.Header = append(r.Header, Match{Name: kv.Key, Value: kv.Value})
		}
		if w.Related {
			r.Comments = []string{"related-route-affinity: same backend as the socket"}
		}
		fe.Routes = append(fe.Routes, r)
	}
	for _, b := range t.Backends {
		be, err := backend(t, b)
		if err != nil {
			return hp, err
		}
		be.Check, be.CheckComments = CheckTCP, nil
		if b.Next.IsSocketIO() && !t.L4 {
			// engine.io answers a GET of its path without a transport
			// with 400 "Transport unknown", without opening a session.
			be.Check, be.CheckStatus = p.Analysis.Topology.SocketIO.Path.Value, 400
			be.CheckComments = []string{"A dead node gets no new session: a GET of the engine.io path without a transport opens none"}
		}
		for _, w := range t.Ways {
			be.RealIP = be.RealIP || (w.Backend == b && w.RealIP && !t.L4)
		}
		be.CookieSecure = t.Secure
		be.CookieSameSiteNone = t.Secure && t.CrossSite
		if t.SendProxy {
			be.SendProxyV2 = true
			be.SendProxyComments = []string{"client-ip-lost: hand the client address on in a PROXY v2 header"}
		}
		hp.Backends = append(hp.Backends, be)
	}
	hp.Frontend = fe
	for _, b := range t.Backends {
		if b.LearnShared {
			ids := plan.ServerIDs(t.Nodes)
			hp.Peers = &Peers{Name: PeersName, Comments: []string{"The nodes of this tier share their learned sids here (shared_table)."}}
			for i, n := range t.Nodes {
				host, _, err := net.SplitHostPort(n)
				if err != nil {
					return hp, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("node %q has no host:port for its peer", n)}
				}
				hp.Peers.List = append(hp.Peers.List, Peer{Name: peerName(ids[i]), Address: net.JoinHostPort(host, strconv.Itoa(b.PeersPort))})
			}
			break
		}
	}
	return hp, nil
}

// PeersName names the peers section of a tier whose nodes share a learned
// table.
const PeersName = "topo"

// peerName is a node's name in the peers section, from its address-derived
// id (plan.ServerIDs), so that it is the same in every node's file.
func peerName(id int) string { return "p" + strconv.Itoa(id) }

// plainBalances are the methods without a key, by their names in the
// language.
var plainBalances = map[string]Balance{
	topology.RoundRobin: BalanceRoundRobin,
	topology.LeastConn:  BalanceLeastConn,
	topology.Random:     BalanceRandom,
}

// backend translates a plan backend.
func backend(t *plan.Tier, b *plan.Backend) (Backend, error) {
	be := Backend{Name: b.Name, Comments: b.Comments, BalanceFactor: b.BalanceFactor, H2: b.H2, StripPrefix: b.StripPrefix}
	m := b.Method
	if plain, ok := plainBalances[m.Balance]; ok {
		be.Balance = plain
	}
	switch m.Balance {
	case topology.RoundRobin, topology.LeastConn, topology.Random:
	case topology.IPHash, topology.SourceIP:
		be.Balance, be.Consistent = BalanceSource, m.Consistent
	case topology.Hash:
		be.Consistent = m.Consistent
		switch m.Key.Kind {
		case topology.KeyClientIP:
			be.Balance = BalanceSource
		case topology.KeyXFF:
			be.Balance, be.Key = BalanceHeader, "x-forwarded-for"
		case topology.KeyHeader:
			be.Balance, be.Key = BalanceHeader, m.Key.Name
		case topology.KeyQuery:
			be.Balance, be.Key = BalanceURLParam, m.Key.Name
		default:
			return be, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("hash_key %q: topo renders HAProxy hashing on the client address, a header or a query parameter; use balance = \"cookie\" for cookie affinity", m.Key)}
		}
	case topology.Learn:
		// The handshake goes to the least busy server; the io cookie its
		// response sets is learned, and the sid parameter of every later
		// request finds it (fact H16).
		be.Balance = BalanceLeastConn
		be.Learn = &Learn{Expire: plan.LearnExpire, Comments: []string{"learned stickiness: the sid of the io cookie the handshake response sets, found in the sid parameter of every later request (clients need no cookies)"}}
		if b.LearnShared {
			be.Learn.Peers = PeersName
			be.Learn.Comments = append(be.Learn.Comments, "sibling-divergence: the nodes of the tier share the table (peers "+PeersName+")")
		}
	case topology.Cookie:
		be.Balance = BalanceLeastConn
		be.Cookie = b.Cookie
		be.CookieComments = b.Comments
		be.Comments = nil
	default:
		return be, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("balance %q cannot be rendered for HAProxy", m.Balance)}
	}
	for i, s := range b.Servers {
		sv := Server{Address: s, MaxConns: b.MaxConns, Weight: b.Weight}
		if i < len(b.ServerIDs) {
			sv.ID = b.ServerIDs[i]
		}
		be.Servers = append(be.Servers, sv)
	}
	if len(be.Servers) == 0 {
		return be, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("the next tier %q declares no nodes to proxy to", b.Next.Name)}
	}
	return be, nil
}
