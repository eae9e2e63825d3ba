package nginx

import (
	"time"

	"github.com/topolint/topo/render/plan"
)

// Plan describes the complete configuration file of one nginx node: one
// element of a tier's nodes list. Exactly one of HTTP (a layer 7 tier) and
// Stream (a layer 4 tier) must be set.
//
// A Plan is pure data. Render checks every string in it against a strict
// allowlist and every number against its range, so a Plan built from hostile
// input yields an error, never a configuration with injected directives.
type Plan struct {
	// Header identifies the file: topo's version, the topology and the node.
	Header Header
	// Version is the target nginx version ("1.22.1", "1.30"). It decides
	// version-gated output: "proxy_http_version 1.1" is written only for
	// versions before 1.29.7 (and when Version is empty, which means
	// unknown), and the sticky_cookie method needs 1.29.6 or later.
	Version string
	// LoadModules lists absolute paths of dynamic modules to load with
	// load_module, e.g. "/usr/lib/nginx/modules/ngx_stream_module.so" for
	// Debian's nginx, whose stream module is dynamic. Leave it empty for
	// builds that compile the modules in (nginx.org packages).
	LoadModules []string
	// Workers sets the worker processes and the connection budget.
	Workers Workers
	// ShutdownTimeout is worker_shutdown_timeout: how long the old workers
	// of a reload keep their open connections; 0 leaves it out (they keep
	// them until the connections close).
	ShutdownTimeout time.Duration
	// ErrorLogLevel is the error_log level: "" leaves nginx's "error";
	// "warn" also logs "worker_connections are not enough, reusing
	// connections".
	ErrorLogLevel string
	// HTTP is the configuration of a layer 7 node.
	HTTP *HTTP
	// Stream is the configuration of a layer 4 node.
	Stream *Stream
}

// Header is what the first lines of the file say about where it came from.
type Header = plan.Header

// Workers sets worker_processes, worker_connections and worker_rlimit_nofile.
type Workers struct {
	// Processes is worker_processes; 0 writes "auto".
	Processes int
	// Connections is worker_connections; 0 writes nginx's default, 512.
	Connections int
	// RlimitNofile is worker_rlimit_nofile; 0 leaves it out.
	RlimitNofile int
	// Comments are written above the group, one "# " line each. By
	// convention a comment for a directive that exists because of a finding
	// starts with the rule ID, e.g. "connection-capacity: 2 fds per socket".
	Comments []string
}

// TLS terminates TLS on the listening socket (listen … ssl).
type TLS struct {
	// Certificate and Key are the certificate chain and private key files,
	// relative to the prefix or absolute: [A-Za-z0-9/._~+-].
	Certificate, Key string
	// Protocols is ssl_protocols, e.g. ["TLSv1.2", "TLSv1.3"].
	Protocols []string
	// Ciphers is ssl_ciphers (TLS 1.2 suites), e.g.
	// ["ECDHE-RSA-AES128-GCM-SHA256"].
	Ciphers []string
	// HTTP2 enables HTTP/2 next to HTTP/1.1: "http2 on" from nginx 1.25.1,
	// the listen parameter "http2" before (and when the version is unknown;
	// later versions accept it with a deprecation warning).
	HTTP2 bool
	// Comments are written above the group.
	Comments []string
}

// Listen is the node's listening socket.
type Listen struct {
	// Address is "host:port" where host is an IPv4 address, a bracketed
	// IPv6 address ("[2001:db8::1]:80") or a DNS name.
	Address string
	// ProxyProtocol adds the proxy_protocol parameter: the tier in front
	// sends a PROXY protocol header on every connection.
	ProxyProtocol bool
	// Comments are written above the listen directive.
	Comments []string
}

// HTTP is a layer 7 node: one server block with its upstreams and locations.
//
// nginx cannot send a PROXY protocol header from the http module (only the
// stream module's proxy_protocol can), so an HTTP node hands the client
// address on with X-Forwarded-For only (Location.ForwardedFor).
type HTTP struct {
	// Listen is where the node listens.
	Listen Listen
	// TLS, when set, terminates TLS on Listen.
	TLS *TLS
	// RealIP, when set, takes the client address from a header or from the
	// PROXY protocol for connections from trusted addresses (realip module).
	RealIP *RealIP
	// Upstreams are the server groups locations proxy to, in output order.
	Upstreams []Upstream
	// Locations route requests to upstreams. Order matters only among
	// wildcard locations (regular expressions are tried in order).
	Locations []Location
	// Redirect, when set with TLS, is a second server that answers plain
	// HTTP with a redirect to https.
	Redirect *Redirect
}

// Redirect is a plain HTTP server that redirects every request to https on
// the host the client asked for ($host) and TLSPort.
type Redirect struct {
	// Listen is "host:port" of the plain HTTP listener.
	Listen string
	// TLSPort is the port of the TLS listener; 443 is left out of the URL.
	TLSPort int
	// Comments are written above the server block.
	Comments []string
}

// RealIPHeader is where the realip module reads the client address.
type RealIPHeader string

// The values of RealIPHeader.
const (
	// RealIPXForwardedFor reads X-Forwarded-For.
	RealIPXForwardedFor RealIPHeader = "X-Forwarded-For"
	// RealIPXRealIP reads X-Real-IP.
	RealIPXRealIP RealIPHeader = "X-Real-IP"
	// RealIPProxyProtocol reads the PROXY protocol header; it needs
	// Listen.ProxyProtocol.
	RealIPProxyProtocol RealIPHeader = "proxy_protocol"
)

// RealIP configures the realip module: set_real_ip_from, real_ip_header and
// real_ip_recursive.
type RealIP struct {
	// From lists the trusted addresses and CIDRs: the egress addresses of the
	// tier in front. It must not be empty.
	From []string
	// Header is where the client address is read.
	Header RealIPHeader
	// Recursive sets real_ip_recursive on: the client is the last address
	// in the header that is not trusted (needed when several trusted hops
	// append to X-Forwarded-For).
	Recursive bool
	// Comments are written above the group.
	Comments []string
}

// Method is how an upstream picks a server.
type Method string

// The values of Method.
const (
	// RoundRobin is nginx's default: no directive.
	RoundRobin Method = "round_robin"
	// LeastConn writes least_conn.
	LeastConn Method = "least_conn"
	// Random writes random.
	Random Method = "random"
	// IPHash writes ip_hash: the first three octets of an IPv4 address
	// (rule ip-hash-ipv4-prefix); only where /24 grouping is harmless.
	IPHash Method = "ip_hash"
	// Hash writes "hash <key> [consistent]" with Upstream.Key.
	Hash Method = "hash"
	// StickyCookie writes "sticky cookie <name> ..." with Upstream.Cookie;
	// it needs nginx 1.29.6 or later (before that it was commercial only).
	StickyCookie Method = "sticky_cookie"
	// StickyLearn writes "sticky learn" on the sid: the io cookie of a
	// response is learned, the sid parameter of a request looked up, in a
	// zone the workers share (1.29.6 or later).
	StickyLearn Method = "sticky_learn"
)

// KeyKind is what a hash upstream hashes on. It is an enumeration, not
// nginx text, so no caller can write an arbitrary variable expression.
type KeyKind string

// The values of KeyKind.
const (
	// KeyRemoteAddr is $remote_addr: the peer, or the client after realip.
	KeyRemoteAddr KeyKind = "remote_addr"
	// KeyXForwardedFor is $http_x_forwarded_for, the whole header.
	KeyXForwardedFor KeyKind = "http_x_forwarded_for"
	// KeyHeader is $http_<name>, HashKey.Name being the header name.
	KeyHeader KeyKind = "header"
	// KeyCookie is $cookie_<name>.
	KeyCookie KeyKind = "cookie"
	// KeyArg is $arg_<name>, a query parameter.
	KeyArg KeyKind = "arg"
)

// HashKey is the key of a hash upstream.
type HashKey struct {
	// Kind selects the variable.
	Kind KeyKind
	// Name is the header, cookie or query parameter name for KeyHeader,
	// KeyCookie and KeyArg; empty otherwise. Header names are
	// [A-Za-z0-9-]; cookie and parameter names [A-Za-z0-9_] (nginx variable
	// names cannot hold other characters).
	Name string
}

// Cookie is the cookie of a sticky_cookie upstream.
type Cookie struct {
	// Name is the cookie name, [A-Za-z0-9_-].
	Name string
	// Path is the cookie's path attribute; empty writes "/".
	Path string
	// Secure adds the secure attribute.
	Secure bool
	// HTTPOnly adds the httponly attribute.
	HTTPOnly bool
	// SameSiteNone adds samesite=none (with Secure only: browsers ignore
	// SameSite=None without Secure).
	SameSiteNone bool
}

// Upstream is an upstream block: the next tier's nodes and how to pick one.
type Upstream struct {
	// Name names the block, [A-Za-z0-9_-].
	Name string
	// Method is the balancing method; empty means RoundRobin.
	Method Method
	// Key is the hash key, for Method Hash only.
	Key HashKey
	// Consistent adds "consistent" (ketama) to Hash.
	Consistent bool
	// Cookie is the sticky cookie, for Method StickyCookie only.
	Cookie Cookie
	// Servers are the next tier's nodes in the canonical order, which must
	// be the same on every sibling node. Render keeps this order.
	Servers []Server
	// Zone writes "zone NAME SIZE" (the group's state shared by the
	// workers, so that max_conns counts across them); empty leaves it out.
	Zone string
	// Keepalive writes "keepalive N" (idle upstream connections per worker);
	// 0 leaves it out (nginx 1.29.7 and later keep 32 by default).
	Keepalive int
	// Comments are written above the balancing directive.
	Comments []string
}

// Server is one server line of an upstream.
type Server struct {
	// Address is "host:port", like Listen.Address.
	Address string
	// Weight writes weight=N when above 1.
	Weight int
	// MaxConns writes max_conns=N when above 0.
	MaxConns int
}

// Location is one location block that proxies to an upstream.
type Location struct {
	// StripPrefix writes "rewrite ^PREFIX(/.*)$ $1 break;": the upstream
	// gets the path without it.
	StripPrefix string
	// Path is a topology path pattern: a path of [A-Za-z0-9/._~-] where "*"
	// matches any characters. "/*" becomes "location /", a pattern whose
	// only "*" is at the end becomes a prefix location ("^~ /socket.io/"), a
	// pattern without "*" an exact one ("= /api/jobs"), and any other
	// pattern an anchored regular expression built by Render.
	Path string
	// Upstream names the upstream to proxy_pass to.
	Upstream string
	// WebSocket passes the upgrade: Upgrade and Connection headers (and
	// proxy_http_version 1.1 before nginx 1.29.7).
	WebSocket bool
	// WebSocketComments are written above the WebSocket directives.
	WebSocketComments []string
	// ForwardedFor appends the peer to X-Forwarded-For.
	ForwardedFor bool
	// ForwardedForComments are written above the X-Forwarded-For directive.
	ForwardedForComments []string
	// ForwardedProto sets X-Forwarded-Proto to the scheme the client used
	// ($scheme): at a tier that terminates TLS or that clients reach
	// directly, so that no client can forge it.
	ForwardedProto bool
	// RealIP sets X-Real-IP to the client address as learned.
	RealIP bool
	// HeaderComments are written above X-Forwarded-Proto and X-Real-IP.
	HeaderComments []string
	// ConnectTimeout is proxy_connect_timeout; 0 leaves nginx's 60s.
	ConnectTimeout time.Duration
	// ReadTimeout is proxy_read_timeout; 0 leaves nginx's 60s. For Socket.IO
	// it must exceed ping_interval + ping_timeout.
	ReadTimeout time.Duration
	// SendTimeout is proxy_send_timeout; 0 leaves nginx's 60s.
	SendTimeout time.Duration
	// TimeoutComments are written above the timeout directives.
	TimeoutComments []string
	// NoNextUpstream writes "proxy_next_upstream off": a long-poll that
	// times out is not retried on another node, which would answer
	// "Session ID unknown" (fact N6).
	NoNextUpstream bool
	// NextUpstreamComments are written above proxy_next_upstream.
	NextUpstreamComments []string
	// Comments are written above the location block.
	Comments []string
}

// Stream is a layer 4 node: a stream server that proxies TCP connections.
type Stream struct {
	// Listen is where the node listens. Listen.ProxyProtocol accepts a PROXY
	// header from the tier in front.
	Listen Listen
	// RealIPFrom lists the addresses trusted to send the PROXY header; when
	// set, the stream realip module makes $remote_addr the client address.
	// It needs Listen.ProxyProtocol.
	RealIPFrom []string
	// RealIPComments are written above set_real_ip_from.
	RealIPComments []string
	// Upstream is the next tier. A stream hop can only use RoundRobin,
	// LeastConn, Random, or Hash on KeyRemoteAddr.
	Upstream Upstream
	// ProxyProtocol sends a PROXY protocol (v1) header to the next tier.
	ProxyProtocol bool
	// ProxyProtocolComments are written above proxy_protocol.
	ProxyProtocolComments []string
	// ConnectTimeout is proxy_connect_timeout; 0 leaves nginx's 60s.
	ConnectTimeout time.Duration
	// Timeout is proxy_timeout, the idle timeout; 0 leaves nginx's 10m.
	Timeout time.Duration
	// TimeoutComments are written above the timeout directives.
	TimeoutComments []string
}
