package topology

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// checkChain checks the shape of the chain once every block decoded: each
// non-socketio tier sends somewhere, the tier graph has no cycle, every
// client's paths end on a socketio tier, no two tiers listen on one address,
// and every tier is used.
func (d *decoder) checkChain(t *Topology) {
	for _, tier := range t.Tiers {
		if tier.IsSocketIO() || tier.To.Set {
			continue
		}
		covered := false
		for _, r := range tier.Routes {
			if r.CatchAll() {
				covered = true
			}
		}
		if !covered {
			d.errorf(tier.DeclRange, "Chain does not reach a socketio tier",
				"The tier %q is not of kind \"socketio\" and has no `to`, so requests that match none of its routes stop here. Add `to = tier.NAME` for the next tier, or a route without conditions.", tier.Name)
		}
	}

	// Cycles: depth-first search over every edge, in declaration order.
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(t.Tiers))
	var stack []*Tier
	reported := false
	var visit func(*Tier)
	visit = func(tier *Tier) {
		color[tier.Index] = grey
		stack = append(stack, tier)
		edges := make([]Attr[*Tier], 0, len(tier.Routes)+1)
		for _, r := range tier.Routes {
			edges = append(edges, r.To)
		}
		edges = append(edges, tier.To)
		for _, e := range edges {
			next := e.Value
			if next == nil || reported {
				continue
			}
			switch color[next.Index] {
			case grey:
				var names []string
				for i := len(stack) - 1; i >= 0; i-- {
					names = append([]string{fmt.Sprintf("%q", stack[i].Name)}, names...)
					if stack[i] == next {
						break
					}
				}
				names = append(names, fmt.Sprintf("%q", next.Name))
				d.errorf(e.Range, "Cycle in the chain",
					"The tiers %s form a cycle: a request would never reach the socket.io nodes. Point this reference at a tier further down the chain.", strings.Join(names, " → "))
				reported = true
			case white:
				visit(next)
			}
		}
		stack = stack[:len(stack)-1]
		color[tier.Index] = black
	}
	for _, tier := range t.Tiers {
		if color[tier.Index] == white {
			visit(tier)
		}
	}
	if reported {
		return
	}

	// Every tier used by some client.
	used := make([]bool, len(t.Tiers))
	var mark func(*Tier)
	mark = func(tier *Tier) {
		if used[tier.Index] {
			return
		}
		used[tier.Index] = true
		for _, n := range tier.Next() {
			mark(n)
		}
	}
	for _, c := range t.Clients {
		if c.Entry.Value != nil {
			mark(c.Entry.Value)
		}
	}
	for _, tier := range t.Tiers {
		if !used[tier.Index] {
			d.diags = append(d.diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Tier not used",
				Detail:   fmt.Sprintf("No client reaches the tier %q: no client has it as entry and no tier sends to it. Remove it, or reference it with `to` or `entry`.", tier.Name),
				Subject:  tier.DeclRange.Ptr(),
			})
		}
	}

	// Listen addresses are unique across tiers.
	owner := map[string]*Tier{}
	for _, tier := range t.Tiers {
		for _, n := range tier.Nodes.Value {
			if prev, ok := owner[n.Address]; ok && prev != tier {
				d.errorf(tier.Nodes.Range, "Node address used twice",
					"%q is a node of the tier %q (%s) too. Two tiers cannot listen on the same address and port.", n.Address, prev.Name, prev.DeclRange)
				continue
			}
			owner[n.Address] = tier
		}
	}
}
