package haproxy

import "time"

// socketTimeouts are the defaults of an HTTP Socket.IO hop: client and
// server above ping_interval + ping_timeout (45s), a long tunnel timeout for
// upgraded WebSockets.
var socketTimeouts = Timeouts{
	Connect:   5 * time.Second,
	Client:    75 * time.Second,
	Server:    75 * time.Second,
	Tunnel:    time.Hour,
	ClientFin: 30 * time.Second,
	Comments:  []string{"idle-timeout-below-heartbeat: above ping_interval + ping_timeout (45s)"},
}

// fixtures are the hand-built plans rendered to testdata/<name>.cfg.
var fixtures = []struct {
	name string
	plan Plan
}{
	{
		// Cookie affinity inserted by HAProxy, with routes: the handshake
		// and polling to the sticky backend, websocket-first clients
		// (transport=websocket without sid) to a round-robin one.
		name: "http-cookie-insert",
		plan: Plan{
			Header:   Header{TopoVersion: "0.1.0", Source: "examples/haproxy.hcl", Tier: "lb", Node: 0},
			Version:  "2.6.12",
			Mode:     ModeHTTP,
			Global:   Global{MaxConn: 50000},
			Timeouts: socketTimeouts,
			Frontend: Frontend{
				Name:               "lb",
				Bind:               Bind{Address: "10.0.1.21:80"},
				ForwardFor:         true,
				ForwardForComments: []string{"client-ip-lost: hand the client address to tier app"},
				Routes: []Route{
					{Name: "api", Path: "/api/jobs", Backend: "io_sticky",
						Comments: []string{"related-route-affinity: the same backend and cookie as the socket"}},
					{Name: "ws_first", Path: "/socket.io/*", Backend: "io_any",
						Query:  []Match{{Name: "transport", Value: "websocket"}},
						Header: []Match{{Name: "Upgrade", Value: "websocket"}}},
					{Name: "assets", Path: "/v*/assets/*.js", Backend: "io_any"},
				},
				DefaultBackend: "io_sticky",
			},
			Backends: []Backend{
				{
					Name:           "io_sticky",
					Balance:        BalanceLeastConn,
					Cookie:         "SERVERID",
					CookieComments: []string{"affinity-missing: insert an affinity cookie, clients keep cookies"},
					Servers: []Server{
						{Address: "10.0.2.21:3000"},
						{Address: "10.0.2.22:3000"},
						{Address: "10.0.2.23:3000", Weight: 2},
					},
				},
				{
					Name: "io_any",
					Servers: []Server{
						{Name: "app1", Address: "10.0.2.21:3000"},
						{Name: "app2", Address: "10.0.2.22:3000"},
						{Name: "app3", Address: "10.0.2.23:3000"},
					},
				},
			},
		},
	},
	{
		// Behind an L7 tier that appends X-Forwarded-For: take the client
		// address from it (trusted peers only), balance source with
		// consistent hashing, PROXY v2 to a next tier that accepts it.
		name: "http-source-setsrc",
		plan: Plan{
			Header:   Header{TopoVersion: "0.1.0", Source: "examples/two-tier.hcl", Tier: "mid", Node: 1},
			Version:  "2.6.12",
			Mode:     ModeHTTP,
			Global:   Global{Threads: 4},
			Timeouts: socketTimeouts,
			Frontend: Frontend{
				Name: "mid",
				Bind: Bind{Address: "[2001:db8::21]:8080"},
				RealIP: &RealIP{From: []string{"10.0.1.11", "10.0.1.12", "2001:db8:1::/64"},
					Comments: []string{"ip-hash-collapse: hash the client, not tier edge"}},
				DefaultBackend: "app",
			},
			Backends: []Backend{{
				Name:              "app",
				Balance:           BalanceSource,
				Consistent:        true,
				Comments:          []string{"hash-not-consistent: ring hashing, identical ids on every sibling"},
				SendProxyV2:       true,
				SendProxyComments: []string{"client-ip-lost: tier app accepts PROXY v2"},
				Servers:           []Server{{Address: "10.0.2.21:3000"}, {Address: "10.0.2.22:3000"}},
			}},
		},
	},
	{
		// Layer 4: PROXY protocol in from an NLB, source hashing on the
		// client address it carries, PROXY v2 out.
		name: "tcp-source-proxy",
		plan: Plan{
			Header:  Header{TopoVersion: "0.1.0", Source: "examples/l4.hcl", Tier: "l4", Node: 0},
			Version: "2.6",
			Mode:    ModeTCP,
			Timeouts: Timeouts{Connect: 5 * time.Second, Client: time.Hour, Server: time.Hour,
				Comments: []string{"idle-timeout-below-heartbeat: TCP idle timeout above 45s"}},
			Frontend: Frontend{
				Name: "l4",
				Bind: Bind{Address: "10.0.1.31:443", AcceptProxy: true,
					Comments: []string{"proxy-protocol-mismatch: tier nlb sends PROXY v2"}},
				DefaultBackend: "edge",
			},
			Backends: []Backend{{
				Name:        "edge",
				Balance:     BalanceSource,
				Consistent:  true,
				SendProxyV2: true,
				Servers:     []Server{{Address: "10.0.1.11:443"}, {Address: "10.0.1.12:443"}},
			}},
		},
	},
	{
		// A loopback node the live test starts: set-src from trusted
		// loopback peers, balance source, consistent, a header hash
		// backend for a route.
		name: "http-loopback",
		plan: Plan{
			Header:   Header{TopoVersion: "dev", Source: "topology.hcl", Tier: "local", Node: 0},
			Version:  "2.6.12",
			Mode:     ModeHTTP,
			Timeouts: Timeouts{Connect: 2 * time.Second, Client: 10 * time.Second, Server: 10 * time.Second},
			Frontend: Frontend{
				Name:           "local",
				Bind:           Bind{Address: "127.87.14.1:18090"},
				ForwardFor:     true,
				RealIP:         &RealIP{From: []string{"127.0.0.0/8"}},
				Routes:         []Route{{Name: "tenant", Header: []Match{{Name: "X-Tenant", Value: "*"}}, Backend: "by_tenant"}},
				DefaultBackend: "app",
			},
			Backends: []Backend{
				{Name: "app", Balance: BalanceSource, Consistent: true, Servers: []Server{
					{Address: "127.87.14.2:18091"}, {Address: "127.87.14.3:18091"}, {Address: "127.87.14.4:18091"}}},
				{Name: "by_tenant", Balance: BalanceHeader, Key: "X-Tenant", Consistent: true, Servers: []Server{
					{Address: "127.87.14.2:18091"}, {Address: "127.87.14.3:18091"}}},
			},
		},
	},
	{
		// Learned stickiness on the sid, shared with the other node through
		// peers; consistent hashing with bounded loads on a second backend,
		// server caps, and HTTP/2 to the servers of a third.
		name: "http-learn-peers",
		plan: Plan{
			Header:   Header{TopoVersion: "0.1.0", Source: "examples/learn.hcl", Tier: "lb", Node: 1},
			Version:  "2.6.12",
			Mode:     ModeHTTP,
			Global:   Global{MaxConn: 50000},
			Timeouts: socketTimeouts,
			Frontend: Frontend{
				Name: "lb",
				Bind: Bind{Address: "10.0.1.12:80"},
				Routes: []Route{
					{Name: "bounded", Path: "/bounded/*", Backend: "bounded"},
					{Name: "h2", Path: "/h2/*", Backend: "h2"},
				},
				DefaultBackend: "io_nodes",
			},
			Peers: &Peers{Name: "topo", Local: "p2", List: []Peer{{Name: "p1", Address: "10.0.1.11:10000"}, {Name: "p2", Address: "10.0.1.12:10000"}},
				Comments: []string{"The nodes of this tier share their learned sids here (shared_table)."}},
			Backends: []Backend{
				{
					Name:    "io_nodes",
					Balance: BalanceLeastConn,
					Learn:   &Learn{Expire: 30 * time.Minute, Peers: "topo", Comments: []string{"learned stickiness (clients need no cookies)"}},
					Servers: []Server{{Address: "10.0.2.21:3000", ID: 11, MaxConns: 2000}, {Address: "10.0.2.22:3000", ID: 12, MaxConns: 2000}},
				},
				{
					Name: "bounded", Balance: BalanceSource, Consistent: true, BalanceFactor: 150,
					Servers: []Server{{Address: "10.0.2.21:3000", ID: 11}, {Address: "10.0.2.22:3000", ID: 12}},
				},
				{
					Name: "h2", Balance: BalanceRoundRobin, H2: true,
					Servers: []Server{{Address: "10.0.3.21:3000"}},
				},
			},
		},
	},
}
