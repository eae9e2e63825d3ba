package nginx

import "time"

// fixtures are the hand-built plans rendered to testdata/<name>.conf.
// nginx -t checks a fixture only when the installed nginx is at least the
// plan's target Version: version-gated output (sticky on 1.29.6+) is golden
// only on older nginx.
var fixtures = []struct {
	name string
	plan Plan
}{
	{
		// An edge tier behind an L4 balancer that forwards X-Forwarded-For:
		// hash consistent on the client address after realip, WebSocket,
		// timeouts above the heartbeat, no retry on another node.
		name: "l7-hash-realip-ws",
		plan: Plan{
			Header:  Header{TopoVersion: "0.1.0", Source: "examples/chat.hcl", Tier: "edge", Node: 0},
			Version: "1.22.1",
			Workers: Workers{Processes: 2, Connections: 16384, RlimitNofile: 65536,
				Comments: []string{"connection-capacity: 2 fds per proxied socket, rlimit >= 2 x worker_connections"}},
			HTTP: &HTTP{
				Listen: Listen{Address: "10.0.1.11:80"},
				RealIP: &RealIP{
					From:      []string{"10.0.0.5", "10.0.0.6", "192.168.10.0/24"},
					Header:    RealIPXForwardedFor,
					Recursive: true,
					Comments:  []string{"client-ip-lost: trust only the egress addresses of tier lb"},
				},
				Upstreams: []Upstream{{
					Name:       "app",
					Method:     Hash,
					Key:        HashKey{Kind: KeyRemoteAddr},
					Consistent: true,
					Comments:   []string{"ip-hash-collapse: hash the full client address (after realip), ring hashing"},
					Servers: []Server{
						{Address: "10.0.2.21:3000"},
						{Address: "10.0.2.22:3000"},
						{Address: "10.0.2.23:3000", Weight: 2},
					},
				}},
				Locations: []Location{
					{
						Path:                 "/socket.io/*",
						Upstream:             "app",
						WebSocket:            true,
						WebSocketComments:    []string{"websocket-upgrade-missing: pass the upgrade"},
						ForwardedFor:         true,
						ReadTimeout:          75 * time.Second,
						SendTimeout:          75 * time.Second,
						ConnectTimeout:       1500 * time.Millisecond,
						TimeoutComments:      []string{"idle-timeout-below-heartbeat: above ping_interval + ping_timeout (45s)"},
						NoNextUpstream:       true,
						NextUpstreamComments: []string{"affinity-missing: never retry a long-poll on another node"},
					},
					{Path: "/api/jobs", Upstream: "app", ForwardedFor: true,
						Comments: []string{"related-route-affinity: same upstream and key as the socket"}},
					{Path: "/v*/events/*.json", Upstream: "app"},
					{Path: "/*", Upstream: "app", ForwardedFor: true},
				},
			},
		},
	},
	{
		// Cookie affinity with nginx's open-source sticky (1.29.6+). On
		// 1.30 no proxy_http_version line is needed (1.1 is the default
		// since 1.29.7). The PROXY protocol comes from the tier in front.
		// A cross-site client passes: the cookie is SameSite=None.
		name: "l7-sticky-1.30",
		plan: Plan{
			Header:  Header{TopoVersion: "0.1.0", Source: "examples/sticky.hcl", Tier: "web", Node: 1},
			Version: "1.30.0",
			HTTP: &HTTP{
				Listen: Listen{Address: "[2001:db8::11]:8080", ProxyProtocol: true,
					Comments: []string{"proxy-protocol-mismatch: tier lb sends PROXY v1"}},
				RealIP: &RealIP{From: []string{"2001:db8::/64", "10.0.0.0/8"}, Header: RealIPProxyProtocol},
				Upstreams: []Upstream{{
					Name:     "io_nodes",
					Method:   StickyCookie,
					Cookie:   Cookie{Name: "topo_srv", HTTPOnly: true, Secure: true, SameSiteNone: true},
					Comments: []string{"affinity-missing: cookie affinity, clients keep cookies"},
					Servers:  []Server{{Address: "10.0.2.21:3000"}, {Address: "localhost:3002"}},
				}},
				Locations: []Location{{Path: "/*", Upstream: "io_nodes", WebSocket: true, ReadTimeout: time.Minute + 15*time.Second}},
			},
		},
	},
	{
		// Learned stickiness with nginx's open-source sticky learn
		// (1.29.6+): the io cookie of the handshake response is learned,
		// the sid parameter looked up, in a zone the workers share; clients
		// need no cookies. Also a server cap in a shared zone.
		name: "l7-learn-1.30",
		plan: Plan{
			Header:  Header{TopoVersion: "0.1.0", Source: "examples/learn.hcl", Tier: "web", Node: 1},
			Version: "1.30.0",
			HTTP: &HTTP{
				Listen: Listen{Address: "10.0.1.11:80"},
				Upstreams: []Upstream{{
					Name:     "io_nodes",
					Method:   StickyLearn,
					Zone:     "64k",
					Comments: []string{"learned stickiness: clients need no cookies"},
					Servers:  []Server{{Address: "10.0.2.21:3000", MaxConns: 2000}, {Address: "10.0.2.22:3000", MaxConns: 2000}},
				}},
				Locations: []Location{{Path: "/*", Upstream: "io_nodes", WebSocket: true, ReadTimeout: time.Minute + 15*time.Second}},
			},
		},
	},
	{
		// A layer 4 nginx: stream hash on the client address, PROXY
		// protocol in and out, long idle timeout. Debian builds the stream
		// module as a dynamic module.
		name: "l4-stream",
		plan: Plan{
			Header:      Header{TopoVersion: "0.1.0", Source: "examples/l4.hcl", Tier: "l4", Node: 0},
			Version:     "1.22.1",
			LoadModules: []string{"/usr/lib/nginx/modules/ngx_stream_module.so"},
			Workers:     Workers{Connections: 4096},
			Stream: &Stream{
				Listen:         Listen{Address: "127.0.0.1:4443", ProxyProtocol: true},
				RealIPFrom:     []string{"127.0.0.0/8"},
				RealIPComments: []string{"client-ip-lost: the client address comes from the PROXY header"},
				Upstream: Upstream{Name: "edge", Method: Hash, Key: HashKey{Kind: KeyRemoteAddr}, Consistent: true,
					Servers: []Server{{Address: "127.0.0.2:8080"}, {Address: "127.0.0.3:8080"}}},
				ProxyProtocol:         true,
				ProxyProtocolComments: []string{"client-ip-lost: hand the client address on with PROXY"},
				ConnectTimeout:        5 * time.Second,
				Timeout:               time.Hour,
				TimeoutComments:       []string{"idle-timeout-below-heartbeat: idle timeout above 45s"},
			},
		},
	},
	{
		// A loopback node the live test starts as a non-root user: realip
		// from X-Forwarded-For, hash consistent and WebSocket for the
		// socket path, least_conn with upstream keepalive for the rest.
		name: "l7-loopback-live",
		plan: Plan{
			Header:  Header{TopoVersion: "dev", Source: "topology.hcl", Tier: "local", Node: 2},
			Version: "1.22.1",
			Workers: Workers{Processes: 1, Connections: 256},
			HTTP: &HTTP{
				Listen: Listen{Address: "127.87.13.1:18080"},
				RealIP: &RealIP{From: []string{"127.0.0.0/8"}, Header: RealIPXForwardedFor},
				Upstreams: []Upstream{
					{Name: "io", Method: Hash, Key: HashKey{Kind: KeyRemoteAddr}, Consistent: true, Servers: []Server{
						{Address: "127.87.13.2:13001"}, {Address: "127.87.13.3:13001"}, {Address: "127.87.13.4:13001"}}},
					{Name: "api", Method: LeastConn, Keepalive: 16, Servers: []Server{
						{Address: "127.87.13.2:13001"}, {Address: "127.87.13.3:13001"}}},
				},
				Locations: []Location{
					{Path: "/socket.io/*", Upstream: "io", WebSocket: true, ForwardedFor: true,
						ReadTimeout: 60 * time.Second, NoNextUpstream: true},
					{Path: "/*", Upstream: "api", ForwardedFor: true},
				},
			},
		},
	},
	{
		// TLS with HTTP/2 for nginx 1.25.1 and later: "http2 on" instead of
		// the listen parameter (golden only where the installed nginx is
		// older).
		name: "l7-tls-http2-1.26",
		plan: Plan{
			Header:  Header{TopoVersion: "dev", Source: "topology.hcl", Tier: "edge", Node: 0},
			Version: "1.26.2",
			Workers: Workers{Processes: 1, Connections: 4096},
			HTTP: &HTTP{
				Listen: Listen{Address: "10.0.1.11:443"},
				TLS: &TLS{Certificate: "edge.pem", Key: "edge.pem.key", Protocols: []string{"TLSv1.2", "TLSv1.3"},
					Ciphers: []string{"ECDHE-RSA-AES128-GCM-SHA256"}, HTTP2: true},
				Upstreams: []Upstream{{Name: "app", Method: Hash, Key: HashKey{Kind: KeyRemoteAddr}, Consistent: true,
					Servers: []Server{{Address: "10.0.2.21:3000"}, {Address: "10.0.2.22:3000"}}}},
				Locations: []Location{{Path: "/socket.io/*", Upstream: "app", WebSocket: true, ReadTimeout: 60 * time.Second, NoNextUpstream: true}},
				Redirect:  &Redirect{Listen: "10.0.1.11:80", TLSPort: 443, Comments: []string{"redirect_http_port: plain HTTP to https"}},
			},
		},
	},
}
