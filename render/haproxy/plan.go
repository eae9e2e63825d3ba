package haproxy

import (
	"time"

	"github.com/topolint/topo/render/plan"
)

// Plan describes the complete configuration file of one HAProxy node: one
// element of a tier's nodes list. It has one frontend (the node's listener)
// and the backends it routes to.
//
// A Plan is pure data. Render checks every string in it against a strict
// allowlist and every number against its range, so a Plan built from hostile
// input yields an error, never a configuration with injected keywords.
type Plan struct {
	// Header identifies the file: topo's version, the topology and the node.
	Header Header
	// Version is the target HAProxy version ("2.6.12", "3.0"); empty means
	// unknown. topo renders for HAProxy 2.0 and later; "balance random"
	// needs 1.9. No version gets nbproc (rejected since 2.5).
	Version string
	// Mode is "http" (layer 7) or "tcp" (layer 4).
	Mode Mode
	// Global holds the global section's settings.
	Global Global
	// Timeouts is the defaults section's timeouts.
	Timeouts Timeouts
	// Frontend is the node's listener.
	Frontend Frontend
	// Backends are the server groups the frontend routes to, in output order.
	Backends []Backend
	// Redirect, when set, is a second frontend that answers plain HTTP with
	// a redirect to https (mode http, Frontend with TLS only).
	Redirect *Redirect
	// Peers, when set, is a peers section through which the nodes of the
	// tier share their stick tables, and this node's name in it.
	Peers *Peers
}

// Peers is a peers section: the nodes of a tier that share stick tables.
type Peers struct {
	// Name names the section, [A-Za-z0-9_-].
	Name string
	// Local is this node's peer name (global localpeer); it must be one of
	// List.
	Local string
	// List holds every node's peer, this one included.
	List []Peer
	// Comments are written above the section.
	Comments []string
}

// Peer is one peer line.
type Peer struct {
	// Name is the peer's name, [A-Za-z0-9_-].
	Name string
	// Address is "host:port" where it syncs.
	Address string
}

// Redirect is a plain HTTP frontend that redirects every request to https on
// the host the client asked for and TLSPort.
type Redirect struct {
	// Bind is "host:port" of the plain HTTP listener.
	Bind string
	// TLSPort is the port of the TLS frontend; 443 is left out of the URL.
	TLSPort int
	// Comments are written above the frontend.
	Comments []string
}

// Header is what the first lines of the file say about where it came from.
type Header = plan.Header

// Mode is the proxy mode of the whole file.
type Mode string

// The values of Mode.
const (
	// ModeHTTP is "mode http": a layer 7 tier.
	ModeHTTP Mode = "http"
	// ModeTCP is "mode tcp": a layer 4 tier.
	ModeTCP Mode = "tcp"
)

// Global holds the global section's settings. There is never an nbproc:
// HAProxy 2.5 and later reject it, and threads are used automatically.
type Global struct {
	// HardStopAfter is hard-stop-after: how long the old process of a
	// reload keeps its open connections; 0 leaves it out.
	HardStopAfter time.Duration
	// MaxConn is the process-wide maxconn; 0 leaves it out.
	MaxConn int
	// Threads is nbthread; 0 leaves it out (HAProxy uses all CPUs).
	Threads int
	// MasterWorker writes master-worker: a master process that reloads on
	// SIGUSR2 (or "systemctl reload" with -Ws), hands the listening sockets
	// to the new worker and keeps the old worker until its connections end
	// or HardStopAfter passes.
	MasterWorker bool
	// StatsSocket, when set, is the path of an admin stats socket (mode
	// 600), to drain a server before stopping it.
	StatsSocket string
	// Comments are written above the global settings.
	Comments []string
}

// Timeouts are the defaults section's timeouts; 0 leaves one out. HAProxy
// warns when connect, client or server is missing, so Render requires them.
type Timeouts struct {
	// Connect is "timeout connect".
	Connect time.Duration
	// Client is "timeout client": client inactivity, including a pending
	// long-poll; for Socket.IO above ping_interval + ping_timeout.
	Client time.Duration
	// Server is "timeout server": server inactivity, the long-poll wait.
	Server time.Duration
	// Tunnel is "timeout tunnel": it supersedes client and server once a
	// connection is upgraded to WebSocket (or in TCP mode, once connected).
	Tunnel time.Duration
	// ClientFin is "timeout client-fin": half-closed client connections.
	ClientFin time.Duration
	// HTTPRequest is timeout http-request, how long a client may take to
	// send the headers of a request (HTTP mode); 0 leaves it out.
	HTTPRequest time.Duration
	// Comments are written above the timeouts.
	Comments []string
}

// Frontend is the node's listener and its routing.
type Frontend struct {
	// Name names the frontend, [A-Za-z0-9_-].
	Name string
	// Bind is where the node listens.
	Bind Bind
	// TLS, when set, terminates TLS on Bind.
	TLS *TLS
	// ForwardedProto sets X-Forwarded-Proto to the scheme the client used
	// (https when TLS terminates here); HTTP mode only.
	ForwardedProto bool
	// ForwardFor appends the client address to X-Forwarded-For (option
	// forwardfor); HTTP mode only.
	ForwardFor bool
	// ForwardForComments are written above option forwardfor.
	ForwardForComments []string
	// RealIP takes the client address from X-Forwarded-For when the peer is
	// trusted; HTTP mode only. With PROXY protocol use Bind.AcceptProxy.
	RealIP *RealIP
	// Routes send matching requests to a backend; the first match wins.
	// HTTP mode only.
	Routes []Route
	// DefaultBackend names the backend for everything else.
	DefaultBackend string
}

// TLS terminates TLS on the bind line (bind … ssl crt …).
type TLS struct {
	// Certificate is the PEM file of the certificate chain; HAProxy reads
	// the private key from it or from Certificate + ".key". [A-Za-z0-9/._~+-].
	Certificate string
	// MinVersion is "TLSv1.2" or "TLSv1.3".
	MinVersion string
	// Ciphers are the TLS 1.2 cipher suites.
	Ciphers []string
	// HTTP2 offers HTTP/2 next to HTTP/1.1 by ALPN (alpn h2,http/1.1).
	HTTP2 bool
}

// Bind is the bind line of the frontend.
type Bind struct {
	// Address is "host:port": an IPv4 address, [IPv6] or DNS name.
	Address string
	// AcceptProxy requires a PROXY protocol header (v1 or v2) on every
	// connection; the address in it becomes the client address.
	AcceptProxy bool
	// ProxyFrom, when set with AcceptProxy, lists the only addresses
	// (IPs or CIDRs) allowed to connect: the tier in front, which sends
	// the PROXY header. Other connections are refused before a header is
	// read, so that no one else can claim a client address.
	ProxyFrom []string
	// Comments are written above the bind line.
	Comments []string
}

// RealIP sets the client address from the last X-Forwarded-For entry for
// connections from trusted addresses:
//
//	acl topo_trusted_proxy src <From...>
//	http-request set-src req.hdr_ip(x-forwarded-for,-1) if topo_trusted_proxy
//
// The last entry is the one the trusted tier in front appended (nginx's
// real_ip_recursive off). A request without a usable header keeps the peer
// address. "balance source" then hashes the client, not the tier in front.
type RealIP struct {
	// From lists the trusted addresses and CIDRs: the egress addresses of the
	// tier in front. It must not be empty.
	From []string
	// Comments are written above the two lines.
	Comments []string
}

// Route is one use_backend rule. All its conditions must match.
type Route struct {
	// Name names the route's ACLs, [A-Za-z0-9_-].
	Name string
	// Path is a topology path pattern ("/socket.io/*", "/api/jobs"); empty
	// matches every path. A trailing "*" only gives path_beg, no "*" gives
	// an exact path, anything else an anchored path_reg built by Render.
	Path string
	// Query lists query parameters that must match (url_param).
	Query []Match
	// Header lists request headers that must match (req.hdr, case
	// insensitive value).
	Header []Match
	// Backend names the backend to use.
	Backend string
	// Comments are written above the route's ACLs.
	Comments []string
}

// Match is one condition of a route: a name and a value, where "*" means
// present with any value.
type Match struct {
	// Name is the parameter or header name: [A-Za-z0-9_-] for parameters,
	// [A-Za-z0-9-] for headers.
	Name string
	// Value is "*" or a value of [A-Za-z0-9._~-].
	Value string
}

// Balance is a backend's balance algorithm.
type Balance string

// The values of Balance.
const (
	// BalanceRoundRobin is "balance roundrobin".
	BalanceRoundRobin = Balance("roundrobin")
	// BalanceLeastConn is "balance leastconn".
	BalanceLeastConn = Balance("leastconn")
	// BalanceRandom is "balance random".
	BalanceRandom = Balance("random")
	// BalanceSource is "balance source": the client address (after set-src or
	// accept-proxy), all 4 or 16 bytes.
	BalanceSource = Balance("source")
	// BalanceHeader is "balance hdr(<Key>)"; HTTP mode only.
	BalanceHeader = Balance("hdr")
	// BalanceURLParam is "balance url_param <Key>"; HTTP mode only.
	BalanceURLParam = Balance("url_param")
)

// CheckTCP checks a server by opening a TCP connection.
const CheckTCP = "tcp"

// Backend is one backend: the next tier's nodes and how to pick one.
type Backend struct {
	// Name names the backend, [A-Za-z0-9_-].
	Name string
	// Check is how servers are checked, every 2 s, down after 3 failures
	// and up after 2 successes: "" (not at all), CheckTCP (a TCP
	// connect) or an HTTP path (GET, expecting CheckStatus).
	Check string
	// CheckStatus is the HTTP status an HTTP check expects.
	CheckStatus int
	// CheckComments are written above the check lines.
	CheckComments []string
	// RealIP sets X-Real-IP to the client address (src); HTTP mode only.
	RealIP bool
	// CookieSecure adds the secure attribute to the inserted cookie.
	CookieSecure bool
	// CookieSameSiteNone adds "attr SameSite=None" (with CookieSecure only:
	// browsers ignore SameSite=None without Secure).
	CookieSameSiteNone bool
	// Balance is the algorithm; empty means BalanceRoundRobin.
	Balance Balance
	// Key is the header name for Header or the parameter for BalanceURLParam.
	Key string
	// Consistent writes "hash-type consistent" (hash-based algorithms only):
	// a server going down moves only its own clients. Siblings agree on the
	// ring because every server line carries the same explicit id.
	Consistent bool
	// BalanceFactor writes "hash-balance-factor N" (with Consistent only;
	// 0 leaves it out): bounded loads, which move a key off a busy server.
	BalanceFactor int
	// Learn, when set, keeps a stick table of sids: the io cookie of a
	// response is stored with its server, and a request whose sid
	// parameter is in the table goes there (HTTP mode only).
	Learn *Learn
	// StripPrefix writes "http-request replace-path" that removes it from
	// the path (HTTP mode only), after the frontend chose this backend.
	StripPrefix string
	// H2 writes "proto h2" on every server line: HTTP/2 in clear text
	// (prior knowledge); HTTP mode only.
	H2 bool
	// Comments are written above the balance lines.
	Comments []string
	// Cookie, when set, inserts an affinity cookie of that name
	// ("cookie NAME insert indirect nocache") and gives each server the
	// cookie value of its name; HTTP mode only. [A-Za-z0-9_-].
	Cookie string
	// CookieComments are written above the cookie line.
	CookieComments []string
	// SendProxyV2 sends a PROXY protocol v2 header to every server.
	SendProxyV2 bool
	// SendProxyComments are written above the servers when SendProxyV2 is set.
	SendProxyComments []string
	// Servers are the next tier's nodes in the canonical order, which must be
	// the same on every sibling node. Server i gets "id i+1".
	Servers []Server
}

// Learn is a backend's learned stickiness on the sid.
type Learn struct {
	// Expire is how long an entry lives after it was last matched.
	Expire time.Duration
	// Peers names the peers section that shares the table; empty: none.
	Peers string
	// Comments are written above the stick lines.
	Comments []string
}

// Server is one server line.
type Server struct {
	// Name is the server's name and cookie value, [A-Za-z0-9_-]; empty
	// gives "s<id>".
	Name string
	// Address is "host:port", like Bind.Address.
	Address string
	// Weight writes "weight N" when above 1.
	Weight int
	// ID is the server's id; 0 gives its position from 1.
	ID int
	// MaxConns writes "maxconn N" when above 0: requests beyond it queue on
	// the server.
	MaxConns int
}
