package graph

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// NodeKind is what a node of the graph stands for.
type NodeKind int

// The kinds of node.
const (
	// ClientNode is a client population.
	ClientNode NodeKind = iota + 1
	// ProxyNode is a tier between the clients and the socket.io processes.
	ProxyNode
	// AppNode is a socketio tier: the socket.io processes.
	AppNode
)

// EdgeStyle is how an edge is stroked.
type EdgeStyle int

// The edge styles.
const (
	// Solid is a hop that carries requests.
	Solid EdgeStyle = iota
	// Dashed is a dispatcher hop: the dispatcher names a node and the client
	// connects to it directly.
	Dashed
	// Dotted is a declared way that no socket.io request takes (a route that
	// matches nothing, a default `to` that the routes cover).
	Dotted
)

// Mark is one rule reported on a node or an edge.
type Mark struct {
	Rule     string
	Severity finding.Severity
}

// Node is one box of the graph.
type Node struct {
	// ID is stable and unique: "client:NAME" or "tier:NAME".
	ID   string
	Kind NodeKind
	// Lines is the label, one entry per line, the name first. It holds user
	// text unescaped; each output format escapes it.
	Lines []string
	// Marks are the rules reported here, errors first, then by rule ID.
	Marks []Mark
}

// Edge is one arrow of the graph: a client reaching its entry tier, or a hop
// (a tier's default `to` or one of its routes) reaching the next tier.
type Edge struct {
	From, To string
	// Lines is the label, one entry per line, unescaped.
	Lines []string
	Style EdgeStyle
	// Marks are the rules reported on this hop, errors first, then by rule ID.
	Marks []Mark
}

// Graph is a topology drawn as nodes and edges, in a fixed order: clients,
// then tiers in declaration order; edges from clients, then from each tier in
// route order with the default last.
type Graph struct {
	// Title is the caption, one entry per line, unescaped.
	Title []string
	Nodes []*Node
	Edges []*Edge
	// Other lists rules whose findings are about no drawn node or edge (a
	// topo-ignore comment, say); they are named in the caption.
	Other []Mark
}

// Severity is the highest severity among marks that colour: error or
// warning. Notices do not colour, so it is 0 when there are only notices.
func Severity(marks []Mark) finding.Severity {
	var s finding.Severity
	for _, m := range marks {
		if m.Severity > s && m.Severity >= finding.Warning {
			s = m.Severity
		}
	}
	return s
}

// Node returns the node with the given ID, or nil.
func (g *Graph) Node(id string) *Node {
	for _, n := range g.Nodes {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// EdgesBetween returns the edges from one node ID to another, in graph order.
func (g *Graph) EdgesBetween(from, to string) []*Edge {
	var out []*Edge
	for _, e := range g.Edges {
		if e.From == from && e.To == to {
			out = append(out, e)
		}
	}
	return out
}

// ClientID is the node ID of a client population.
func ClientID(name string) string { return "client:" + name }

// TierID is the node ID of a tier.
func TierID(name string) string { return "tier:" + name }

// maxDescription is how much of the topology's description the caption
// shows, in characters.
const maxDescription = 200

// quietRules are listed nowhere: what they say is drawn already (the method
// that balance = "auto" chose is on the tier or route).
var quietRules = map[string]bool{"auto-balance": true}

// wsState is what happens to the websocket requests crossing an edge.
type wsState int

const (
	wsNone   wsState = iota // no websocket request crosses
	wsPass                  // they pass
	wsHere                  // the tier of the edge drops the upgrade
	wsBefore                // a tier in front dropped it
	wsSome                  // some pass, some do not
)

// ipState is how the client address crosses an edge.
type ipState struct {
	kept, lost int
	channels   [3]bool // source address, X-Forwarded-For, PROXY header
}

// edgeInfo is an edge under construction.
type edgeInfo struct {
	edge   *Edge
	client *topology.Client // set on a client's edge to its entry
	tier   *topology.Tier   // set on a tier's edge
	route  *topology.Route  // nil for the default `to`
	hop    *analysis.Hop    // nil when no request takes this way
	ws     wsState
	ip     ipState
	marks  []Mark
}

// builder holds the state of one Build.
type builder struct {
	a      *analysis.Analysis
	t      *topology.Topology
	g      *Graph
	nodes  map[string]*Node
	marks  map[*Node][]Mark
	edges  []*edgeInfo
	byHop  map[*analysis.Hop]*edgeInfo
	byTier map[*topology.Tier][]*edgeInfo
	other  []Mark
}

// Build draws the analysed topology a with its findings (as lint.Path
// returns them: after suppressions). a must come from a topology that decoded
// without errors.
func Build(a *analysis.Analysis, findings []finding.Finding) *Graph {
	b := &builder{
		a: a, t: a.Topology, g: &Graph{},
		nodes: map[string]*Node{}, marks: map[*Node][]Mark{},
		byHop: map[*analysis.Hop]*edgeInfo{}, byTier: map[*topology.Tier][]*edgeInfo{},
	}
	b.addNodes()
	b.addEdges()
	b.measure()
	for _, f := range findings {
		b.attach(f)
	}
	b.finish(findings)
	return b.g
}

func (b *builder) addNode(n *Node) {
	b.nodes[n.ID] = n
	b.g.Nodes = append(b.g.Nodes, n)
}

func (b *builder) addNodes() {
	for _, c := range b.t.Clients {
		b.addNode(&Node{ID: ClientID(c.Name), Kind: ClientNode, Lines: clientLines(c)})
	}
	for _, tier := range b.t.Tiers {
		if tier.IsSocketIO() {
			b.addNode(&Node{ID: TierID(tier.Name), Kind: AppNode, Lines: b.appLines(tier)})
			continue
		}
		b.addNode(&Node{ID: TierID(tier.Name), Kind: ProxyNode, Lines: b.proxyLines(tier)})
	}
}

func clientLines(c *topology.Client) []string {
	lines := []string{"client " + c.Name}
	tr := "transports: " + strings.Join(c.Transports.Value, ", ")
	if len(c.Transports.Value) == 0 {
		tr = "transports: none"
	}
	lines = append(lines, tr)
	if c.Cookies.Value {
		lines = append(lines, "keeps cookies")
	} else {
		lines = append(lines, "no cookies")
	}
	if c.Library.Value != "" {
		lines = append(lines, c.Library.Value)
	}
	var extra []string
	if c.Addresses.Value != topology.AddressesPublic {
		extra = append(extra, "addresses: "+c.Addresses.Value)
	}
	if c.Share.Set {
		extra = append(extra, "share "+strconv.FormatFloat(math.Round(c.Share.Value*1000)/10, 'f', -1, 64)+"%")
	}
	if c.Reconnect.Value != topology.ReconnectEntry {
		extra = append(extra, "reconnects to "+strings.ReplaceAll(c.Reconnect.Value, "_", " "))
	}
	if len(extra) > 0 {
		lines = append(lines, strings.Join(extra, ", "))
	}
	return lines
}

// kindLine is "nginx 1.22.1, L7, 2 nodes".
func kindLine(t *topology.Tier) string {
	k := t.Kind.Value
	if v := t.Version.Value.Raw; v != "" {
		k += " " + v
	}
	nodes := plural(len(t.Nodes.Value), "node", "nodes")
	if len(t.Nodes.Value) == 0 && t.Managed() {
		nodes = "AWS-managed nodes"
	}
	return fmt.Sprintf("%s, L%d, %s", k, t.Layer.Value, nodes)
}

func (b *builder) proxyLines(t *topology.Tier) []string {
	lines := []string{t.Name, kindLine(t)}
	verb := "balance: "
	if t.Kind.Value == topology.KindDispatcher {
		verb = "hands out nodes by "
	}
	if h := b.defaultHop(t); h != nil {
		lines = append(lines, verb+hopMethod(h))
	} else {
		af := t.Affinity
		lines = append(lines, verb+methodText(analysis.Method{Balance: af.Balance.Value, Key: af.HashKey.Value, Consistent: af.Consistent.Value, CookieName: af.CookieName.Value}))
	}
	var extra []string
	if !t.IsL4() && t.Kind.Value != topology.KindDispatcher {
		if t.WebSocket.Value {
			extra = append(extra, "passes websocket")
		} else {
			extra = append(extra, "no websocket")
		}
	}
	if t.TLS.Value != "none" {
		extra = append(extra, "TLS "+t.TLS.Value)
	}
	if len(extra) > 0 {
		lines = append(lines, strings.Join(extra, ", "))
	}
	switch t.RealIPFrom.Value {
	case topology.ForwardXFF:
		lines = append(lines, "client IP from XFF")
	case topology.ForwardProxyProtocol:
		lines = append(lines, "client IP from PROXY")
	}
	return lines
}

// maxListedNodes is how many socket.io node addresses a box lists.
const maxListedNodes = 6

func (b *builder) appLines(t *topology.Tier) []string {
	s := b.t.SocketIO
	lines := []string{t.Name}
	procs := plural(len(t.Nodes.Value), "node", "nodes")
	if w := t.Workers.Value; w > 1 {
		procs += fmt.Sprintf(" x %d workers", w)
		if t.StickyWorkers.Value {
			procs += " (sticky by sid)"
		}
	}
	lines = append(lines, "socket.io "+s.Version.Value.Raw+", "+procs)
	for i, n := range t.Nodes.Value {
		if i == maxListedNodes && len(t.Nodes.Value) > maxListedNodes+1 {
			lines = append(lines, fmt.Sprintf("and %d more", len(t.Nodes.Value)-maxListedNodes))
			break
		}
		lines = append(lines, n.Address)
	}
	app := "adapter: " + s.Adapter.Value
	if s.Engine.Value != "default" {
		app += ", engine: " + s.Engine.Value
	}
	lines = append(lines, app)
	return lines
}

// defaultHop is the hop of tier t through its default `to`, when some
// request takes it.
func (b *builder) defaultHop(t *topology.Tier) *analysis.Hop {
	for _, h := range b.a.Hops {
		if h.Tier == t && h.Route == nil && h.Next != nil {
			return h
		}
	}
	return nil
}

// hopMethod words the method in force at h, saying when "auto" chose it.
func hopMethod(h *analysis.Hop) string {
	m := methodText(h.Method)
	if h.Auto == nil {
		return m
	}
	if h.Auto.Resolved {
		return "auto -> " + m
	}
	return "auto -> " + m + " (nothing keeps sessions)"
}

// methodText words a balance method: "ip_hash", "hash header:x-user
// (consistent)", "cookie SERVERID".
func methodText(m analysis.Method) string {
	s := m.Balance
	switch m.Balance {
	case topology.Hash:
		s += " " + m.Key.String()
	case topology.Cookie:
		if m.CookieName != "" {
			s += " " + m.CookieName
		}
	case "sticky_workers":
		s = "sticky workers"
	case "":
		s = "default"
	}
	if m.Consistent {
		s += " (consistent)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// addEdges adds the client edges, then every declared way of every tier:
// routes in order, then the default `to`.
func (b *builder) addEdges() {
	hops := map[[2]int]*analysis.Hop{}
	for _, h := range b.a.Hops {
		if h.Next == nil {
			continue
		}
		ri := -1
		if h.Route != nil {
			ri = h.Route.Index
		}
		hops[[2]int{h.Tier.Index, ri}] = h
	}
	for _, c := range b.t.Clients {
		if c.Entry.Value == nil {
			continue
		}
		e := &Edge{From: ClientID(c.Name), To: TierID(c.Entry.Value.Name)}
		b.g.Edges = append(b.g.Edges, e)
		b.edges = append(b.edges, &edgeInfo{edge: e, client: c})
	}
	for _, t := range b.t.Tiers {
		add := func(rt *topology.Route, next *topology.Tier) {
			if next == nil {
				return
			}
			ri := -1
			if rt != nil {
				ri = rt.Index
			}
			ei := &edgeInfo{edge: &Edge{From: TierID(t.Name), To: TierID(next.Name)}, tier: t, route: rt, hop: hops[[2]int{t.Index, ri}]}
			b.g.Edges = append(b.g.Edges, ei.edge)
			b.edges = append(b.edges, ei)
			b.byTier[t] = append(b.byTier[t], ei)
			if ei.hop != nil {
				b.byHop[ei.hop] = ei
			}
		}
		for _, rt := range t.Routes {
			add(rt, rt.To.Value)
		}
		add(nil, t.To.Value)
	}
}

// passesUpgrade reports whether tier t lets a WebSocket upgrade through.
func passesUpgrade(t *topology.Tier) bool {
	return t.IsL4() || t.IsSocketIO() || t.Kind.Value == topology.KindDispatcher || t.WebSocket.Value
}

// measure works out what crosses each edge, from the flows, and words the
// edge labels.
func (b *builder) measure() {
	type traffic struct {
		polling, ws bool
		related     []string
		// Websocket requests that pass, that this tier blocks, that a
		// tier in front blocked.
		passed, blockedHere, blockedBefore int
	}
	seen := map[*edgeInfo]*traffic{}
	clientTraffic := map[*topology.Client]*traffic{}
	get := func(ei *edgeInfo) *traffic {
		if seen[ei] == nil {
			seen[ei] = &traffic{}
		}
		return seen[ei]
	}
	note := func(tr *traffic, f *analysis.Flow) {
		switch f.Request {
		case analysis.Handshake, analysis.Poll:
			tr.polling = true
		case analysis.Upgrade, analysis.WebSocketFirst:
			tr.ws = true
		case analysis.Related:
			if !slices.Contains(tr.related, f.Path) {
				tr.related = append(tr.related, f.Path)
			}
		}
	}
	for _, f := range b.a.Flows {
		ct := clientTraffic[f.Client]
		if ct == nil {
			ct = &traffic{}
			clientTraffic[f.Client] = ct
		}
		note(ct, f)
		blocked := -1 // the position of the first tier that drops the upgrade
		for i, h := range f.Hops {
			if blocked < 0 && !passesUpgrade(h.Tier) {
				blocked = i
			}
			ei := b.byHop[h]
			if ei == nil || i+1 >= len(f.Hops) {
				continue
			}
			tr := get(ei)
			note(tr, f)
			if f.Request == analysis.Upgrade || f.Request == analysis.WebSocketFirst {
				switch {
				case blocked < 0:
					tr.passed++
				case blocked == i:
					tr.blockedHere++
				default:
					tr.blockedBefore++
				}
			}
			b.measureIP(ei, f, i)
		}
	}
	for _, ei := range b.edges {
		e := ei.edge
		if ei.client != nil {
			tr := clientTraffic[ei.client]
			if tr == nil {
				e.Lines = []string{"no transport the server allows"}
				continue
			}
			e.Lines = append(e.Lines, trafficLine(tr.polling, tr.ws, wsPass, tr.related))
			e.Lines = append(e.Lines, "client IP as source")
			continue
		}
		if ei.route != nil {
			e.Lines = append(e.Lines, routeLines(ei.route)...)
			if ei.route.Affinity.Balance.Set && ei.hop != nil {
				e.Lines = append(e.Lines, "balance: "+hopMethod(ei.hop))
			}
		} else if len(ei.tier.Routes) > 0 {
			e.Lines = append(e.Lines, "default")
		}
		if ei.hop == nil {
			e.Style = Dotted
			e.Lines = append(e.Lines, "no socket.io request")
			continue
		}
		if ei.tier.Kind.Value == topology.KindDispatcher {
			e.Style = Dashed
			e.Lines = append(e.Lines, "client connects directly")
		}
		tr := get(ei)
		switch {
		case tr.passed+tr.blockedHere+tr.blockedBefore == 0:
			ei.ws = wsNone
		case tr.blockedHere+tr.blockedBefore == 0:
			ei.ws = wsPass
		case tr.passed > 0:
			ei.ws = wsSome
		case tr.blockedHere > 0:
			ei.ws = wsHere
		default:
			ei.ws = wsBefore
		}
		e.Lines = append(e.Lines, trafficLine(tr.polling, tr.ws, ei.ws, tr.related))
		if ei.tier.Kind.Value != topology.KindDispatcher {
			e.Lines = append(e.Lines, ipLine(ei.ip))
		}
	}
}

// trafficLine words the requests crossing an edge: "polling + websocket",
// "polling, websocket upgrade blocked", "related /api/jobs".
func trafficLine(polling, ws bool, state wsState, related []string) string {
	var parts []string
	if polling {
		parts = append(parts, "polling")
	}
	if ws {
		switch state {
		case wsPass:
			parts = append(parts, "websocket")
		case wsHere:
			parts = append(parts, "websocket upgrade blocked")
		case wsBefore:
			parts = append(parts, "no websocket (blocked in front)")
		case wsSome:
			parts = append(parts, "websocket (blocked for some)")
		}
	}
	s := strings.Join(parts, " + ")
	if len(related) > 0 {
		sort.Strings(related)
		r := "related " + strings.Join(related, ", ")
		if s == "" {
			return r
		}
		return s + ", " + r
	}
	return s
}

// routeLines words a route: its name, then its conditions ("/socket.io/*
// ?transport=websocket upgrade: websocket") when it has any.
func routeLines(r *topology.Route) []string {
	var cond []string
	if r.Path.Set {
		cond = append(cond, r.Path.Value)
	}
	for _, kv := range r.Query.Value {
		cond = append(cond, "?"+kv.Key+"="+kv.Value)
	}
	for _, kv := range r.Header.Value {
		cond = append(cond, kv.Key+": "+kv.Value)
	}
	lines := []string{"route " + r.Name}
	if len(cond) > 0 {
		lines = append(lines, strings.Join(cond, " "))
	}
	return lines
}

// measureIP records how the client address reaches the next tier of hop i of
// flow f: which channels carry it (simulated hop by hop) and whether the
// analysis finds it available there at all (authoritative).
func (b *builder) measureIP(ei *edgeInfo, f *analysis.Flow, i int) {
	_, available := b.a.ClientAddressAt(f, i+1)
	if !available {
		ei.ip.lost++
		return
	}
	ei.ip.kept++
	// peer, xff, proxy: the channels that hold the client's own address as
	// the request arrives at position j.
	peer, xff, proxy := true, false, false
	for j := 0; j <= i; j++ {
		t := f.Hops[j].Tier
		known, _ := b.a.ClientAddressAt(f, j)
		fwd := t.ForwardsClientIP.Value
		switch {
		case t.Kind.Value == topology.KindDispatcher:
			peer, xff, proxy = true, false, false
		case t.IsL4():
			peer = peer && fwd == topology.ForwardPreserve
			if t.RealIPFrom.Value == topology.ForwardProxyProtocol {
				proxy = false
			}
			if fwd == topology.ForwardProxyProtocol {
				proxy = known
			}
		default:
			peer = false
			xff = xff || (fwd == topology.ForwardXFF && known)
			proxy = fwd == topology.ForwardProxyProtocol && known
		}
	}
	ei.ip.channels[0] = ei.ip.channels[0] || peer
	ei.ip.channels[1] = ei.ip.channels[1] || xff
	ei.ip.channels[2] = ei.ip.channels[2] || proxy
}

// ipLine words how the client address crosses an edge.
func ipLine(s ipState) string {
	switch {
	case s.kept == 0 && s.lost == 0:
		return ""
	case s.kept == 0:
		return "client IP lost"
	case s.lost > 0:
		return "client IP lost for some requests"
	}
	var via []string
	for i, name := range []string{"as source", "via XFF", "via PROXY"} {
		if s.channels[i] {
			via = append(via, name)
		}
	}
	if len(via) == 0 {
		return "client IP kept"
	}
	return "client IP " + strings.Join(via, " + ")
}

// attach puts a finding on the nodes and edges its data names (its tier, its
// client, every socketio tier for the application, and its hops); a finding
// about none of them goes in the caption.
func (b *builder) attach(f finding.Finding) {
	m := Mark{Rule: f.Rule, Severity: f.Severity}
	placed := false
	mark := func(n *Node) {
		if n != nil {
			b.marks[n] = append(b.marks[n], m)
			placed = true
		}
	}
	if f.Tier != "" {
		mark(b.nodes[TierID(f.Tier)])
	}
	if f.Client != "" {
		mark(b.nodes[ClientID(f.Client)])
	}
	if f.App {
		for _, t := range b.t.Tiers {
			if t.IsSocketIO() {
				mark(b.nodes[TierID(t.Name)])
			}
		}
	}
	for _, h := range f.Hops {
		if ei := b.edgeOf(h); ei != nil {
			ei.marks = append(ei.marks, m)
		}
	}
	if !placed {
		b.other = append(b.other, m)
	}
}

// edgeOf returns the edge of hop h: a client's edge to its entry, or the
// edge of a tier's route (its default `to` when h.Route is "").
func (b *builder) edgeOf(h finding.Hop) *edgeInfo {
	for _, ei := range b.edges {
		switch {
		case h.Client != "":
			if ei.client != nil && ei.client.Name == h.Client {
				return ei
			}
		case ei.tier != nil && ei.tier.Name == h.Tier:
			if (ei.route == nil && h.Route == "") || (ei.route != nil && ei.route.Name == h.Route) {
				return ei
			}
		}
	}
	return nil
}

// finish sorts the marks, words them into the labels and writes the caption.
func (b *builder) finish(findings []finding.Finding) {
	for _, n := range b.g.Nodes {
		n.Marks = sortMarks(b.marks[n])
		n.Lines = append(n.Lines, markLines(n.Marks)...)
	}
	for _, ei := range b.edges {
		e := ei.edge
		e.Marks = sortMarks(ei.marks)
		var lines []string
		for _, l := range e.Lines {
			if l != "" {
				lines = append(lines, l)
			}
		}
		e.Lines = append(lines, markLines(e.Marks)...)
	}
	b.g.Other = sortMarks(b.other)

	title := "topology " + b.t.Name
	if d := b.t.Description.Value; d != "" {
		// A caption, not a document: Graphviz refuses labels of some
		// tens of kilobytes.
		if r := []rune(d); len(r) > maxDescription {
			d = string(r[:maxDescription]) + "…"
		}
		title += ": " + d
	}
	b.g.Title = []string{title}
	errs, warns, notices := finding.Count(findings)
	summary := fmt.Sprintf("%s, %s, %s", plural(errs, "error", "errors"), plural(warns, "warning", "warnings"), plural(notices, "notice", "notices"))
	if len(b.g.Other) > 0 {
		var ids []string
		for _, m := range b.g.Other {
			ids = append(ids, m.Severity.String()+" "+m.Rule)
		}
		summary += " (also " + strings.Join(ids, ", ") + ")"
	}
	b.g.Title = append(b.g.Title, summary)
}

// sortMarks de-duplicates marks and orders them by severity, highest first,
// then by rule ID.
func sortMarks(in []Mark) []Mark {
	out := []Mark{}
	for _, m := range in {
		dup := false
		for _, x := range out {
			if x == m {
				dup = true
			}
		}
		if !dup {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Severity != out[j].Severity {
			return out[i].Severity > out[j].Severity
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// markLines words marks as "ERROR: a, b", "WARNING: c", "notice: d".
func markLines(marks []Mark) []string {
	var lines []string
	for _, sev := range []finding.Severity{finding.Error, finding.Warning, finding.Notice} {
		var ids []string
		for _, m := range marks {
			if m.Severity == sev && !quietRules[m.Rule] {
				ids = append(ids, m.Rule)
			}
		}
		if len(ids) == 0 {
			continue
		}
		head := sev.String()
		if sev >= finding.Warning {
			head = strings.ToUpper(head)
		}
		lines = append(lines, head+": "+strings.Join(ids, ", "))
	}
	return lines
}
