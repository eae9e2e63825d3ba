package render

import (
	"fmt"
	"time"

	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// Options are the inputs of a render besides the analysis.
type Options struct {
	// Source names the topology in each file's header.
	Source string
	// TopoVersion is written in each file's header.
	TopoVersion string
	// LoadModules are nginx dynamic modules to load in layer 4 (stream)
	// configs, such as Debian's /usr/lib/nginx/modules/ngx_stream_module.so.
	LoadModules []string
}

// Error is a topology that topo cannot render for a product, with the reason.
type Error struct {
	Tier   string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("tier %q: %s", e.Tier, e.Reason) }

// way is one way out of a tier: its default `to` or a route, with the
// method in force and the hop (nil when no flow takes it).
type way struct {
	route  *topology.Route
	next   *topology.Tier
	method rules.Method
	hop    *rules.Hop
	// backend is the upstream (nginx) or backend (HAProxy) name.
	backend string
}

// waysOf lists tier t's routes in order, then its default. Ways that reach
// the same next tier with the same method share one upstream.
func waysOf(a *rules.Analysis, t *topology.Tier) []way {
	var out []way
	names := map[string]string{} // next tier and method → upstream name
	taken := map[string]bool{}
	add := func(r *topology.Route, next *topology.Tier) {
		m := a.MethodOf(t, r)
		key := fmt.Sprintf("%d|%+v", next.Index, m)
		name, ok := names[key]
		if !ok {
			// The next tier's name; when another way to it uses another
			// method, qualify it with the route (or "default").
			label := "default"
			if r != nil {
				label = r.Name
			}
			name = next.Name
			for i := 2; taken[name]; i++ {
				name = next.Name + "-" + label
				if i > 2 {
					name = fmt.Sprintf("%s-%s-%d", next.Name, label, i)
				}
			}
			names[key], taken[name] = name, true
		}
		out = append(out, way{route: r, next: next, method: m, hop: a.HopOf(t, r), backend: name})
	}
	for _, r := range t.Routes {
		add(r, r.To.Value)
	}
	if t.To.Value != nil {
		add(nil, t.To.Value)
	}
	return out
}

// affinityComment names why the way's method is there.
func affinityComment(w way) []string {
	h := w.hop
	switch {
	case h != nil && h.Auto != nil && h.Auto.Resolved:
		return []string{"auto-balance: " + h.Auto.Reason}
	case h != nil && h.LoadBearing:
		c := []string{"affinity-missing: keep every request of a session on the node that created its sid"}
		if w.method.Consistent {
			c = append(c, "hash-not-consistent: ring hashing moves only the sessions of a removed node")
		}
		return c
	}
	return nil
}

// timeout is the idle timeout topo renders for tier t: the declared one when
// it is above ping_interval + ping_timeout, else SuggestTimeout.
func timeout(a *rules.Analysis, t *topology.Tier) (time.Duration, []string) {
	hb := a.Topology.SocketIO.Heartbeat()
	if t.IdleTimeout.Set && t.IdleTimeout.Value > hb {
		return t.IdleTimeout.Value, []string{fmt.Sprintf("idle-timeout-below-heartbeat: above ping_interval + ping_timeout (%s)", hb)}
	}
	return rules.SuggestTimeout(hb), []string{fmt.Sprintf("idle-timeout-below-heartbeat: above ping_interval + ping_timeout (%s)", hb)}
}

// trusted returns the egress addresses tier t trusts for the client address:
// those of the tiers in front of it.
func trusted(a *rules.Analysis, t *topology.Tier) ([]string, string, error) {
	fronts, direct := a.FrontTiers(t)
	if direct {
		return nil, "", &Error{Tier: t.Name, Reason: fmt.Sprintf("real_ip_from = %q, but clients connect to it directly: it would trust addresses any client can forge. Read the peer address (real_ip_from = \"peer\") or put it behind a proxy tier", t.RealIPFrom.Value)}
	}
	var from []string
	seen := map[string]bool{}
	names := ""
	for _, f := range fronts {
		if len(f.EgressAddresses.Value) == 0 {
			return nil, "", &Error{Tier: t.Name, Reason: fmt.Sprintf("it must trust the addresses of tier %q for the client address, and those are not known: declare egress_addresses on tier %q (IP addresses or CIDR prefixes, e.g. the ALB's subnets)", f.Name, f.Name)}
		}
		for _, e := range f.EgressAddresses.Value {
			if !seen[e] {
				seen[e] = true
				from = append(from, e)
			}
		}
		if names != "" {
			names += ", "
		}
		names += f.Name
	}
	return from, names, nil
}

// socketWay returns the index of the way socket.io requests take at tier t:
// the first route whose path pattern covers the socket.io path, else the
// default.
func socketWay(a *rules.Analysis, ways []way) int {
	p := a.Topology.SocketIO.Path.Value
	for i, w := range ways {
		if w.route == nil {
			return i
		}
		if w.route.Path.Set && len(w.route.Query.Value) == 0 && len(w.route.Header.Value) == 0 && topology.MatchPath(w.route.Path.Value, p) {
			return i
		}
	}
	return -1
}
