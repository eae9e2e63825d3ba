package simulate

import (
	"fmt"
	"net/netip"
	"strconv"

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
