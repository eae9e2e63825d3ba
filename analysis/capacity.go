package analysis

import (
	"fmt"
	"math"

	"github.com/topolint/topo/topology"
)

// The connection arithmetic of a proxy node, shared by the
// connection-capacity rule and by render, so that lint checks the budget
// render writes.
const (
	// ConnectionsPerSocket is what one Socket.IO session holds at a layer 7
	// proxy node: the client side and the upstream side (fact N8), plus the
	// polls in flight and not yet closed of a polling session. Measured
	// live at a rendered nginx tier: about 3 for a polling session and 3.8
	// for an upgraded one; topo counts 4.
	ConnectionsPerSocket = 4
	// DefaultBudget is the connection budget topo renders per node when
	// neither max_connections nor expected_connections says more: 8 times
	// nginx's own default of 512.
	DefaultBudget = 4096
	// MaxBudget is the largest budget topo renders (max_connections'
	// upper bound).
	MaxBudget = 1 << 20
	// headroom is the margin above the expected load.
	headroom = 1.25
)

// Capacity is the connection budget of one node of a proxy tier.
type Capacity struct {
	// Sockets is the expected concurrent Socket.IO sessions through one
	// node; 0 when expected_connections is unknown.
	Sockets int
	// Connections is Sockets x ConnectionsPerSocket (x 1 at layer 4, where
	// a socket is one forwarded connection on each side: 2).
	Connections int
	// Budget is the connections a node may hold: max_connections when
	// declared, else Connections with headroom rounded up to 1024 (at least
	// DefaultBudget, at most MaxBudget).
	Budget int
	// Declared is set when Budget is the declared max_connections.
	Declared bool
	// Why is the arithmetic, in words.
	Why string
}

// ShareThrough is the part of all clients whose sockets pass tier t.
// It is computed once per tier: one pass over the flows.
func (a *Analysis) ShareThrough(t *topology.Tier) float64 {
	if v, ok := a.shares[t]; ok {
		return v
	}
	total, through := 0.0, 0.0
	for _, c := range a.Topology.Clients {
		total += c.Share.Value
		for _, f := range a.flowsOf(c) {
			if f.Request != Related && f.Passes(t) {
				through += c.Share.Value
				break
			}
		}
	}
	v := 0.0
	if total > 0 {
		v = through / max(total, 1)
	}
	if a.shares == nil {
		a.shares = map[*topology.Tier]float64{}
	}
	a.shares[t] = v
	return v
}

// CapacityOf decides the connection budget of one node of tier t.
func (a *Analysis) CapacityOf(t *topology.Tier) Capacity {
	var c Capacity
	per := ConnectionsPerSocket
	if t.IsL4() {
		per = 2
	}
	if expected := a.Topology.ExpectedConnections.Value; expected > 0 && t.NodeCount() > 0 {
		sockets := float64(expected) * a.ShareThrough(t) / float64(t.NodeCount())
		c.Sockets = int(math.Ceil(sockets))
		c.Connections = c.Sockets * per
	}
	switch {
	case t.MaxConnections.Set:
		c.Budget, c.Declared = t.MaxConnections.Value, true
		c.Why = fmt.Sprintf("max_connections = %d per node, as declared", c.Budget)
	case c.Sockets > 0:
		b := int(math.Ceil(float64(c.Connections)*headroom/1024)) * 1024
		c.Budget = min(max(b, DefaultBudget), MaxBudget)
		c.Why = fmt.Sprintf("%d expected sockets per node (expected_connections %d x %.0f%% through this tier / %d nodes) x %d connections each x %.2f headroom", c.Sockets, a.Topology.ExpectedConnections.Value, 100*a.ShareThrough(t), t.NodeCount(), per, headroom)
		if b > MaxBudget {
			c.Why += fmt.Sprintf(" = %d, above the %d topo renders", b, MaxBudget)
		}
	default:
		c.Budget = DefaultBudget
		c.Why = fmt.Sprintf("expected_connections is unknown: topo renders %d connections per node", DefaultBudget)
	}
	return c
}

// EphemeralPorts is the number of local ports Linux uses for outgoing
// connections by default: ip_local_port_range 32768-60999 (fact N9). Each
// (source address, upstream address) pair holds at most this many
// connections at once.
const EphemeralPorts = 60999 - 32768 + 1

// PortPairs is how many connections tier t opens from each of its source
// addresses to each node of its `to` tier when expected_connections holds:
// the expected sockets through t spread over its egress addresses (its
// nodes when none are declared) and the next tier's nodes. ok is false when
// that is unknown: no expected_connections, no `to`, or an L4 hop that
// preserves the client address (the connections keep the clients' sources).
func (a *Analysis) PortPairs(t *topology.Tier) (perPair float64, sources int, next *topology.Tier, ok bool) {
	expected := a.Topology.ExpectedConnections.Value
	next = t.To.Value
	if expected <= 0 || next == nil || next.NodeCount() == 0 || (t.IsL4() && t.ForwardsClientIP.Value == topology.ForwardPreserve) {
		return 0, 0, next, false
	}
	sources = len(t.EgressAddresses.Value)
	if sources == 0 {
		sources = t.NodeCount()
	}
	if sources == 0 {
		return 0, 0, next, false
	}
	return float64(expected) * a.ShareThrough(t) / float64(sources*next.NodeCount()), sources, next, true
}
