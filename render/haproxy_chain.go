package render

import (
	"fmt"
	"time"

	"github.com/topolint/topo/render/haproxy"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// HAProxy renders one complete HAProxy configuration per node of every
// haproxy tier, named <tier>-<n>.cfg, n = 1, 2, … in the order of `nodes`.
func HAProxy(a *rules.Analysis, opts Options) ([]File, error) {
	var out []File
	for _, t := range a.Topology.Tiers {
		if t.Kind.Value != topology.KindHAProxy {
			continue
		}
		for i, n := range t.Nodes.Value {
			p, err := haproxyPlan(a, t, n, i+1, opts)
			if err != nil {
				return nil, err
			}
			data, err := haproxy.Render(p)
			if err != nil {
				return nil, &Error{Tier: t.Name, Reason: err.Error()}
			}
			out = append(out, File{Name: haproxy.FileName(p.Header), Data: data})
		}
	}
	return out, nil
}

func haproxyPlan(a *rules.Analysis, t *topology.Tier, node topology.Node, idx int, opts Options) (haproxy.Plan, error) {
	idle, idleComments := timeout(a, t)
	p := haproxy.Plan{
		Header:   haproxy.Header{TopoVersion: opts.TopoVersion, Source: opts.Source, Tier: t.Name, Node: idx},
		Version:  t.Version.Value.Raw,
		Mode:     haproxy.ModeHTTP,
		Timeouts: haproxy.Timeouts{Connect: 5 * time.Second, Client: idle, Server: idle, Tunnel: time.Hour, ClientFin: 30 * time.Second, Comments: idleComments},
	}
	if t.IsL4() {
		p.Mode = haproxy.ModeTCP
	}
	if t.MaxConnections.Set {
		p.Global = haproxy.Global{MaxConn: t.MaxConnections.Value, Comments: []string{"connection-capacity: max_connections per node"}}
	}
	fe := haproxy.Frontend{Name: t.Name, Bind: haproxy.Bind{Address: node.Address}}
	switch t.RealIPFrom.Value {
	case topology.ForwardProxyProtocol:
		fe.Bind.AcceptProxy = true
		fe.Bind.Comments = []string{"proxy-protocol-mismatch: the tier in front sends the PROXY protocol"}
	case topology.ForwardXFF:
		from, names, err := trusted(a, t)
		if err != nil {
			return p, err
		}
		fe.RealIP = &haproxy.RealIP{From: from, Comments: []string{"client-ip-lost: take the client address from X-Forwarded-For of tier " + names}}
	}
	if t.ForwardsClientIP.Value == topology.ForwardXFF && !t.IsL4() {
		fe.ForwardFor = true
		fe.ForwardForComments = []string{"client-ip-lost: hand the client address to the next tier"}
	}
	sendProxy := t.ForwardsClientIP.Value == topology.ForwardProxyProtocol
	ways := waysOf(a, t)
	seen := map[string]bool{}
	for _, w := range ways {
		if w.route != nil {
			if t.IsL4() {
				return p, &Error{Tier: t.Name, Reason: "a layer 4 (mode tcp) HAProxy tier cannot route by path, query or header"}
			}
			r := haproxy.Route{Name: w.route.Name, Path: w.route.Path.Value, Backend: w.backend}
			for _, kv := range w.route.Query.Value {
				r.Query = append(r.Query, haproxy.Match{Name: kv.Key, Value: kv.Value})
			}
			for _, kv := range w.route.Header.Value {
				r.Header = append(r.Header, haproxy.Match{Name: kv.Key, Value: kv.Value})
			}
			if related(a, w.route.Path.Value) {
				r.Comments = []string{"related-route-affinity: same backend as the socket"}
			}
			fe.Routes = append(fe.Routes, r)
		} else {
			fe.DefaultBackend = w.backend
		}
		if seen[w.backend] {
			continue
		}
		seen[w.backend] = true
		be, err := haproxyBackend(t, w)
		if err != nil {
			return p, err
		}
		if sendProxy {
			be.SendProxyV2 = true
			be.SendProxyComments = []string{"client-ip-lost: hand the client address on in a PROXY v2 header"}
		}
		p.Backends = append(p.Backends, be)
	}
	p.Frontend = fe
	return p, nil
}

func haproxyBackend(t *topology.Tier, w way) (haproxy.Backend, error) {
	be := haproxy.Backend{Name: w.backend, Comments: affinityComment(w)}
	m := w.method
	switch m.Balance {
	case topology.RoundRobin:
		be.Balance = haproxy.BalanceRoundRobin
	case topology.LeastConn:
		be.Balance = haproxy.BalanceLeastConn
	case topology.Random:
		be.Balance = haproxy.BalanceRandom
	case topology.IPHash, topology.SourceIP:
		be.Balance, be.Consistent = haproxy.BalanceSource, m.Consistent
	case topology.Hash:
		be.Consistent = m.Consistent
		switch m.Key.Kind {
		case topology.KeyClientIP:
			be.Balance = haproxy.BalanceSource
		case topology.KeyXFF:
			be.Balance, be.Key = haproxy.BalanceHeader, "x-forwarded-for"
		case topology.KeyHeader:
			be.Balance, be.Key = haproxy.BalanceHeader, m.Key.Name
		case topology.KeyQuery:
			be.Balance, be.Key = haproxy.BalanceURLParam, m.Key.Name
		default:
			return be, &Error{Tier: t.Name, Reason: fmt.Sprintf("hash_key %q: topo renders HAProxy hashing on the client address, a header or a query parameter; use balance = \"cookie\" for cookie affinity", m.Key)}
		}
	case topology.Cookie:
		be.Balance = haproxy.BalanceLeastConn
		be.Cookie = m.CookieName
		if be.Cookie == "" {
			be.Cookie = "SERVERID"
		}
		be.CookieComments = affinityComment(w)
		be.Comments = nil
	default:
		return be, &Error{Tier: t.Name, Reason: fmt.Sprintf("balance %q cannot be rendered for HAProxy", m.Balance)}
	}
	for _, n := range w.next.Nodes.Value {
		be.Servers = append(be.Servers, haproxy.Server{Address: n.Address})
	}
	if len(be.Servers) == 0 {
		return be, &Error{Tier: t.Name, Reason: fmt.Sprintf("the next tier %q declares no nodes to proxy to", w.next.Name)}
	}
	return be, nil
}
