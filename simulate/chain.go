package simulate

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// FormatVersion is the version of the JSON output's shape.
const FormatVersion = "1"

// NodeRef names one node of a tier, N counting from 1 as topo render names
// files (<tier>-<N>).
type NodeRef struct {
	Tier string
	N    int
}

// ParseNodeRef reads TIER:N.
func ParseNodeRef(s string) (NodeRef, error) {
	i := strings.LastIndexByte(s, ':')
	var n int
	if i <= 0 {
		return NodeRef{}, fmt.Errorf("%q: want TIER:N, e.g. app:2", s)
	}
	if _, err := fmt.Sscanf(s[i+1:], "%d", &n); err != nil || n < 1 || fmt.Sprint(n) != s[i+1:] {
		return NodeRef{}, fmt.Errorf("%q: N must be a node number from 1", s)
	}
	return NodeRef{Tier: s[:i], N: n}, nil
}

// Options say what to simulate.
type Options struct {
	// Clients is how many sessions to draw over the client populations,
	// by their share.
	Clients int
	// Seed makes the drawn addresses reproducible.
	Seed uint64
	// Fail lists nodes that are down in the what-if run.
	Fail []NodeRef
	// PerClient keeps each session's path in the result.
	PerClient bool
	// Addresses, when set, are the sessions instead of drawn ones: each
	// client's address and population ("" for the first).
	Addresses []Addressed
}

// Addressed is one given client: its address and population.
type Addressed struct {
	Address string
	Client  string
}

// Result is a simulation: where sessions land, and, with Fail, what moves.
type Result struct {
	FormatVersion string `json:"format_version"`
	Clients       int    `json:"clients"`
	Seed          uint64 `json:"seed"`
	// Tiers holds the load of every tier that sessions reach, in the
	// topology's order.
	Tiers []TierLoad `json:"tiers"`
	// Hops says, for every hop, how it picks and whether that is the
	// product's algorithm exactly.
	Hops []HopInfo `json:"hops"`
	// Populations says, per client population, whether its sessions stay
	// whole, from the analysis.
	Populations []Population `json:"populations"`
	// Failed is the what-if run, when nodes are down.
	Failed *WhatIf `json:"failed,omitempty"`
	// Changed is the run after nodes are removed from or added to the
	// configuration (Reshape, Compare); Down then names the changes.
	Changed *WhatIf `json:"changed,omitempty"`
	// ChangedConsistent is the same change when every hop that hashes
	// without a ring hashes consistently (Consistent), for comparison.
	ChangedConsistent *WhatIf `json:"changed_consistent,omitempty"`
	// Sessions is each session's path, with PerClient.
	Sessions []SessionPath `json:"sessions,omitempty"`
}

// TierLoad is how many sessions each node of a tier holds.
type TierLoad struct {
	Tier  string     `json:"tier"`
	Nodes []NodeLoad `json:"nodes"`
	// MaxOverMean is the busiest node's sessions over the mean.
	MaxOverMean float64 `json:"max_over_mean"`
}

// NodeLoad is one node's sessions.
type NodeLoad struct {
	Node     string  `json:"node"`
	Sessions int     `json:"sessions"`
	Share    float64 `json:"share"`
}

// HopInfo is how one hop picks.
type HopInfo struct {
	Tier      string `json:"tier"`
	Route     string `json:"route,omitempty"`
	Next      string `json:"next"`
	Algorithm string `json:"algorithm"`
	// Exact is set when the pick is the product's own algorithm (checked
	// against the real product); otherwise sessions are spread evenly.
	Exact bool `json:"exact"`
	// Key is what the hop hashes: "client address", a tier's egress
	// addresses, or "" when it hashes nothing.
	Key string `json:"key,omitempty"`
}

// Population is one client population's sessions.
type Population struct {
	Client   string `json:"client"`
	Sessions int    `json:"sessions"`
	Kept     bool   `json:"kept"`
	// Break is where its sessions come apart, when not kept.
	Break string `json:"break,omitempty"`
}

// WhatIf is the run with nodes down.
type WhatIf struct {
	Down  []string   `json:"down"`
	Tiers []TierLoad `json:"tiers"`
	// Moved counts the sessions that end on another socket.io node than
	// before: they lose their session and reconnect.
	Moved      int     `json:"moved"`
	MovedShare float64 `json:"moved_share"`
}

// SessionPath is one session: its population, address, and the node of
// every tier it passes.
type SessionPath struct {
	Client  string   `json:"client"`
	Address string   `json:"address"`
	Nodes   []string `json:"nodes"`
	// After is the path in the what-if run.
	After []string `json:"after,omitempty"`
}

type session struct {
	client *topology.Client
	flow   *analysis.Flow
	addr   string
	id     int
}

// Run simulates opts.Clients sessions through p's chain.
func Run(p *plan.Plan, opts Options) (*Result, error) {
	a := p.Analysis
	t := a.Topology
	if opts.Clients <= 0 {
		opts.Clients = 10000
	}
	down := map[*topology.Tier]map[int]bool{}
	var downNames []string
	for _, f := range opts.Fail {
		var tier *topology.Tier
		for _, x := range t.Tiers {
			if x.Name == f.Tier {
				tier = x
			}
		}
		if tier == nil {
			return nil, fmt.Errorf("--fail %s:%d: there is no tier %q", f.Tier, f.N, f.Tier)
		}
		if f.N > len(tier.Nodes.Value) {
			return nil, fmt.Errorf("--fail %s:%d: tier %q has %d node(s)", f.Tier, f.N, f.Tier, len(tier.Nodes.Value))
		}
		if down[tier] == nil {
			down[tier] = map[int]bool{}
		}
		down[tier][f.N-1] = true
		downNames = append(downNames, fmt.Sprintf("%s:%d (%s)", f.Tier, f.N, tier.Nodes.Value[f.N-1].Address))
	}
	sessions, err := draw(a, opts)
	if err != nil {
		return nil, err
	}
	s := &sim{p: p, a: a, pickers: map[*plan.Way]pickerInfo{}, rings: map[*plan.Way]*NginxConsistent{}}
	res := &Result{FormatVersion: FormatVersion, Clients: len(sessions), Seed: opts.Seed}
	before := s.run(sessions, nil)
	res.Tiers = loads(t, before)
	for _, c := range t.Clients {
		pop := Population{Client: c.Name}
		for _, x := range sessions {
			if x.client == c {
				pop.Sessions++
			}
		}
		if ss := a.SessionOf(c); ss != nil {
			pop.Kept = ss.Kept
			if ss.Break != nil {
				pop.Break = "at " + ss.Break.Hop.Where()
			}
		}
		res.Populations = append(res.Populations, pop)
	}
	res.Hops = s.hops()
	var after [][]int
	if len(down) > 0 {
		after = s.run(sessions, down)
		w := &WhatIf{Down: downNames, Tiers: loads(t, after)}
		end := len(t.Tiers) - 1
		for i := range sessions {
			if before[i][end] != after[i][end] || lastNode(t, before[i]) != lastNode(t, after[i]) {
				w.Moved++
			}
		}
		if len(sessions) > 0 {
			w.MovedShare = float64(w.Moved) / float64(len(sessions))
		}
		res.Failed = w
	}
	if opts.PerClient {
		for i, x := range sessions {
			sp := SessionPath{Client: x.client.Name, Address: x.addr, Nodes: pathNames(t, before[i])}
			if after != nil {
				sp.After = pathNames(t, after[i])
			}
			res.Sessions = append(res.Sessions, sp)
		}
	}
	return res, nil
}

// lastNode is the socket.io node a path ends on, as "tier/index".
func lastNode(t *topology.Topology, path []int) string {
	out := ""
	for i, n := range path {
		if n >= 0 && t.Tiers[i].IsSocketIO() {
			out = fmt.Sprintf("%d/%d", i, n)
		}
	}
	return out
}

func pathNames(t *topology.Topology, path []int) []string {
	var out []string
	for i, n := range path {
		if n >= 0 && n < len(t.Tiers[i].Nodes.Value) {
			out = append(out, t.Tiers[i].Name+":"+t.Tiers[i].Nodes.Value[n].Address)
		} else if n == lost {
			out = append(out, t.Tiers[i].Name+":(no node up)")
		}
	}
	return out
}

// draw makes the sessions: each population gets its share of the clients,
// addresses drawn from its address class with the seed.
func draw(a *analysis.Analysis, opts Options) ([]session, error) {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x70b0))
	t := a.Topology
	if len(opts.Addresses) > 0 {
		var out []session
		for _, x := range opts.Addresses {
			var c *topology.Client
			for _, y := range t.Clients {
				if y.Name == x.Client || x.Client == "" && c == nil {
					c = y
				}
			}
			if c == nil {
				return nil, fmt.Errorf("address %s: there is no client population %q", x.Address, x.Client)
			}
			addr, err := netip.ParseAddr(x.Address)
			if err != nil {
				return nil, fmt.Errorf("address %q: %v", x.Address, err)
			}
			if f := socketFlow(a, c); f != nil {
				out = append(out, session{client: c, flow: f, addr: addr.String(), id: len(out)})
			}
		}
		return out, nil
	}
	total := 0.0
	for _, c := range t.Clients {
		total += c.Share.Value
	}
	out := make([]session, 0, opts.Clients)
	for ci, c := range t.Clients {
		n := opts.Clients / len(t.Clients)
		if total > 0 {
			n = int(float64(opts.Clients)*c.Share.Value/total + 0.5)
		}
		if ci == len(t.Clients)-1 {
			n = opts.Clients - len(out)
		}
		flow := socketFlow(a, c)
		if flow == nil {
			continue
		}
		// A few NAT gateways per population; one /24 per population.
		natBase := [4]byte{198, 51, byte(100 + ci%100), 0}
		for i := 0; i < n; i++ {
			var addr netip.Addr
			v6 := c.IPv6() || (c.AddressFamily.Value == topology.FamilyDual && rng.IntN(2) == 0)
			switch {
			case v6:
				addr = ipv6Addr(rng, c.Addresses.Value, ci)
			default:
				addr = ipv4Addr(rng, c.Addresses.Value, natBase)
			}
			out = append(out, session{client: c, flow: flow, addr: addr.String(), id: len(out)})
		}
	}
	return out, nil
}

// ipv4Addr draws an IPv4 address of an address class: one of a few NAT
// gateways of the population's /24, one /24, or anywhere public.
func ipv4Addr(rng *rand.Rand, class string, natBase [4]byte) netip.Addr {
	switch class {
	case topology.AddressesNAT:
		b := natBase
		b[3] = byte(1 + rng.IntN(8))
		return netip.AddrFrom4(b)
	case topology.AddressesSingleSubnet:
		return netip.AddrFrom4([4]byte{192, 0, 2, byte(1 + rng.IntN(254))})
	}
	return publicAddr(rng)
}

// ipv6Addr draws an IPv6 address of an address class in 2001:db8::/32
// (documentation space): a few gateway addresses of the population's /48
// (NAT64 or a carrier's few egress addresses), one /64, or anywhere in
// the documentation space.
func ipv6Addr(rng *rand.Rand, class string, ci int) netip.Addr {
	b := [16]byte{0x20, 0x01, 0x0d, 0xb8}
	switch class {
	case topology.AddressesNAT:
		b[4], b[5] = byte(ci>>8), byte(ci)
		b[15] = byte(1 + rng.IntN(8))
	case topology.AddressesSingleSubnet:
		b[4], b[5], b[6], b[7] = 0xff, 0xff, byte(ci>>8), byte(ci)
		for j := 8; j < 16; j++ {
			b[j] = byte(rng.IntN(256))
		}
	default:
		for j := 4; j < 16; j++ {
			b[j] = byte(rng.IntN(256))
		}
	}
	return netip.AddrFrom16(b)
}

// publicAddr draws an IPv4 address outside private, loopback, multicast
// and reserved space.
func publicAddr(rng *rand.Rand) netip.Addr {
	for {
		b := [4]byte{byte(1 + rng.IntN(223)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(1 + rng.IntN(254))}
		a := netip.AddrFrom4(b)
		if a.IsPrivate() || a.IsLoopback() || b[0] == 0 || b[0] == 100 && b[1]&0xc0 == 64 || b[0] == 169 && b[1] == 254 {
			continue
		}
		return a
	}
}

// socketFlow is the flow that places a client's session: its polling
// handshake, or its websocket-first connection.
func socketFlow(a *analysis.Analysis, c *topology.Client) *analysis.Flow {
	var ws *analysis.Flow
	for _, f := range a.Flows {
		if f.Client != c {
			continue
		}
		switch f.Request {
		case analysis.Handshake:
			return f
		case analysis.WebSocketFirst:
			if ws == nil {
				ws = f
			}
		}
	}
	return ws
}

type pickerInfo struct {
	pick      Picker
	info      HopInfo
	addrK     bool // hashes an address
	described bool
}

type sim struct {
	p       *plan.Plan
	a       *analysis.Analysis
	pickers map[*plan.Way]pickerInfo
	order   []*plan.Way
	ways    map[*analysis.Hop]*plan.Way
	// rings are nginx's consistent rings, which do not depend on which
	// servers are up: built once.
	rings map[*plan.Way]*NginxConsistent
}

// lost marks a tier a session could not pass: every node it could take is
// down.
const lost = -2

// run places every session; path[i][tier index] is the node of that tier
// (-1 when the session does not pass it).
func (s *sim) run(sessions []session, down map[*topology.Tier]map[int]bool) [][]int {
	t := s.a.Topology
	// Pickers are built per run: they cache by the up slices below.
	s.pickers = map[*plan.Way]pickerInfo{}
	type rrKey struct{ tier, node, next int }
	rr := map[rrKey]int{}
	ups := make([][]bool, len(t.Tiers))
	for i, tier := range t.Tiers {
		ups[i] = make([]bool, len(tier.Nodes.Value))
		for k := range ups[i] {
			ups[i][k] = !down[tier][k]
		}
	}
	out := make([][]int, len(sessions))
	for si, x := range sessions {
		path := make([]int, len(t.Tiers))
		for i := range path {
			path[i] = -1
		}
		hops := x.flow.Hops
		// The entry: clients spread over its nodes (DNS round robin).
		entry := hops[0].Tier
		n := len(entry.Nodes.Value)
		cur := -1
		if n > 0 {
			for k := 0; k < n; k++ {
				if c := (x.id + k) % n; !down[entry][c] {
					cur = c
					break
				}
			}
			if cur < 0 {
				cur = lost
			}
		} else {
			cur = 0 // an AWS load balancer: one tier, no node list
		}
		path[entry.Index] = cur
		for i := 0; i+1 < len(hops) && cur != lost; i++ {
			h := hops[i]
			if h.Next == nil {
				break
			}
			way := s.wayOf(h)
			nn := len(h.Next.Nodes.Value)
			up := ups[h.Next.Index]
			next := -1
			if way != nil && nn > 0 {
				pi := s.picker(way)
				if pi.pick != nil {
					key := s.key(x, i, path)
					s.describeKey(way, x, i)
					if key != "" {
						next = pi.pick.Pick(key, up)
					}
				}
			}
			if next < 0 && nn > 0 {
				// Spread evenly: round robin per node of this tier and way.
				k := rrKey{h.Tier.Index, cur, h.Next.Index}
				for tries := 0; tries < nn; tries++ {
					c := rr[k] % nn
					rr[k]++
					if up[c] {
						next = c
						break
					}
				}
				if next < 0 {
					next = lost
				}
			}
			if nn == 0 {
				next = 0
			}
			path[h.Next.Index] = next
			cur = next
		}
		out[si] = path
	}
	return out
}

// wayOf is the plan's way for hop h.
func (s *sim) wayOf(h *analysis.Hop) *plan.Way {
	if s.ways == nil {
		s.ways = map[*analysis.Hop]*plan.Way{}
		for _, pt := range s.p.Tiers {
			for _, w := range pt.Ways {
				if _, ok := s.ways[w.Hop]; !ok {
					s.ways[w.Hop] = w
				}
			}
		}
	}
	return s.ways[h]
}

// key is what hop i of x's flow hashes: the client's address, or the
// egress address of the node of the proxy tier in front it passed.
func (s *sim) key(x session, i int, path []int) string {
	src, per := s.a.ClientSource(x.flow, i)
	if per {
		return x.addr
	}
	if src == nil || path[src.Index] < 0 {
		return ""
	}
	k := path[src.Index]
	if eg := src.EgressAddresses.Value; len(eg) > 0 {
		e := eg[k%len(eg)]
		if p, err := netip.ParsePrefix(e); err == nil {
			return p.Addr().String()
		}
		return e
	}
	if k < len(src.Nodes.Value) {
		return src.Nodes.Value[k].Host
	}
	return ""
}

// describeKey names what way hashes, from the first session through it.
func (s *sim) describeKey(w *plan.Way, x session, i int) {
	pi := s.pickers[w]
	if pi.info.Key != "" && pi.info.Key != "the client address" || pi.described {
		return
	}
	src, per := s.a.ClientSource(x.flow, i)
	switch {
	case per:
		pi.info.Key = "the client address"
	case src != nil:
		pi.info.Key = "the addresses of tier " + src.Name + ", not the clients'"
	default:
		pi.info.Key = "no per-client address"
	}
	pi.described = true
	s.pickers[w] = pi
}

// picker is the product's algorithm for a way, when topo has it.
func (s *sim) picker(w *plan.Way) pickerInfo {
	if pi, ok := s.pickers[w]; ok {
		return pi
	}
	t := w.Hop.Tier
	info := HopInfo{Tier: t.Name, Next: w.Next.Name, Algorithm: "spread evenly (round robin)"}
	if w.Route != nil {
		info.Route = w.Route.Name
	}
	m := w.Method
	var servers []string
	if w.Backend != nil {
		servers = w.Backend.Servers
	}
	// Servers in the order the plan renders them, as indexes of the next
	// tier's nodes.
	index := map[string]int{}
	for i, n := range w.Next.Nodes.Value {
		index[n.Address] = i
	}
	var pick Picker
	// Hashes on the address the tier takes as the client's. A hash on
	// X-Forwarded-For hashes the header's text, which the tiers in front
	// build: not modelled.
	addrKey := m.Balance == topology.IPHash || m.Balance == topology.SourceIP ||
		m.Balance == topology.Hash && m.Key.Kind == topology.KeyClientIP
	ordered := len(servers) == len(w.Next.Nodes.Value)
	for _, sv := range servers {
		if _, ok := index[sv]; !ok {
			ordered = false
		}
	}
	if ordered && addrKey {
		n := len(servers)
		switch {
		case t.Kind.Value == topology.KindNginx && m.Balance == topology.IPHash:
			pick, info.Algorithm = NginxIPHash{N: n}, "nginx ip_hash"
		case t.Kind.Value == topology.KindNginx && m.Balance == topology.Hash && m.Consistent:
			ring := s.rings[w]
			if ring == nil {
				ring = NewNginxConsistent(servers)
				s.rings[w] = ring
			}
			pick, info.Algorithm = ring, "nginx hash consistent"
		case t.Kind.Value == topology.KindNginx && m.Balance == topology.Hash:
			pick, info.Algorithm = NginxHash{N: n}, "nginx hash"
		case t.Kind.Value == topology.KindHAProxy && m.Consistent:
			ids := w.Backend.ServerIDs
			if len(ids) != n {
				ids = make([]int, n)
				for i := range ids {
					ids[i] = i + 1
				}
			}
			pick, info.Algorithm = HAProxyConsistent{IDs: ids, Weight: w.Backend.Weight, Avalanche: true}, "HAProxy balance source, hash-type consistent"
		case t.Kind.Value == topology.KindHAProxy:
			pick, info.Algorithm = HAProxyMap{N: n}, "HAProxy balance source (map-based)"
		}
		if pick != nil {
			pick = Cached(pick)
			// Map plan order to node indexes.
			perm := make([]int, len(servers))
			identity := true
			for i, sv := range servers {
				perm[i] = index[sv]
				identity = identity && perm[i] == i
			}
			if !identity {
				pick = &reorder{p: pick, perm: perm, scratch: make([]bool, len(perm))}
			}
			info.Exact = true
		}
	}
	if pick == nil && addrKey {
		info.Algorithm = "hash on the client address (" + t.Kind.Value + "; not modelled exactly: spread evenly)"
	}
	pi := pickerInfo{pick: pick, info: info, addrK: addrKey}
	s.pickers[w] = pi
	s.order = append(s.order, w)
	return pi
}

// reorder maps a picker over the plan's server order to node indexes:
// server i of the plan is node perm[i].
type reorder struct {
	p       Picker
	perm    []int
	scratch []bool
	lastUp  *bool
}

func (r *reorder) Pick(key string, up []bool) int {
	if len(up) == 0 || &up[0] != r.lastUp {
		// A new slice each time the set of up servers changes: the
		// picker below caches by the slice it is given.
		r.scratch = make([]bool, len(r.perm))
		for i, n := range r.perm {
			r.scratch[i] = up == nil || up[n]
		}
		if len(up) > 0 {
			r.lastUp = &up[0]
		}
	}
	i := r.p.Pick(key, r.scratch)
	if i < 0 {
		return -1
	}
	return r.perm[i]
}

func (s *sim) hops() []HopInfo {
	var out []HopInfo
	for _, w := range s.order {
		out = append(out, s.pickers[w].info)
	}
	return out
}

func loads(t *topology.Topology, paths [][]int) []TierLoad {
	var out []TierLoad
	for ti, tier := range t.Tiers {
		n := len(tier.Nodes.Value)
		if n == 0 {
			continue
		}
		counts := make([]int, n)
		total := 0
		for _, p := range paths {
			if p[ti] >= 0 {
				counts[p[ti]]++
				total++
			}
		}
		if total == 0 {
			continue
		}
		tl := TierLoad{Tier: tier.Name}
		max := 0
		for i, c := range counts {
			tl.Nodes = append(tl.Nodes, NodeLoad{Node: tier.Nodes.Value[i].Address, Sessions: c, Share: float64(c) / float64(total)})
			if c > max {
				max = c
			}
		}
		tl.MaxOverMean = float64(max) / (float64(total) / float64(n))
		out = append(out, tl)
	}
	return out
}
