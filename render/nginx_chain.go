package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/topolint/topo/render/nginx"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// Nginx renders one complete nginx configuration per node of every nginx
// tier, named <tier>-<n>.conf, n = 1, 2, … in the order of `nodes`.
func Nginx(a *rules.Analysis, opts Options) ([]File, error) {
	var out []File
	for _, t := range a.Topology.Tiers {
		if t.Kind.Value != topology.KindNginx {
			continue
		}
		for i, n := range t.Nodes.Value {
			p, err := nginxPlan(a, t, n, i+1, opts)
			if err != nil {
				return nil, err
			}
			data, err := nginx.Render(p)
			if err != nil {
				return nil, &Error{Tier: t.Name, Reason: err.Error()}
			}
			out = append(out, File{Name: nginx.FileName(p.Header), Data: data})
		}
	}
	return out, nil
}

func nginxPlan(a *rules.Analysis, t *topology.Tier, node topology.Node, idx int, opts Options) (nginx.Plan, error) {
	p := nginx.Plan{
		Header:  nginx.Header{TopoVersion: opts.TopoVersion, Source: opts.Source, Tier: t.Name, Node: idx},
		Version: t.Version.Value.Raw,
	}
	if t.MaxConnections.Set {
		p.Workers = nginx.Workers{Processes: 1, Connections: t.MaxConnections.Value, RlimitNofile: 2 * t.MaxConnections.Value,
			Comments: []string{"connection-capacity: max_connections per node, 2 file descriptors per proxied socket"}}
	}
	listen := nginx.Listen{Address: node.Address}
	accept := t.RealIPFrom.Value == topology.ForwardProxyProtocol
	if accept {
		listen.ProxyProtocol = true
		listen.Comments = []string{"proxy-protocol-mismatch: the tier in front sends the PROXY protocol"}
	}
	ways := waysOf(a, t)
	idle, idleComments := timeout(a, t)

	if t.IsL4() {
		if len(ways) != 1 || ways[0].route != nil {
			return p, &Error{Tier: t.Name, Reason: "a layer 4 (stream) nginx tier sends everything to its `to` tier; it cannot route"}
		}
		p.LoadModules = opts.LoadModules
		s := &nginx.Stream{Listen: listen, Timeout: idle, TimeoutComments: idleComments, ConnectTimeout: 5 * time.Second}
		if accept {
			from, names, err := trusted(a, t)
			if err != nil {
				return p, err
			}
			s.RealIPFrom = from
			s.RealIPComments = []string{"client-ip-lost: take the client address from the PROXY header of tier " + names}
		}
		up, err := nginxUpstream(t, ways[0], true)
		if err != nil {
			return p, err
		}
		s.Upstream = up
		if t.ForwardsClientIP.Value == topology.ForwardProxyProtocol {
			s.ProxyProtocol = true
			s.ProxyProtocolComments = []string{"client-ip-lost: hand the client address on in a PROXY header"}
		}
		p.Stream = s
		return p, nil
	}

	h := &nginx.HTTP{Listen: listen}
	switch t.RealIPFrom.Value {
	case topology.ForwardXFF, topology.ForwardProxyProtocol:
		from, names, err := trusted(a, t)
		if err != nil {
			return p, err
		}
		hdr := nginx.RealIPXForwardedFor
		if accept {
			hdr = nginx.RealIPProxyProtocol
		}
		h.RealIP = &nginx.RealIP{From: from, Header: hdr, Recursive: hdr == nginx.RealIPXForwardedFor,
			Comments: []string{"client-ip-lost: learn the client address, trusting only the addresses of tier " + names}}
	}
	if t.ForwardsClientIP.Value == topology.ForwardProxyProtocol {
		return p, &Error{Tier: t.Name, Reason: "nginx sends the PROXY protocol only from a stream (layer 4) proxy; declare layer = 4 or forwards_client_ip = \"x_forwarded_for\""}
	}
	seen := map[string]bool{}
	for _, w := range ways {
		if seen[w.backend] {
			continue
		}
		seen[w.backend] = true
		up, err := nginxUpstream(t, w, false)
		if err != nil {
			return p, err
		}
		h.Upstreams = append(h.Upstreams, up)
	}
	sock := socketWay(a, ways)
	xff := t.ForwardsClientIP.Value == topology.ForwardXFF
	loc := func(path string, w way, socket bool) nginx.Location {
		l := nginx.Location{Path: path, Upstream: w.backend, ForwardedFor: xff}
		if xff {
			l.ForwardedForComments = []string{"client-ip-lost: hand the client address to the next tier"}
		}
		if socket {
			l.WebSocket = t.WebSocket.Value
			if l.WebSocket {
				l.WebSocketComments = []string{"websocket-upgrade-missing: pass the WebSocket upgrade"}
			}
			l.ConnectTimeout, l.ReadTimeout, l.SendTimeout, l.TimeoutComments = 5*time.Second, idle, idle, idleComments
			l.NoNextUpstream = true
			l.NextUpstreamComments = []string{"affinity-missing: a timed-out long-poll retried on another node gets Session ID unknown"}
		}
		if w.route != nil {
			l.Comments = []string{"route " + w.route.Name}
			if related(a, w.route.Path.Value) {
				l.Comments = append(l.Comments, "related-route-affinity: same upstream and key as the socket")
			}
		}
		return l
	}
	socketPath := a.Topology.SocketIO.Path.Value
	hasRoot := false
	for i, w := range ways {
		if w.route == nil {
			continue
		}
		if !w.route.Path.Set || len(w.route.Query.Value) > 0 || len(w.route.Header.Value) > 0 {
			return p, &Error{Tier: t.Name, Reason: fmt.Sprintf("route %q matches on query parameters or headers, which nginx locations cannot express; route by path, or use HAProxy or an ALB for this tier", w.route.Name)}
		}
		path := w.route.Path.Value
		if path == "/*" || path == "*" {
			hasRoot = true
		}
		h.Locations = append(h.Locations, loc(path, w, i == sock))
	}
	if t.To.Value != nil {
		def := ways[len(ways)-1]
		if sock == len(ways)-1 {
			h.Locations = append(h.Locations, loc(strings.TrimSuffix(socketPath, "/")+"/*", def, true))
		}
		if !hasRoot {
			h.Locations = append(h.Locations, loc("/*", def, false))
		}
	}
	p.HTTP = h
	return p, nil
}

// related reports whether a route path carries one of the related paths.
func related(a *rules.Analysis, pattern string) bool {
	for _, rp := range a.Topology.SocketIO.RelatedPaths.Value {
		if topology.MatchPath(pattern, strings.ReplaceAll(rp, "*", "x")) {
			return true
		}
	}
	return false
}

func nginxUpstream(t *topology.Tier, w way, stream bool) (nginx.Upstream, error) {
	up := nginx.Upstream{Name: w.backend, Comments: affinityComment(w)}
	m := w.method
	switch m.Balance {
	case topology.RoundRobin:
		up.Method = nginx.RoundRobin
	case topology.LeastConn:
		up.Method = nginx.LeastConn
	case topology.Random:
		up.Method = nginx.Random
	case topology.IPHash:
		up.Method = nginx.IPHash
	case topology.SourceIP:
		up.Method, up.Key, up.Consistent = nginx.Hash, nginx.HashKey{Kind: nginx.KeyRemoteAddr}, m.Consistent
	case topology.Hash:
		up.Method, up.Consistent = nginx.Hash, m.Consistent
		switch m.Key.Kind {
		case topology.KeyClientIP:
			up.Key = nginx.HashKey{Kind: nginx.KeyRemoteAddr}
		case topology.KeyXFF:
			up.Key = nginx.HashKey{Kind: nginx.KeyXForwardedFor}
		case topology.KeyHeader:
			up.Key = nginx.HashKey{Kind: nginx.KeyHeader, Name: m.Key.Name}
		case topology.KeyCookie:
			up.Key = nginx.HashKey{Kind: nginx.KeyCookie, Name: m.Key.Name}
		case topology.KeyQuery:
			up.Key = nginx.HashKey{Kind: nginx.KeyArg, Name: m.Key.Name}
		}
	case topology.Cookie:
		name := m.CookieName
		if name == "" {
			name = "SERVERID"
		}
		up.Method, up.Cookie = nginx.StickyCookie, nginx.Cookie{Name: name, Path: "/", HTTPOnly: true}
	default:
		return up, &Error{Tier: t.Name, Reason: fmt.Sprintf("balance %q cannot be rendered for nginx", m.Balance)}
	}
	if t.ServerOrder.Value == topology.ServerOrderDiffers {
		up.Comments = append(up.Comments, "sibling-divergence: the servers in one canonical order on every node")
	}
	for _, n := range w.next.Nodes.Value {
		up.Servers = append(up.Servers, nginx.Server{Address: n.Address})
	}
	if len(up.Servers) == 0 {
		return up, &Error{Tier: t.Name, Reason: fmt.Sprintf("the next tier %q declares no nodes to proxy to", w.next.Name)}
	}
	return up, nil
}
