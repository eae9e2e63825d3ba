package topology

import (
	"net/netip"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Attr is a decoded attribute value together with where it was written.
// When the attribute was not written, Set is false, Value holds the default
// and Range is the zero range.
type Attr[T any] struct {
	Value T
	// Range covers the whole attribute, name and value ("balance = \"ip_hash\"").
	Range hcl.Range
	// Set reports whether the attribute was written in the source.
	Set bool
}

// RangeOr returns the attribute's range when it was written, else fallback.
func (a Attr[T]) RangeOr(fallback hcl.Range) hcl.Range {
	if a.Set {
		return a.Range
	}
	return fallback
}

// Topology is one decoded deployment: the topology block, the socketio block,
// the client populations and the tiers, in declaration order.
type Topology struct {
	Name                string
	Description         Attr[string]
	ExpectedConnections Attr[int]
	// DeclRange is the `topology "NAME"` block header.
	DeclRange hcl.Range

	SocketIO *SocketIO
	Clients  []*Client
	Tiers    []*Tier

	// Files holds the parsed sources by file name, for snippets and comments.
	Files map[string]*hcl.File
	// FileNames lists the files read, in the order they were read.
	FileNames []string

	tiers map[string]*Tier
}

// Tier returns the tier named name, or nil.
func (t *Topology) Tier(name string) *Tier { return t.tiers[name] }

// Client returns the client population named name, or nil.
func (t *Topology) Client(name string) *Client {
	for _, c := range t.Clients {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Transport names an engine.io transport.
type Transport = string

// The transports the language accepts.
const (
	Polling      Transport = "polling"
	WebSocket    Transport = "websocket"
	WebTransport Transport = "webtransport"
)

// SocketIO is the application: the socket.io server options that matter to
// the chain.
type SocketIO struct {
	Version      Attr[Version]
	Path         Attr[string]
	Transports   Attr[[]Transport]
	PingInterval Attr[time.Duration]
	PingTimeout  Attr[time.Duration]
	Cookie       Attr[bool]
	Adapter      Attr[string]
	Engine       Attr[string]
	RelatedPaths Attr[[]string]
	DeclRange    hcl.Range
}

// Heartbeat is ping_interval + ping_timeout: how long a silent connection
// lives before the client declares it dead.
func (s *SocketIO) Heartbeat() time.Duration { return s.PingInterval.Value + s.PingTimeout.Value }

// Allows reports whether the server allows transport tr.
func (s *SocketIO) Allows(tr Transport) bool { return contains(s.Transports.Value, tr) }

// Client is a client population.
type Client struct {
	Name       string
	Entry      Attr[*Tier]
	Transports Attr[[]Transport]
	Cookies    Attr[bool]
	// CrossSite is set when the page that runs the client is on another
	// site (registrable domain) than the Socket.IO endpoint: the
	// endpoint's cookies are then third-party cookies.
	CrossSite Attr[bool]
	Library   Attr[string]
	Share     Attr[float64]
	Addresses Attr[string]
	Reconnect Attr[string]
	// Headers lists the request headers (lower case) the population sends
	// on its requests besides the ones every HTTP client sends; unset means
	// unknown, and topo then takes a header a tier hashes on as present.
	Headers Attr[[]string]
	// Runtime is where the client runs: RuntimeBrowser, RuntimeNode,
	// RuntimeNative, or "" when neither it nor the library says.
	Runtime Attr[string]
	// AddressFamily is the IP family the population connects with:
	// FamilyIPv4, FamilyIPv6 or FamilyDual; unset, it follows the entry
	// tier's addresses (IPv6 when every node listens on IPv6 only).
	AddressFamily Attr[string]
	// Path is the engine.io path the client requests (socket.io-client's
	// path option, with its trailing slash); the server's path when not
	// written. A tier that strips a prefix (route strip_prefix) changes it
	// on the way.
	Path      Attr[string]
	DeclRange hcl.Range
}

// SendsHeader reports whether the client's requests of the given kind carry
// the header name (lower case): a browser's WebSocket request carries only
// what the browser itself sets, since the WebSocket API takes no headers
// (fact S8), and a population that lists its headers sends only those.
func (c *Client) SendsHeader(name string, websocket bool) bool {
	if browserHeaders[name] {
		return true
	}
	if websocket && c.Runtime.Value == RuntimeBrowser {
		return false
	}
	return !c.Headers.Set || contains(c.Headers.Value, name)
}

// browserHeaders are the headers a browser sets on its own requests,
// WebSocket handshakes included.
var browserHeaders = map[string]bool{
	"host": true, "origin": true, "user-agent": true, "accept-language": true,
	"accept-encoding": true, "cache-control": true, "pragma": true, "cookie": true,
}

// IPv6 reports whether the population connects over IPv6: declared so, or
// not declared and its entry tier listens on IPv6 addresses only.
func (c *Client) IPv6() bool {
	if c.AddressFamily.Set {
		return c.AddressFamily.Value == FamilyIPv6
	}
	t := c.Entry.Value
	if t == nil || len(t.Nodes.Value) == 0 {
		return false
	}
	for _, n := range t.Nodes.Value {
		ip, err := netip.ParseAddr(strings.Trim(n.Host, "[]"))
		if err != nil || !ip.Is6() || ip.Is4In6() {
			return false
		}
	}
	return true
}

// CarriesCookies reports whether the client sends back the cookies of the
// Socket.IO endpoint on every request: it keeps cookies and is not
// cross-site. A cross-site page's requests carry the endpoint's cookies
// only as third-party cookies, which Safari blocks by default and other
// browsers send only with SameSite=None; Secure over HTTPS (fact C1).
func (c *Client) CarriesCookies() bool { return c.Cookies.Value && !c.CrossSite.Value }

// Uses reports whether the client uses transport tr.
func (c *Client) Uses(tr Transport) bool { return contains(c.Transports.Value, tr) }

// Kinds of tier.
const (
	KindNginx      = "nginx"
	KindHAProxy    = "haproxy"
	KindALB        = "alb"
	KindNLB        = "nlb"
	KindELB        = "elb"
	KindF5         = "f5"
	KindLVS        = "lvs"
	KindSLB        = "slb"
	KindDispatcher = "dispatcher"
	KindSocketIO   = "socketio"
	// Kinds added to the specification's list (docs/language.md): products
	// topo lints with their defaults and does not render.
	KindCloudflare   = "cloudflare"
	KindGCPLB        = "gcp-lb"
	KindK8sService   = "k8s-service"
	KindIngressNginx = "ingress-nginx"
	KindEnvoy        = "envoy"
	KindTraefik      = "traefik"
	KindAzureAppGW   = "azure-appgw"
)

// Balance methods.
const (
	RoundRobin = "round_robin"
	LeastConn  = "least_conn"
	Random     = "random"
	IPHash     = "ip_hash"
	Hash       = "hash"
	Cookie     = "cookie"
	SourceIP   = "source_ip"
	Auto       = "auto"
	// Learn (an addition to the language) sends every request that carries
	// a sid to the node whose handshake response set it: the tier learns
	// the sid from the io cookie the server sets (socketio cookie = true)
	// and looks it up in the sid query parameter, so clients need no
	// cookies (HAProxy stick tables, nginx sticky learn).
	Learn = "learn"
)

// Ways a tier hands the client address on, and ways it learns it.
const (
	ForwardNone          = "none"
	ForwardXFF           = "x_forwarded_for"
	ForwardProxyProtocol = "proxy_protocol"
	ForwardPreserve      = "preserve"
	RealIPPeer           = "peer"
)

// Client address classes.
const (
	AddressesPublic       = "public"
	AddressesNAT          = "nat"
	AddressesSingleSubnet = "single_subnet"
)

// DefaultSharedTablePort is the peers port of a shared learned table when
// shared_table_port is not written.
const DefaultSharedTablePort = 10000

// ingress-nginx affinity modes (an addition to the language).
const (
	AffinityBalanced   = "balanced"
	AffinityPersistent = "persistent"

	// Values of hash_preserve_affinity (HAProxy's hash-preserve-affinity,
	// from 3.2): PreserveAlways keeps a key on its server whatever its load
	// (the default); PreserveMaxConn and PreserveMaxQueue pass it to another
	// server when its own reached maxconn, or its queue maxqueue.
	PreserveAlways   = "always"
	PreserveMaxConn  = "maxconn"
	PreserveMaxQueue = "maxqueue"
)

// Backend protocols (an addition to the language).
const (
	ProtocolHTTP1 = "http1"
	ProtocolH2    = "h2"
)

// Client runtimes (an addition to the language).
const (
	RuntimeBrowser = "browser"
	RuntimeNode    = "node"
	RuntimeNative  = "native"
)

// Client address families (an addition to the language).
const (
	FamilyIPv4 = "ipv4"
	FamilyIPv6 = "ipv6"
	FamilyDual = "dual"
)

// Reconnect targets.
const (
	ReconnectEntry    = "entry"
	ReconnectSameNode = "same_node"
)

// Server order values (an addition to the language: how the sibling nodes of a
// tier list the next tier's servers).
const (
	ServerOrderSame    = "same"
	ServerOrderDiffers = "differs"
)

// HashKey is the key of `balance = "hash"`.
type HashKey struct {
	// Kind is one of client_ip, x_forwarded_for, header, cookie, query.
	Kind string
	// Name is the header, cookie or query parameter name (lower-cased for
	// headers), empty for client_ip and x_forwarded_for.
	Name string
}

// Hash key kinds.
const (
	KeyClientIP = "client_ip"
	KeyXFF      = "x_forwarded_for"
	KeyHeader   = "header"
	KeyCookie   = "cookie"
	KeyQuery    = "query"
)

// String renders the key as written in the language.
func (k HashKey) String() string {
	if k.Name == "" {
		return k.Kind
	}
	return k.Kind + ":" + k.Name
}

// Affinity is how a tier (or one of its routes) picks a node of the next tier.
type Affinity struct {
	Balance    Attr[string]
	HashKey    Attr[HashKey]
	Consistent Attr[bool]
	CookieName Attr[string]
}

// Node is one instance of a tier, where it listens.
type Node struct {
	// Address is the node as written: "10.0.1.11:80", "[2001:db8::1]:80", "app1.internal:3000".
	Address string
	Host    string
	Port    int
}

// Tier is one hop of the chain.
type Tier struct {
	Name             string
	Kind             Attr[string]
	Layer            Attr[int]
	Version          Attr[Version]
	Nodes            Attr[[]Node]
	Affinity         Affinity
	WebSocket        Attr[bool]
	ForwardsClientIP Attr[string]
	// EgressAddresses holds IP addresses or CIDR prefixes. When not written it
	// defaults to the IP hosts of Nodes; it is empty when those are DNS names
	// or the tier is a managed AWS load balancer.
	EgressAddresses Attr[[]string]
	RealIPFrom      Attr[string]
	// IdleTimeout is zero when no limit is known (HAProxy with none set, or a
	// kind without a documented default).
	IdleTimeout Attr[time.Duration]
	TLS         Attr[string]
	// TLSCertificate and TLSKey are the files of the tier's certificate
	// chain and private key, with tls = "terminate": paths relative to
	// where the product runs (the prefix of a rendered nginx file). Empty
	// when not written; render then uses "<tier>.pem" and "<tier>.pem.key".
	TLSCertificate Attr[string]
	TLSKey         Attr[string]
	// RedirectHTTPPort, with tls = "terminate" on an nginx or haproxy tier,
	// is a second port on each node's host where plain HTTP is redirected to
	// https (308) on the node's port. Zero when not written.
	RedirectHTTPPort Attr[int]
	MaxConnections   Attr[int]
	// BackendMaxConnections caps the connections the tier keeps open to
	// each node of its next tier (nginx max_conns=, HAProxy server
	// maxconn); 0 when not written.
	BackendMaxConnections Attr[int]
	// HashBalanceFactor is HAProxy's hash-balance-factor (bounded-load
	// consistent hashing); 0 when not written.
	HashBalanceFactor Attr[int]
	// HashPreserveAffinity is HAProxy's hash-preserve-affinity (3.2 and
	// later): PreserveAlways (the default), PreserveMaxConn or
	// PreserveMaxQueue.
	HashPreserveAffinity Attr[string]
	// BackendProtocol is the HTTP version the tier speaks to its next
	// tier: ProtocolHTTP1 (the default) or ProtocolH2 (HAProxy server
	// proto h2).
	BackendProtocol Attr[string]
	// SharedTable is set when the nodes of the tier share what balance =
	// "learn" learns (HAProxy peers); otherwise each node learns alone.
	SharedTable Attr[bool]
	// SharedTablePort is the port on each node's host where the nodes sync
	// a shared learned table (HAProxy peers); DefaultSharedTablePort when
	// not written.
	SharedTablePort Attr[int]
	// DrainTimeout is how long a reload lets the old processes keep the
	// connections they hold before closing them (nginx
	// worker_shutdown_timeout, HAProxy hard-stop-after, ingress-nginx
	// worker-shutdown-timeout, Envoy --drain-time-s); 0 means until the
	// last one closes. Not written, the product's default
	// (DefaultDrainTimeout).
	DrainTimeout Attr[time.Duration]
	// AffinityMode is ingress-nginx's affinity-mode for cookie affinity:
	// AffinityBalanced (its default) or AffinityPersistent.
	AffinityMode  Attr[string]
	Workers       Attr[int]
	StickyWorkers Attr[bool]
	ServerOrder   Attr[string]
	To            Attr[*Tier]
	Routes        []*Route
	DeclRange     hcl.Range
	// Index is the tier's position in Topology.Tiers.
	Index int
}

// IsL4 reports whether the tier works at layer 4.
func (t *Tier) IsL4() bool { return t.Layer.Value == 4 }

// IsSocketIO reports whether the tier is the socket.io application itself.
func (t *Tier) IsSocketIO() bool { return t.Kind.Value == KindSocketIO }

// Managed reports whether the tier is a load balancer its provider runs,
// whose nodes need not be declared: AWS's, Cloudflare's edge, a Google
// Cloud load balancer, a Kubernetes Service (kube-proxy on every node), an
// Azure Application Gateway.
func (t *Tier) Managed() bool {
	switch t.Kind.Value {
	case KindALB, KindNLB, KindELB, KindCloudflare, KindGCPLB, KindK8sService, KindAzureAppGW:
		return true
	}
	return false
}

// NodeCount is the number of declared nodes; a managed AWS load balancer
// counts as several nodes that the client reaches through DNS.
func (t *Tier) NodeCount() int {
	if len(t.Nodes.Value) == 0 && t.Managed() {
		return 2
	}
	return len(t.Nodes.Value)
}

// Processes is the number of socket.io processes of a socketio tier.
func (t *Tier) Processes() int { return len(t.Nodes.Value) * t.Workers.Value }

// Next lists the distinct tiers this tier sends to: the routes' targets in
// route order, then the default.
func (t *Tier) Next() []*Tier {
	var out []*Tier
	seen := map[*Tier]bool{}
	add := func(n *Tier) {
		if n != nil && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, r := range t.Routes {
		add(r.To.Value)
	}
	add(t.To.Value)
	return out
}

// KV is one entry of a route's query or header map.
type KV struct {
	Key   string
	Value string
}

// Route is content routing at an L7 tier: the first route whose every
// condition matches wins, and the tier's `to` is the default.
type Route struct {
	Name     string
	Path     Attr[string]
	Query    Attr[[]KV]
	Header   Attr[[]KV]
	To       Attr[*Tier]
	Affinity Affinity
	// StripPrefix is removed from the start of the path of the requests
	// the route passes on (nginx rewrite, HAProxy replace-path,
	// ingress-nginx rewrite-target, Traefik StripPrefix).
	StripPrefix Attr[string]
	// CookiePath is the Path of the affinity cookie the route's tier
	// inserts, where the product takes it from the route (ingress-nginx
	// session-cookie-path).
	CookiePath Attr[string]
	DeclRange  hcl.Range
	// Tier is the tier that holds the route.
	Tier *Tier
	// Index is the route's position in its tier.
	Index int
}

// Version is a dotted version, "major.minor[.patch]".
type Version struct {
	Major, Minor, Patch int
	Raw                 string
}

// AtLeast reports whether v >= major.minor.patch. The zero Version (unknown)
// is never at least anything.
func (v Version) AtLeast(major, minor, patch int) bool {
	if v.Raw == "" {
		return false
	}
	if v.Major != major {
		return v.Major > major
	}
	if v.Minor != minor {
		return v.Minor > minor
	}
	return v.Patch >= patch
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MatchPath reports whether path matches pattern, where '*' matches any run
// of characters, '/' included (as ALB path patterns and topo routes do). It
// runs in O(len(pattern) × len(path)) time whatever the pattern.
func MatchPath(pattern, path string) bool {
	p, s := 0, 0
	star, mark := -1, 0
	for s < len(path) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == path[s]:
			p++
			s++
		case star >= 0:
			p = star + 1
			mark++
			s = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
