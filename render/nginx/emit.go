package nginx

import (
	"fmt"
	"strings"
	"time"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/render/output"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// Suffix ends the name of every file this target writes.
const Suffix = ".conf"

// Emit writes one complete configuration per node of every nginx tier of p,
// named <tier>-<n>.conf, n = 1, 2, … in the order of the tier's nodes.
// loadModules are dynamic modules that layer 4 (stream) files load (see
// Plan.LoadModules). It returns the first tier that cannot be rendered as a
// *plan.Error.
func Emit(p *plan.Plan, loadModules []string) ([]output.File, error) {
	return p.PerNode(topology.KindNginx, emitter(p, loadModules))
}

// Each is Emit one file at a time: yield gets each file as it is written,
// so memory holds one file, not the set.
func Each(p *plan.Plan, loadModules []string, yield func(output.File) error) error {
	return p.EachNode(topology.KindNginx, emitter(p, loadModules), yield)
}

// emitter renders node i of tier t. What the nodes of a tier share (the
// configuration but its node's addresses, the upstreams, the trusted
// addresses) is decided and checked once per tier.
func emitter(p *plan.Plan, loadModules []string) func(t *plan.Tier, i int) (output.File, error) {
	type tierPart struct {
		plan   Plan
		shared shared
	}
	return plan.OncePerTier(func(t *plan.Tier) (tierPart, error) {
		tp, err := FromPlan(p, t, 0, loadModules)
		if err != nil {
			return tierPart{}, err
		}
		sh, err := buildShared(tp)
		return tierPart{tp, sh}, err
	}, func(tt tierPart, t *plan.Tier, i int) (output.File, error) {
		cfg := forNode(tt.plan, p, t, i)
		data, err := renderWith(cfg, tt.shared)
		return output.File{Name: FileName(cfg.Header), Data: data}, err
	})
}

// forNode turns the configuration of a tier's node into that of its node
// with index node: the header and the listen addresses are the node's own,
// everything else is the same on every node of the tier.
func forNode(tp Plan, p *plan.Plan, t *plan.Tier, node int) Plan {
	tp.Header = p.Header(t, node)
	switch {
	case tp.HTTP != nil:
		h := *tp.HTTP
		h.Listen.Address = t.Nodes[node]
		if h.Redirect != nil {
			r := *h.Redirect
			r.Listen, _, _ = t.Redirect(node)
			h.Redirect = &r
		}
		tp.HTTP = &h
	case tp.Stream != nil:
		s := *tp.Stream
		s.Listen.Address = t.Nodes[node]
		tp.Stream = &s
	}
	return tp
}

// FromPlan translates the plan of tier t into the configuration of its node
// with index node (0-based).
func FromPlan(p *plan.Plan, t *plan.Tier, node int, loadModules []string) (Plan, error) {
	np := Plan{
		Header:  p.Header(t, node),
		Version: t.Version,
	}
	// The budget is per node; nginx counts worker_connections per worker
	// and cannot say how evenly connections spread over workers, so each
	// worker may hold the whole budget. Every connection is a file
	// descriptor, plus temp files: twice the budget (fact N8).
	capa := t.Capacity
	np.Workers = Workers{Connections: capa.Budget, RlimitNofile: 2 * capa.Budget,
		Comments: []string{
			"connection-capacity: " + capa.Why,
			fmt.Sprintf("The host must let nginx open %d files (systemd LimitNOFILE, ulimit -n) when it does not start as root.", 2*capa.Budget),
		}}
	if t.Ports != "" {
		np.Workers.Comments = append(np.Workers.Comments, t.Ports)
	}
	np.ErrorLogLevel = "warn"
	np.ShutdownTimeout = t.Drain
	listen := Listen{Address: t.Nodes[node]}
	if t.AcceptProxy {
		listen.ProxyProtocol = true
		listen.Comments = []string{"proxy-protocol-mismatch: the tier in front sends the PROXY protocol"}
	}
	if t.L4 {
		s, err := stream(t, listen)
		if err != nil {
			return np, err
		}
		np.LoadModules = loadModules
		np.Stream = s
		return np, nil
	}
	h, err := httpServer(p, t, listen)
	if h != nil {
		if addr, port, ok := t.Redirect(node); ok {
			h.Redirect = &Redirect{Listen: addr, TLSPort: port,
				Comments: []string{"redirect_http_port: plain HTTP is sent to https (308 keeps the method and the body)"}}
		}
	}
	np.HTTP = h
	return np, err
}

func stream(t *plan.Tier, listen Listen) (*Stream, error) {
	if len(t.Ways) != 1 || t.Ways[0].Route != nil {
		return nil, &plan.Error{Tier: t.Name, Reason: "a layer 4 (stream) nginx tier sends everything to its `to` tier; it cannot route"}
	}
	s := &Stream{Listen: listen, Timeout: t.Timeout.Value, TimeoutComments: t.Timeout.Comments, ConnectTimeout: 5 * time.Second}
	if t.AcceptProxy {
		if t.ClientAddress.Err != nil {
			return nil, t.ClientAddress.Err
		}
		s.RealIPFrom = t.ClientAddress.Trusted
		s.RealIPComments = []string{"client-ip-lost: take the client address from the PROXY header of tier " + t.ClientAddress.TrustedTiers}
	}
	up, err := upstream(t, t.Ways[0].Backend)
	if err != nil {
		return nil, err
	}
	s.Upstream = up
	if t.SendProxy {
		s.ProxyProtocol = true
		s.ProxyProtocolComments = []string{"client-ip-lost: hand the client address on in a PROXY header"}
	}
	return s, nil
}

func httpServer(p *plan.Plan, t *plan.Tier, listen Listen) (*HTTP, error) {
	h := &HTTP{Listen: listen}
	if t.TLS != nil {
		h.TLS = &TLS{Certificate: t.TLS.Certificate, Key: t.TLS.Key, Protocols: []string{"TLSv1.2", "TLSv1.3"}, Ciphers: t.TLS.Ciphers, HTTP2: t.TLS.HTTP2,
			Comments: []string{"tls = terminate: TLS 1.2 and 1.3 with forward-secret AEAD suites (Mozilla intermediate)"}}
		if t.TLS.HTTP2 {
			h.TLS.Comments = append(h.TLS.Comments, "HTTP/2 for polls: nginx has no WebSocket over HTTP/2 (RFC 8441), so browsers open the WebSocket on an HTTP/1.1 connection")
		}
	}
	switch t.ClientAddress.From {
	case topology.ForwardXFF, topology.ForwardProxyProtocol:
		if t.ClientAddress.Err != nil {
			return nil, t.ClientAddress.Err
		}
		hdr := RealIPXForwardedFor
		if t.AcceptProxy {
			hdr = RealIPProxyProtocol
		}
		h.RealIP = &RealIP{From: t.ClientAddress.Trusted, Header: hdr, Recursive: hdr == RealIPXForwardedFor,
			Comments: []string{"client-ip-lost: learn the client address, trusting only the addresses of tier " + t.ClientAddress.TrustedTiers}}
	}
	if t.SendProxy {
		return nil, &plan.Error{Tier: t.Name, Reason: "nginx sends the PROXY protocol only from a stream (layer 4) proxy; declare layer = 4 or forwards_client_ip = \"x_forwarded_for\""}
	}
	for _, b := range t.Backends {
		up, err := upstream(t, b)
		if err != nil {
			return nil, err
		}
		h.Upstreams = append(h.Upstreams, up)
	}
	loc := func(path string, w *plan.Way, socket bool) Location {
		l := Location{Path: path, Upstream: w.Backend.Name, ForwardedFor: t.ForwardXFF, ForwardedProto: t.SetForwardedProto, RealIP: w.RealIP, StripPrefix: w.Backend.StripPrefix}
		if l.ForwardedProto || l.RealIP {
			l.HeaderComments = []string{"The next tier learns the scheme the client used and, at the application, its address"}
		}
		if t.ForwardXFF {
			l.ForwardedForComments = []string{"client-ip-lost: hand the client address to the next tier"}
		}
		if socket {
			l.WebSocket = t.WebSocket
			if l.WebSocket {
				l.WebSocketComments = []string{"websocket-upgrade-missing: pass the WebSocket upgrade"}
			}
			l.ConnectTimeout, l.ReadTimeout, l.SendTimeout, l.TimeoutComments = 5*time.Second, t.Timeout.Value, t.Timeout.Value, t.Timeout.Comments
			l.NoNextUpstream = true
			l.NextUpstreamComments = []string{"affinity-missing: a timed-out long-poll retried on another node gets Session ID unknown"}
		}
		if w.Route != nil {
			l.Comments = []string{"route " + w.Route.Name}
			if w.Related {
				l.Comments = append(l.Comments, "related-route-affinity: same upstream and key as the socket")
			}
		}
		return l
	}
	hasRoot := false
	for i, w := range t.Ways {
		if w.Route == nil {
			continue
		}
		if !w.Route.Path.Set || len(w.Route.Query.Value) > 0 || len(w.Route.Header.Value) > 0 {
			return nil, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("route %q matches on query parameters or headers, which nginx locations cannot express; route by path, or use HAProxy or an ALB for this tier", w.Route.Name)}
		}
		path := w.Route.Path.Value
		if path == "/*" || path == "*" {
			hasRoot = true
		}
		h.Locations = append(h.Locations, loc(path, w, i == t.Socket))
	}
	if n := len(t.Ways); n > 0 && t.Ways[n-1].Route == nil {
		def := t.Ways[n-1]
		if def.Socket {
			h.Locations = append(h.Locations, loc(strings.TrimSuffix(p.Analysis.Topology.SocketIO.Path.Value, "/")+"/*", def, true))
		}
		if !hasRoot {
			h.Locations = append(h.Locations, loc("/*", def, false))
		}
	}
	return h, nil
}

// upstream translates a backend into an upstream block.
func upstream(t *plan.Tier, b *plan.Backend) (Upstream, error) {
	up := Upstream{Name: b.Name, Comments: append([]string(nil), b.Comments...)}
	m := b.Method
	switch m.Balance {
	case topology.RoundRobin, topology.LeastConn, topology.Random, topology.IPHash:
		up.Method = Method(m.Balance)
	case topology.SourceIP:
		up.Method, up.Key, up.Consistent = Hash, HashKey{Kind: KeyRemoteAddr}, m.Consistent
	case topology.Hash:
		up.Method, up.Consistent = Hash, m.Consistent
		up.Key = hashKey(m)
	case topology.Learn:
		up.Method = StickyLearn
		up.Comments = append(up.Comments, "learned stickiness: the sid of the io cookie the handshake response sets, looked up in the sid parameter of every later request (clients need no cookies)")
	case topology.Cookie:
		up.Method, up.Cookie = StickyCookie, Cookie{Name: b.Cookie, Path: "/", HTTPOnly: true, Secure: t.Secure, SameSiteNone: t.Secure && t.CrossSite}
	default:
		return up, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("balance %q cannot be rendered for nginx", m.Balance)}
	}
	if t.Source.ServerOrder.Value == topology.ServerOrderDiffers {
		up.Comments = append(up.Comments, "sibling-divergence: the servers in one canonical order on every node")
	}
	for _, s := range b.Servers {
		up.Servers = append(up.Servers, Server{Address: s, MaxConns: b.MaxConns})
	}
	if b.MaxConns > 0 {
		// Without a shared zone each worker counts max_conns on its own.
		up.Zone = "64k"
		up.Comments = append(up.Comments, fmt.Sprintf("backend_max_connections: at most %d connections to each server, counted across the workers (zone)", b.MaxConns))
	}
	// Polls open a connection each without keepalive; nginx keeps idle
	// upstream connections by default only since 1.29.7.
	if !t.L4 && !t.Source.Version.Value.AtLeast(1, 29, 7) {
		up.Keepalive = 32
	}
	if len(up.Servers) == 0 {
		return up, &plan.Error{Tier: t.Name, Reason: fmt.Sprintf("the next tier %q declares no nodes to proxy to", b.Next.Name)}
	}
	return up, nil
}

func hashKey(m analysis.Method) HashKey {
	switch m.Key.Kind {
	case topology.KeyXFF:
		return HashKey{Kind: KeyXForwardedFor}
	case topology.KeyHeader:
		return HashKey{Kind: KeyHeader, Name: m.Key.Name}
	case topology.KeyCookie:
		return HashKey{Kind: KeyCookie, Name: m.Key.Name}
	case topology.KeyQuery:
		return HashKey{Kind: KeyArg, Name: m.Key.Name}
	}
	return HashKey{Kind: KeyRemoteAddr}
}
