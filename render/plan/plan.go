// Package plan decides, once per tier, everything a rendered configuration
// needs, from the analysis of package rules: the ways out of the tier (its
// routes in order, then its default `to`), the method each way uses (the
// resolved balance = "auto", the stickiness an ALB adds), the backends those
// ways share and their servers in one canonical order, which way carries the
// Socket.IO path, how the client address is learned and which addresses are
// trusted for it, whether PROXY protocol headers are accepted or sent, whether
// the WebSocket upgrade is passed, and the idle timeout with the reason when it
// differs from the declared one.
//
// Every render target (nginx, HAProxy, ALB, and any later one) is an emitter
// of a Plan: it translates these decisions into its product's syntax and
// checks them against its product's limits, and decides nothing that another
// target also needs. Build never fails: what cannot be decided for a tier is
// recorded on the tier (see ClientAddress.Err), so that a target refuses only
// the tiers it renders.
package plan

import (
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/render/output"
	"github.com/topolint/topo/topology"
)

// Options are the inputs of a plan besides the analysis.
type Options struct {
	// Source names the topology in each file's header, with forward slashes.
	Source string
	// TopoVersion is written in each file's header.
	TopoVersion string
}

// Plan is every decision render makes for one analysed topology.
type Plan struct {
	// Source and TopoVersion are Options'.
	Source, TopoVersion string
	// Analysis is what the plan was decided from; emitters that verify their
	// output against the flows (the ALB) read it.
	Analysis *analysis.Analysis
	// Tiers holds the plan of every tier that proxies (not socketio, not
	// dispatcher), in declaration order.
	Tiers []*Tier
}

// OfKind returns the tiers of one kind, in declaration order.
func (p *Plan) OfKind(kind string) []*Tier {
	var out []*Tier
	for _, t := range p.Tiers {
		if t.Kind == kind {
			out = append(out, t)
		}
	}
	return out
}

// Header is what the first lines of a node's file say about where it came
// from; every target that writes one file per node starts it with one.
type Header struct {
	// TopoVersion is the version of the topo binary, e.g. "0.1.0" or "dev".
	TopoVersion string
	// Source is the topology path as the user gave it, with forward slashes.
	Source string
	// Tier is the tier's name; it also names the file and, for nginx, its
	// runtime files (<tier>-<node>.pid, .error.log, .access.log, .temp).
	Tier string
	// Node is the node's index in the tier's nodes list, from 1.
	Node int
	// Assumed are the tier's Assumed sentences, written under the header.
	Assumed []string
}

// FileName returns the name of the node's file: <tier>-<node><suffix>.
func (h Header) FileName(suffix string) string {
	return h.Tier + "-" + strconv.Itoa(h.Node) + suffix
}

// Header returns the header of the file of tier t's node with index node
// (0-based).
func (p *Plan) Header(t *Tier, node int) Header {
	return Header{TopoVersion: p.TopoVersion, Source: p.Source, Tier: t.Name, Node: node + 1, Assumed: t.Assumed}
}

// PerNode calls emit for every node of every tier of kind, in declaration
// order, and collects the files: the loop of every target that writes one
// file per node. A problem of emit that is not an *Error is wrapped in one
// for its tier.
func (p *Plan) PerNode(kind string, emit func(t *Tier, node int) (output.File, error)) ([]output.File, error) {
	var out []output.File
	err := p.EachNode(kind, emit, func(f output.File) error {
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OncePerTier builds the emit function of PerNode and EachNode for a
// target whose nodes share most of their file: prepare runs once per tier
// (the configuration the nodes share, checked), node once per node with
// what prepare returned. Tiers come one after the other, so one is kept.
func OncePerTier[S any](prepare func(t *Tier) (S, error), node func(shared S, t *Tier, i int) (output.File, error)) func(t *Tier, i int) (output.File, error) {
	var (
		cached *Tier
		shared S
	)
	return func(t *Tier, i int) (output.File, error) {
		if cached != t {
			s, err := prepare(t)
			if err != nil {
				return output.File{}, err
			}
			cached, shared = t, s
		}
		return node(shared, t, i)
	}
}

// EachNode is PerNode one file at a time: it hands each file to yield as
// soon as emit made it and stops at the first error of either.
func (p *Plan) EachNode(kind string, emit func(t *Tier, node int) (output.File, error), yield func(output.File) error) error {
	for _, t := range p.OfKind(kind) {
		notes := t.Notes()
		for i := range t.Nodes {
			f, err := emit(t, i)
			if err != nil {
				var pe *Error
				if !errors.As(err, &pe) {
					err = &Error{Tier: t.Name, Reason: err.Error()}
				}
				return err
			}
			f.Notes = notes
			if err := yield(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Error is a tier that a target cannot render, with the reason. Every
// emitter reports what it cannot render as an *Error.
type Error struct {
	Tier   string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("tier %q: %s", e.Tier, e.Reason) }

// Tier is the plan of one tier. Its nodes are siblings: one plan, one
// configuration per node that differs only in the listen address.
type Tier struct {
	// Source is the tier as decoded, for ranges and for what the plan does
	// not restate.
	Source *topology.Tier
	// Name, Kind and Version are the tier's.
	Name, Kind, Version string
	// L4 is set for a layer 4 tier.
	L4 bool
	// Nodes are the listen addresses of the tier's nodes, in declared order.
	Nodes []string
	// Capacity is the connection budget of each node (the one
	// connection-capacity checks).
	Capacity analysis.Capacity
	// Ports says how the tier's upstream connections fit the local ports
	// of one source address (fact N9), for the files' capacity comment; ""
	// for an L4 tier that preserves the client address.
	Ports string
	// TLS is set when the tier terminates TLS (tls = "terminate").
	TLS *TLS
	// RedirectHTTPPort, when not 0, is the port on each node's host where
	// plain HTTP is redirected to https on the node's own port (308).
	RedirectHTTPPort int
	// Passthrough is set for a layer 4 tier that passes TLS through.
	Passthrough bool
	// Secure is set when clients reach this tier over TLS: it terminates
	// TLS, or a tier in front of it on every path does. Affinity cookies
	// then get the Secure attribute.
	Secure bool
	// CrossSite is set when a client declared cross_site that keeps cookies
	// passes the tier: cookies the tier inserts then need SameSite=None,
	// which browsers honour only with Secure (fact C1).
	CrossSite bool
	// SetForwardedProto is set when the tier must set X-Forwarded-Proto to
	// its own scheme: it terminates TLS, or clients connect to it directly
	// (so that no client can forge the header). Other tiers pass the
	// header on as they receive it.
	SetForwardedProto bool
	// AcceptProxy is set when the tier in front sends a PROXY protocol
	// header on every connection (real_ip_from = "proxy_protocol").
	AcceptProxy bool
	// ClientAddress is how the tier learns the client address.
	ClientAddress ClientAddress
	// ForwardXFF is set when the tier appends the client address to
	// X-Forwarded-For for the next tier (a layer 7 tier only).
	ForwardXFF bool
	// SendProxy is set when the tier sends a PROXY protocol header to the
	// next tier.
	SendProxy bool
	// WebSocket is set when the tier passes the WebSocket upgrade.
	WebSocket bool
	// Timeout is the idle timeout every emitter writes.
	Timeout Timeout
	// Drain is how long a reload lets the old processes keep serving the
	// sockets they hold before closing them (DefaultDrain).
	Drain time.Duration
	// Ways are the tier's routes in declared order, then its default `to`
	// when it has one.
	Ways []*Way
	// Backends are the distinct (next tier, method) pairs of the ways, in the
	// order the ways first use them.
	Backends []*Backend
	// Socket is the index in Ways of the way Socket.IO requests take: the
	// first route whose path alone covers the socket.io path, else the
	// default; -1 when neither.
	Socket int
	// Assumed says, one sentence each, what the plan chose for the tier
	// because the topology does not say it: default certificate files, the
	// product version the syntax targets, the default connection budget, an
	// ALB's implicit stickiness. Every file of the tier lists them under its
	// header and `topo render` prints them, so nothing is decided silently.
	Assumed []string
}

// TLS is how a tier terminates TLS.
type TLS struct {
	// Certificate is the certificate chain file (PEM); Key is the private
	// key file. Both are paths relative to where the product runs.
	Certificate, Key string
	// MinVersion is the oldest protocol accepted: "TLSv1.2".
	MinVersion string
	// Ciphers are the TLS 1.2 cipher suites, in order (TLS 1.3 suites are
	// the library's): Mozilla's "intermediate" list without DHE.
	Ciphers []string
	// HTTP2 offers HTTP/2 to clients by ALPN, next to HTTP/1.1. It cannot
	// break the WebSocket upgrade: a browser opens a WebSocket over HTTP/2
	// only where the server announces RFC 8441 (SETTINGS_ENABLE_CONNECT_PROTOCOL),
	// and over its own HTTP/1.1 connection otherwise (facts N11, H9).
	HTTP2 bool
}

// The TLS settings topo renders: Mozilla's "intermediate" configuration
// (TLS 1.2 and 1.3; forward-secret AEAD suites), without the DHE suites,
// which need a dhparam file.
var (
	tlsMinVersion = "TLSv1.2"
	tlsCiphers    = []string{"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"}
)

// DefaultCertificate and DefaultKey name the files of a tier that
// terminates TLS when tls_certificate and tls_key are not written. The key
// is the certificate's name with ".key" added, where HAProxy looks for it.
func DefaultCertificate(tier string) string { return tier + ".pem" }

// DefaultKey is the key file that goes with certificate.
func DefaultKey(certificate string) string { return certificate + ".key" }

// ClientAddress is where a tier reads the client address.
type ClientAddress struct {
	// From is the declared real_ip_from: "peer", "x_forwarded_for" or
	// "proxy_protocol".
	From string
	// Trusted lists the egress addresses of the tiers in front, whose
	// headers are believed; empty when From is "peer".
	Trusted []string
	// TrustedTiers names those tiers, for comments: `edge, cdn`.
	TrustedTiers string
	// Err is set when From is not "peer" and the trusted addresses cannot be
	// decided: clients connect directly (anyone could forge the header), or
	// a tier in front declares no egress addresses. An emitter that needs
	// Trusted returns Err.
	Err *Error
}

// Way is one way out of a tier: a route or the default `to`.
type Way struct {
	// Route is the route, nil for the default `to`.
	Route *topology.Route
	// Next is the tier this way sends to.
	Next *topology.Tier
	// Hop is the analysed hop, nil when no flow of the analysis takes this
	// way.
	Hop *analysis.Hop
	// Method is the method in force: as declared, as balance = "auto"
	// resolved, or with the stickiness the plan adds (Implicit).
	Method analysis.Method
	// Written is set when balance is written for this way (or is "auto").
	Written bool
	// Implicit is set when the plan adds cookie stickiness that is not
	// written: an ALB (whose only affinity is a cookie) in front of two or
	// more nodes that polling clients reach, when balance is not written, no
	// other ALB shares the AWSALB cookie on the path and the sessions are
	// not shared (cluster engine).
	Implicit bool
	// OtherALB is another ALB tier on this way's path, when this tier is an
	// ALB and one is; AWSALB is one cookie name across all target groups.
	OtherALB *topology.Tier
	// Polls is set when polling requests (handshake, polls, upgrade) take
	// this way; WebSocket when websocket requests (upgrade, websocket-first)
	// do.
	Polls, WebSocket bool
	// Backend is the backend (upstream, target group) this way sends to.
	Backend *Backend
	// Socket is set on the way Socket.IO requests take.
	Socket bool
	// Related is set on a route whose path carries one of the related paths.
	Related bool
	// Comments say why the way's method is there, each starting with the
	// rule it answers ("affinity-missing: …"); empty when nothing needs it.
	Comments []string
	// ToApp is set when the way leads to socket.io processes; RealIP is
	// then set when the tier knows the client's own address on every
	// request of the way, so it can hand it to the application
	// (X-Real-IP).
	ToApp, RealIP bool
}

// Where names the way for messages: `route "ws"` or `the tier's default way`.
func (w *Way) Where() string {
	if w.Route != nil {
		return fmt.Sprintf("route %q", w.Route.Name)
	}
	return "the tier's default way"
}

// Auto reports whether the way's method comes from balance = "auto".
func (w *Way) Auto() bool { return w.Hop != nil && w.Hop.Auto != nil }

// Backend is a group of servers (the next tier's nodes) and how to pick one.
// Ways to the same next tier with the same method share a backend.
type Backend struct {
	// Name is the backend's name for nginx and HAProxy: the next tier's
	// name, qualified with the route (or "default") when another backend to
	// the same tier uses another method.
	Name string
	// Next is the tier of the servers.
	Next *topology.Tier
	// Method is how a server is picked.
	Method analysis.Method
	// Cookie is the affinity cookie to insert with Method cookie when no
	// cookie_name is declared: DefaultCookie.
	Cookie string
	// Servers are the next tier's node addresses in the canonical order: the
	// order of its nodes list, the same on every sibling.
	Servers []string
	// ServerIDs are the servers' ids (HAProxy `id`, its server name and
	// cookie value), one per server: derived from the address, not the
	// position, so that removing or adding a node renumbers no other. With
	// position ids a removed server line shifts the ids after it, which
	// moves about half of a consistent ring's sessions and reassigns cookie
	// values (fact H12).
	ServerIDs []int
	// MaxConns caps the connections to each server (backend_max_connections;
	// 0: none): nginx max_conns= (hashing then picks another server for a
	// full one, fact N13), HAProxy server maxconn (queues on it, fact H14).
	MaxConns int
	// BalanceFactor is HAProxy's hash-balance-factor for a consistent hash
	// (hash_balance_factor; 0: none).
	BalanceFactor int
	// Weight is every server's weight (0 and 1: the default, written as
	// none): HAProxyRingWeight on an HAProxy consistent ring, whose
	// servers get 16 points per unit of weight (fact H11), so that weight 1
	// spreads keys poorly.
	Weight int
	// H2 speaks HTTP/2 to the servers (backend_protocol = "h2").
	H2 bool
	// StripPrefix is removed from the path of the requests the backend
	// passes on (route strip_prefix); ways that strip differently never
	// share a backend.
	StripPrefix string
	// LearnShared is set, with Method learn, when the nodes of the tier
	// share the learned table (shared_table), through PeersPort.
	LearnShared bool
	PeersPort   int
	// Comments say why the method is there (the first way's Comments).
	Comments []string
}

// HAProxyRingWeight is the weight of every server of an HAProxy consistent
// ring: 160 points per server instead of 16 (fact H11).
const HAProxyRingWeight = 10

// LearnExpire is how long a learned sid stays in a table after a request
// last matched it: far above any quiet gap of a session (a poll waits at
// most ping_interval), so only ended sessions expire.
const LearnExpire = 30 * time.Minute

// DefaultDrain is how long a reload keeps open sockets on the old
// processes: long enough for a rolling restart of the tier behind, short
// enough that repeated reloads do not pile up old processes. The clients of
// the sockets it then closes reconnect (and get a new session).
const DefaultDrain = 10 * time.Minute

// DefaultCookie is the affinity cookie nginx and HAProxy insert when the
// topology names none.
const DefaultCookie = "SERVERID"

// Timeout is the idle timeout of a tier: how long a proxied long-poll or
// WebSocket may stay quiet.
type Timeout struct {
	// Value is what every emitter writes.
	Value time.Duration
	// Declared is the tier's idle_timeout (the product's default when
	// DeclaredSet is false).
	Declared    time.Duration
	DeclaredSet bool
	// Heartbeat is ping_interval + ping_timeout.
	Heartbeat time.Duration
	// Raised is set when Value differs from a declared idle_timeout: it was
	// not above the heartbeat.
	Raised bool
	// Comments explain Value, each starting with the rule it answers.
	Comments []string
}

// IdleTimeout decides the idle timeout of tier t: the declared idle_timeout
// when it is above ping_interval + ping_timeout (what lint accepts), else
// analysis.SuggestTimeout of the heartbeat (fact S3). It is the one place that
// decides it; lint suggests the same value.
func IdleTimeout(s *topology.SocketIO, t *topology.Tier) Timeout {
	hb := s.Heartbeat()
	to := Timeout{Declared: t.IdleTimeout.Value, DeclaredSet: t.IdleTimeout.Set, Heartbeat: hb}
	to.Comments = []string{fmt.Sprintf("idle-timeout-below-heartbeat: above ping_interval + ping_timeout (%s)", hb)}
	if t.IdleTimeout.Set && t.IdleTimeout.Value > hb {
		to.Value = t.IdleTimeout.Value
		return to
	}
	to.Value = analysis.SuggestTimeout(hb)
	to.Raised = t.IdleTimeout.Set
	if to.Raised {
		to.Comments = append(to.Comments, fmt.Sprintf("idle-timeout-below-heartbeat: raised from the declared idle_timeout %s, which is not above it", t.IdleTimeout.Value))
	}
	return to
}

// Build decides the plan of every proxy tier of the analysed topology.
func Build(a *analysis.Analysis, opts Options) *Plan {
	p := &Plan{Source: opts.Source, TopoVersion: opts.TopoVersion, Analysis: a}
	for _, t := range a.Topology.Tiers {
		if t.IsSocketIO() || t.Kind.Value == topology.KindDispatcher {
			continue
		}
		p.Tiers = append(p.Tiers, buildTier(a, t))
	}
	return p
}

func buildTier(a *analysis.Analysis, t *topology.Tier) *Tier {
	pt := &Tier{
		Source:      t,
		Name:        t.Name,
		Kind:        t.Kind.Value,
		Version:     t.Version.Value.Raw,
		L4:          t.IsL4(),
		Capacity:    a.CapacityOf(t),
		Passthrough: t.TLS.Value == "passthrough",
		AcceptProxy: t.RealIPFrom.Value == topology.ForwardProxyProtocol,
		ForwardXFF:  t.ForwardsClientIP.Value == topology.ForwardXFF && !t.IsL4(),
		SendProxy:   t.ForwardsClientIP.Value == topology.ForwardProxyProtocol,
		WebSocket:   t.WebSocket.Value,
		Timeout:     IdleTimeout(a.Topology.SocketIO, t),
		Socket:      -1,
	}
	for _, n := range t.Nodes.Value {
		pt.Nodes = append(pt.Nodes, n.Address)
	}
	pt.ClientAddress = clientAddress(a, t)
	if perPair, sources, next, ok := a.PortPairs(t); ok {
		pt.Ports = fmt.Sprintf("Ports: about %.0f connections from each of %d source addresses to each node of tier %s, of the %d Linux allows per pair (ip_local_port_range 32768-60999).", math.Ceil(perPair), sources, next.Name, analysis.EphemeralPorts)
	} else if !(t.IsL4() && t.ForwardsClientIP.Value == topology.ForwardPreserve) {
		pt.Ports = fmt.Sprintf("Ports: Linux allows %d connections from one source address to one upstream address (ip_local_port_range 32768-60999). Beyond that, widen the range or add source addresses.", analysis.EphemeralPorts)
	}
	// A reload keeps the old processes' sockets for the declared drain,
	// else for DefaultDrain: nginx and HAProxy would keep them until the
	// last one closes, and old processes pile up with every reload.
	pt.Drain = t.DrainTimeout.Value
	if !t.DrainTimeout.Set && (t.Kind.Value == topology.KindNginx || t.Kind.Value == topology.KindHAProxy) {
		pt.Drain = DefaultDrain
		pt.assume("drain_timeout not written: a reload keeps the open connections of the old processes for %s, then closes them (their clients reconnect)", strings.TrimSuffix(DefaultDrain.String(), "0s"))
	}
	if t.TLS.Value == "terminate" {
		pt.TLS = &TLS{Certificate: t.TLSCertificate.Value, Key: t.TLSKey.Value, MinVersion: tlsMinVersion, Ciphers: tlsCiphers, HTTP2: !pt.L4}
		if pt.TLS.Certificate == "" {
			pt.TLS.Certificate = DefaultCertificate(t.Name)
			pt.assume("tls_certificate not written: the certificate chain is %s, relative to where the product runs", pt.TLS.Certificate)
		}
		if pt.TLS.Key == "" {
			pt.TLS.Key = DefaultKey(pt.TLS.Certificate)
			pt.assume("tls_key not written: the private key is %s", pt.TLS.Key)
		}
	}
	if pt.TLS != nil && !pt.L4 {
		pt.RedirectHTTPPort = t.RedirectHTTPPort.Value
	}
	if !t.Version.Set {
		switch pt.Kind {
		case topology.KindNginx:
			pt.assume("version not written: the file uses syntax that nginx 1.15.1 and later accept, and nginx 1.25.1 and later warn about listen ... http2. Declare version to fit it")
		case topology.KindHAProxy:
			pt.assume("version not written: the file uses syntax that HAProxy 2.0 and later accept. Declare version to fit it")
		}
	}
	if !pt.Capacity.Declared && pt.Capacity.Sockets == 0 && pt.Kind != topology.KindALB && pt.Kind != topology.KindNLB {
		pt.assume("expected_connections and max_connections not written: each node gets the default budget of %d connections", pt.Capacity.Budget)
	}
	pt.Secure, pt.SetForwardedProto = secure(a, t)
	for _, f := range a.Flows {
		if f.Client.CrossSite.Value && f.Client.Cookies.Value && f.Passes(t) {
			pt.CrossSite = true
			break
		}
	}
	pt.ways(a)
	for _, w := range pt.Ways {
		if w.Implicit {
			where := "the default way"
			if w.Route != nil {
				where = "route " + w.Route.Name
			}
			pt.assume("balance not written on %s: ALB cookie stickiness (lb_cookie) keeps each session on its node", where)
		}
	}
	return pt
}

// Redirect returns, for node i of a tier with RedirectHTTPPort, where the
// node listens for plain HTTP ("host:port" on the node's host) and the port
// of its TLS listener, which the redirect points to; ok is false without a
// redirect.
func (t *Tier) Redirect(i int) (listen string, tlsPort int, ok bool) {
	if t.RedirectHTTPPort == 0 {
		return "", 0, false
	}
	host, port, err := net.SplitHostPort(t.Nodes[i])
	if err != nil {
		return "", 0, false
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return "", 0, false
	}
	return net.JoinHostPort(host, strconv.Itoa(t.RedirectHTTPPort)), p, true
}

// Notes are the tier's Assumed sentences, each after the tier's name, for
// output.File.Notes.
func (t *Tier) Notes() []string {
	var out []string
	for _, s := range t.Assumed {
		out = append(out, fmt.Sprintf("tier %q: %s", t.Name, s))
	}
	return out
}

// assume records one sentence of what the plan chose for the tier.
func (t *Tier) assume(format string, args ...any) {
	t.Assumed = append(t.Assumed, fmt.Sprintf(format, args...))
}

// secure reports whether clients reach tier t over TLS on every flow (it or
// a tier in front terminates TLS), and whether t sets X-Forwarded-Proto
// itself: it terminates TLS, or clients connect to it directly.
func secure(a *analysis.Analysis, t *topology.Tier) (secure, setProto bool) {
	terminates := t.TLS.Value == "terminate"
	fronted, all := false, true
	for _, f := range a.Flows {
		for i, h := range f.Hops {
			if h.Tier != t {
				continue
			}
			if analysis.PeerTier(f, i) == nil {
				fronted = true
			}
			tls := false
			for j := 0; j < i; j++ {
				tls = tls || f.Hops[j].Tier.TLS.Value == "terminate"
			}
			all = all && tls
		}
	}
	return terminates || (all && !fronted && a.Used(t)), terminates || fronted
}

// clientAddress decides where tier t reads the client address and whom it
// trusts for it: the egress addresses of the tiers in front.
func clientAddress(a *analysis.Analysis, t *topology.Tier) ClientAddress {
	ca := ClientAddress{From: t.RealIPFrom.Value}
	if ca.From == topology.RealIPPeer {
		return ca
	}
	fronts, direct := a.FrontTiers(t)
	if direct {
		ca.Err = &Error{Tier: t.Name, Reason: fmt.Sprintf("real_ip_from = %q, but clients connect to it directly: it would trust addresses any client can forge. Read the peer address (real_ip_from = \"peer\") or put it behind a proxy tier", ca.From)}
		return ca
	}
	seen := map[string]bool{}
	var names []string
	for _, f := range fronts {
		if len(f.EgressAddresses.Value) == 0 {
			ca.Err = &Error{Tier: t.Name, Reason: fmt.Sprintf("it must trust the addresses of tier %q for the client address, and those are not known: declare egress_addresses on tier %q (IP addresses or CIDR prefixes, e.g. the subnets of a managed load balancer: an ALB's, an Application Gateway's)", f.Name, f.Name)}
			return ca
		}
		for _, e := range f.EgressAddresses.Value {
			if !seen[e] {
				seen[e] = true
				ca.Trusted = append(ca.Trusted, e)
			}
		}
		names = append(names, f.Name)
	}
	ca.TrustedTiers = strings.Join(names, ", ")
	return ca
}

// ways lists the tier's routes in order, then its default, decides each
// way's method, and groups the ways into backends: ways that reach the same
// next tier with the same method share one.
func (pt *Tier) ways(a *analysis.Analysis) {
	t := pt.Source
	byKey := map[string]*Backend{}
	taken := map[string]bool{}
	add := func(r *topology.Route, next *topology.Tier) {
		w := &Way{Route: r, Next: next, Hop: a.HopOf(t, r)}
		af := t.Affinity
		w.Written = t.Affinity.Balance.Set
		if r != nil {
			af = r.Effective()
			w.Written = w.Written || r.Affinity.Balance.Set
			w.Related = related(a, r.Path.Value)
		}
		if af.Balance.Value == topology.Auto {
			w.Written = true
		}
		w.Method = a.MethodOf(t, r)
		if next != nil && next.IsSocketIO() {
			w.ToApp = true
			w.RealIP = knowsClient(a, w.Hop)
		}
		pt.traffic(a, w)
		decideStickiness(a, t, w)
		w.Comments = affinityComments(w)
		pt.Ways = append(pt.Ways, w)
		if next == nil {
			return
		}
		strip := ""
		if r != nil {
			strip = r.StripPrefix.Value
		}
		key := fmt.Sprintf("%d|%+v|%s", next.Index, w.Method, strip)
		if b, ok := byKey[key]; ok {
			w.Backend = b
			return
		}
		// The next tier's name; when another backend goes to it with
		// another method, qualify it with the route (or "default").
		label := "default"
		if r != nil {
			label = r.Name
		}
		name := next.Name
		for i := 2; taken[name]; i++ {
			name = next.Name + "-" + label
			if i > 2 {
				name = fmt.Sprintf("%s-%s-%d", next.Name, label, i)
			}
		}
		taken[name] = true
		b := &Backend{Name: name, Next: next, Method: w.Method, Comments: w.Comments}
		if w.Method.Balance == topology.Cookie {
			b.Cookie = w.Method.CookieName
			if b.Cookie == "" {
				b.Cookie = DefaultCookie
			}
		}
		for _, n := range next.Nodes.Value {
			b.Servers = append(b.Servers, n.Address)
		}
		b.ServerIDs = ServerIDs(b.Servers)
		b.StripPrefix = strip
		if t.Kind.Value == topology.KindHAProxy && w.Method.Hashed() && w.Method.Consistent {
			b.Weight = HAProxyRingWeight
		}
		b.MaxConns = t.BackendMaxConnections.Value
		b.H2 = t.BackendProtocol.Value == topology.ProtocolH2
		if w.Method.Balance == topology.Learn && t.SharedTable.Value {
			b.LearnShared, b.PeersPort = true, t.SharedTablePort.Value
		}
		if w.Method.Hashed() && w.Method.Consistent {
			b.BalanceFactor = t.HashBalanceFactor.Value
		}
		byKey[key] = b
		pt.Backends = append(pt.Backends, b)
		w.Backend = b
	}
	for _, r := range t.Routes {
		add(r, r.To.Value)
	}
	if t.To.Value != nil {
		add(nil, t.To.Value)
	}
	pt.Socket = socketWay(a, pt.Ways)
	if pt.Socket >= 0 {
		pt.Ways[pt.Socket].Socket = true
	}
}

// traffic records which requests take way w, and another ALB on its path.
func (pt *Tier) traffic(a *analysis.Analysis, w *Way) {
	if w.Hop == nil {
		return
	}
	for _, f := range a.FlowsThrough(w.Hop) {
		switch f.Request {
		case analysis.Handshake, analysis.Poll:
			w.Polls = true
		case analysis.Upgrade:
			w.Polls, w.WebSocket = true, true
		case analysis.WebSocketFirst:
			w.WebSocket = true
		}
		if pt.Kind != topology.KindALB || w.OtherALB != nil {
			continue
		}
		for _, h := range f.Hops {
			if h.Tier != pt.Source && h.Tier.Kind.Value == topology.KindALB {
				w.OtherALB = h.Tier
				break
			}
		}
	}
}

// decideStickiness adds the cookie stickiness an ALB way needs when balance
// is not written (see Way.Implicit). An ALB keeps affinity only with a
// cookie, and lb_cookie stickiness costs nothing for clients without
// cookies (fact A1).
func decideStickiness(a *analysis.Analysis, t *topology.Tier, w *Way) {
	if t.Kind.Value != topology.KindALB || !w.Method.Free() || w.Written || w.OtherALB != nil {
		return
	}
	if w.Polls && w.Next != nil && w.Next.NodeCount() >= 2 && a.Topology.SocketIO.Engine.Value != "cluster-engine" {
		w.Method = analysis.Method{Balance: topology.Cookie}
		w.Implicit = true
	}
}

// affinityComments names why the way's method is there.
func affinityComments(w *Way) []string {
	h := w.Hop
	switch {
	case h != nil && h.Auto != nil && h.Auto.Resolved:
		return []string{"auto-balance: " + h.Auto.Reason}
	case h != nil && h.LoadBearing:
		c := []string{"affinity-missing: keep every request of a session on the node that created its sid"}
		if w.Method.Consistent {
			c = append(c, "hash-not-consistent: ring hashing moves only the sessions of a removed node")
		}
		return c
	}
	return nil
}

// socketWay returns the index of the way socket.io requests take: the first
// route whose path pattern alone covers the socket.io path, else the
// default.
func socketWay(a *analysis.Analysis, ways []*Way) int {
	p := a.Topology.SocketIO.Path.Value
	for i, w := range ways {
		if w.Route == nil {
			return i
		}
		if w.Route.Path.Set && len(w.Route.Query.Value) == 0 && len(w.Route.Header.Value) == 0 && topology.MatchPath(w.Route.Path.Value, p) {
			return i
		}
	}
	return -1
}

// related reports whether a route path carries one of the related paths.
func related(a *analysis.Analysis, pattern string) bool {
	for _, rp := range a.Topology.SocketIO.RelatedPaths.Value {
		if topology.MatchPath(pattern, strings.ReplaceAll(rp, "*", "x")) {
			return true
		}
	}
	return false
}

// knowsClient reports whether the tier of hop h takes the client's own
// address as the client address on every flow through h.
func knowsClient(a *analysis.Analysis, h *analysis.Hop) bool {
	if h == nil {
		return false
	}
	flows := a.FlowsThrough(h)
	for _, f := range flows {
		for i, fh := range f.Hops {
			if fh == h {
				if used, _ := a.ClientAddressAt(f, i); !used {
					return false
				}
			}
		}
	}
	return len(flows) > 0
}

// maxServerID bounds server ids: HAProxy's consistent ring keys a server
// by id × 4096 in 32 bits.
const maxServerID = 1 << 20

// ServerIDs gives each address an id from 1 to 2^20 derived from the
// address alone (its CRC-32), the same for a node whatever the other
// nodes are; two addresses whose ids collide take the next free ones, in
// the order of the sorted addresses, so the result is deterministic.
func ServerIDs(addrs []string) []int {
	sorted := append([]string(nil), addrs...)
	sort.Strings(sorted)
	taken := map[int]bool{}
	byAddr := map[string]int{}
	for _, a := range sorted {
		id := int(crc32.ChecksumIEEE([]byte(a))%maxServerID) + 1
		for taken[id] {
			id = id%maxServerID + 1
		}
		taken[id] = true
		byAddr[a] = id
	}
	out := make([]int, len(addrs))
	for i, a := range addrs {
		out[i] = byAddr[a]
	}
	return out
}
