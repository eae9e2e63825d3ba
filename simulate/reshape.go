package simulate

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// Reshape changes the configuration of t, as a deploy would: it removes
// the nodes of remove from their tiers' node lists, and adds one node per
// entry of add to that tier (the address after the tier's highest one,
// on the same port). Unlike a failed node, a removed node is gone from
// every upstream, so a hash that is not consistent remaps most keys.
func Reshape(t *topology.Topology, remove []NodeRef, add []string) ([]string, error) {
	byName := map[string]*topology.Tier{}
	for _, x := range t.Tiers {
		byName[x.Name] = x
	}
	var did []string
	drop := map[*topology.Tier]map[int]bool{}
	for _, r := range remove {
		x := byName[r.Tier]
		if x == nil {
			return nil, fmt.Errorf("--remove %s:%d: there is no tier %q", r.Tier, r.N, r.Tier)
		}
		if r.N > len(x.Nodes.Value) {
			return nil, fmt.Errorf("--remove %s:%d: tier %q has %d node(s)", r.Tier, r.N, r.Tier, len(x.Nodes.Value))
		}
		if drop[x] == nil {
			drop[x] = map[int]bool{}
		}
		drop[x][r.N-1] = true
		did = append(did, fmt.Sprintf("removed %s:%d (%s)", r.Tier, r.N, x.Nodes.Value[r.N-1].Address))
	}
	for x, d := range drop {
		var kept []topology.Node
		for i, n := range x.Nodes.Value {
			if !d[i] {
				kept = append(kept, n)
			}
		}
		if len(kept) == 0 {
			return nil, fmt.Errorf("--remove: tier %q would have no node left", x.Name)
		}
		x.Nodes.Value = kept
	}
	for _, name := range add {
		x := byName[name]
		if x == nil {
			return nil, fmt.Errorf("--add %s: there is no tier %q", name, name)
		}
		var top netip.Addr
		port := 0
		for _, n := range x.Nodes.Value {
			a, err := netip.ParseAddr(n.Host)
			if err != nil {
				return nil, fmt.Errorf("--add %s: node %s is not an IP address; topo cannot choose the next one", name, n.Address)
			}
			if !top.IsValid() || top.Less(a) {
				top, port = a, n.Port
			}
		}
		if !top.IsValid() {
			return nil, fmt.Errorf("--add %s: the tier lists no nodes", name)
		}
		next := top.Next()
		addr := netip.AddrPortFrom(next, uint16(port)).String()
		x.Nodes.Value = append(x.Nodes.Value, topology.Node{Address: addr, Host: next.String(), Port: port})
		did = append(did, "added "+name+":"+strconv.Itoa(len(x.Nodes.Value))+" ("+addr+")")
	}
	return did, nil
}

// Compare follows the same sessions through the chain before (p) and
// after a change of its configuration (q, from Reshape) and counts those
// that end on another socket.io node.
func Compare(p, q *plan.Plan, opts Options, change []string) (*WhatIf, error) {
	opts.PerClient = true
	a, err := Run(p, opts)
	if err != nil {
		return nil, err
	}
	b, err := Run(q, opts)
	if err != nil {
		return nil, err
	}
	w := &WhatIf{Down: change, Tiers: b.Tiers}
	for i := range a.Sessions {
		x, y := a.Sessions[i].Nodes, b.Sessions[i].Nodes
		if len(x) == 0 || len(y) == 0 || x[len(x)-1] != y[len(y)-1] {
			w.Moved++
		}
	}
	if len(a.Sessions) > 0 {
		w.MovedShare = float64(w.Moved) / float64(len(a.Sessions))
	}
	return w, nil
}

// Consistent switches every hop of t that hashes without a ring to its
// consistent variant (nginx ip_hash becomes hash on the client address,
// consistent), as the what-if's other column, and names the tiers it
// changed; none when every hash is consistent already.
func Consistent(t *topology.Topology) []string {
	var changed []string
	fix := func(tier *topology.Tier, af *topology.Affinity) bool {
		switch af.Balance.Value {
		case topology.IPHash:
			af.Balance.Value = topology.Hash
			af.HashKey.Value = topology.HashKey{Kind: topology.KeyClientIP}
		case topology.Hash, topology.SourceIP:
		default:
			return false
		}
		if af.Consistent.Value {
			return false
		}
		af.Consistent.Value = true
		return true
	}
	for _, tier := range t.Tiers {
		did := fix(tier, &tier.Affinity)
		for _, r := range tier.Routes {
			did = fix(tier, &r.Affinity) || did
		}
		if did {
			changed = append(changed, tier.Name)
		}
	}
	return changed
}

// AddOne says what share of 1,000 drawn client addresses a hop that
// hashes the client address sends to another node of the next tier when
// one node is added to it (after its highest address), with the hop's own
// algorithm and with its consistent variant; ok is false when topo does
// not model the hop's product exactly.
func AddOne(p *plan.Plan, h *analysis.Hop) (plain, consistent float64, ok bool) {
	s := &sim{p: p, a: p.Analysis}
	w := s.wayOf(h)
	if w == nil || w.Backend == nil || len(w.Backend.Servers) < 2 {
		return 0, 0, false
	}
	servers := append([]string(nil), w.Backend.Servers...)
	var top netip.AddrPort
	for _, sv := range servers {
		ap, err := netip.ParseAddrPort(sv)
		if err != nil {
			return 0, 0, false
		}
		if !top.IsValid() || top.Addr().Less(ap.Addr()) {
			top = ap
		}
	}
	more := append(append([]string(nil), servers...), netip.AddrPortFrom(top.Addr().Next(), top.Port()).String())
	kind := h.Tier.Kind.Value
	pickers := func(list []string) (Picker, Picker) {
		n := len(list)
		ids := plan.ServerIDs(list)
		switch {
		case kind == topology.KindNginx && h.Method.Balance == topology.IPHash:
			return NginxIPHash{N: n}, NewNginxConsistent(list)
		case kind == topology.KindNginx:
			return NginxHash{N: n}, NewNginxConsistent(list)
		case kind == topology.KindHAProxy:
			return HAProxyMap{N: n}, HAProxyConsistent{IDs: ids, Weight: plan.HAProxyRingWeight, Avalanche: true}
		}
		return nil, nil
	}
	a1, c1 := pickers(servers)
	a2, c2 := pickers(more)
	if a1 == nil {
		return 0, 0, false
	}
	rng := rand.New(rand.NewPCG(1, 0x70b0))
	const n = 1000
	movedA, movedC := 0, 0
	for i := 0; i < n; i++ {
		k := publicAddr(rng).String()
		if a1.Pick(k, nil) != a2.Pick(k, nil) {
			movedA++
		}
		if c1.Pick(k, nil) != c2.Pick(k, nil) {
			movedC++
		}
	}
	return float64(movedA) / n, float64(movedC) / n, true
}
