package rules_test

import "testing"

// positiveCases: each makes at least one rule fire, at an exact range.
// negativeCases: each is a fixed (or otherwise working) topology where the
// rules in absent stay silent. The coverage test reads both tables.
//
// Facts cited in the case names and comments are from
// /work/shared/reference/socketio-proxy-facts.md.

func TestRulesPositive(t *testing.T) {
	for _, c := range positiveCases {
		t.Run(c.name, c.check)
	}
}

func TestRulesNegative(t *testing.T) {
	for _, c := range negativeCases {
		t.Run(c.name, c.check)
	}
}

// ---------------------------------------------------------------------------
// Chains used by several cases.

// nginxRoundRobin: one nginx tier, round robin over 3 socket.io nodes, browsers
// polling (S1: every request with sid=X must reach X's process).
const nginxRoundRobin = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// nginxHashConsistent is nginxRoundRobin fixed: hash $remote_addr consistent
// (N1 fix; socket.io discussion #3778).
const nginxHashConsistent = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// specExample is the example of the specification: an L4 F5 that does not
// forward the client address in front of nginx ip_hash.
const specExample = `
topology "chat" {
  expected_connections = 40000
}

socketio {
  version = "4.8"
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

client "android" {
  entry   = tier.f5
  cookies = false
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// f5Preserve is the specification's example with the F5 transparent: nginx
// sees the clients' own addresses.
const f5Preserve = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

client "android" {
  entry   = tier.f5
  cookies = false
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "preserve"
  to                 = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// nginxMIPHash: field report 3. nginx-M adds X-Forwarded-For in front of an
// nginx tier that hashes the real client address (realip, consistent ring
// built from server names, so either node picks the same socket.io node,
// N-chash/X2). ip_hash at M changes nothing for sessions.
const nginxMIPHash = `
topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.m
}

tier "m" {
  kind               = "nginx"
  nodes              = ["10.0.0.11:80", "10.0.0.12:80"]
  balance            = "ip_hash"
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.ab
}

tier "ab" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// nginxMLeastConn is nginxMIPHash with M balancing freely: nothing needed.
const nginxMLeastConn = `
topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.m
}

tier "m" {
  kind               = "nginx"
  nodes              = ["10.0.0.11:80", "10.0.0.12:80"]
  balance            = "least_conn"
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.ab
}

tier "ab" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// nginxMTwoHashTiers: M round robin in front of two nginx tiers in a row that
// both hash the real client address from X-Forwarded-For. The last one
// keeps the sessions; the first one's hash is redundant; M needs nothing.
const nginxMTwoHashTiers = `
topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.m
}

tier "m" {
  kind               = "nginx"
  nodes              = ["10.0.0.11:80", "10.0.0.12:80"]
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.a
}

tier "a" {
  kind               = "nginx"
  nodes              = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from       = "x_forwarded_for"
  balance            = "hash"
  hash_key           = "client_ip"
  consistent         = true
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.b
}

tier "b" {
  kind         = "nginx"
  nodes        = ["10.0.2.11:80", "10.0.2.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
`

// siblingsDiffer: a single round-robin front, two nginx siblings that list
// the socket.io servers in different orders and use ip_hash, which walks the
// list in order (ip_hash module: w = hash % total_weight, then the list).
const siblingsDiffer = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80"]
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash"
  server_order = "differs"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// albSplitUpgradeNonSticky: an ALB with a listener rule that sends every
// transport=websocket request to a non-sticky target group; the upgrade of a
// polling session carries transport=websocket and its sid (S5), so it leaves
// the handshake's sticky target group (A4).
const albSplitUpgradeNonSticky = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app

  route "ws" {
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// albSplitSidFirst is the derived split of A4: sid first to the sticky
// group, websocket-first to the non-sticky one, default sticky.
const albSplitSidFirst = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app

  route "sid" {
    query = { sid = "*" }
    to    = tier.app
  }

  route "ws" {
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// albCookieNodeClient: ALB lb_cookie and a Node client without a cookie jar
// polling (A1 "the client must support cookies"; pain points 1, 3).
const albCookieNodeClient = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "loadtest" {
  entry   = tier.alb
  cookies = false
  library = "socket.io-client@4.6"
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// albCookieWebsocketOnly: the same client made websocket-only (S1 fix b).
const albCookieWebsocketOnly = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "loadtest" {
  entry      = tier.alb
  cookies    = false
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// pollingPoolSingle: ALB split where polling (handshake and every request
// with a sid) goes to one socket.io process and websocket-first clients to
// three ("the polling server can only be one").
const pollingPoolSingle = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "mobile" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.poll

  route "sid" {
    query = { sid = "*" }
    to    = tier.poll
  }

  route "ws" {
    query = { transport = "websocket" }
    to    = tier.ws
  }
}

tier "poll" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"]
}

tier "ws" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
`

// pollingPoolSticky: the polling pool has two nodes and cookie stickiness;
// the websocket-first route balances freely.
const pollingPoolSticky = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "mobile" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.poll

  route "sid" {
    query = { sid = "*" }
    to    = tier.poll
  }

  route "ws" {
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.ws
  }
}

tier "poll" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}

tier "ws" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
`

// relatedRoundRobin: field report 3, problem 1. The socket route hashes
// the client address; /api/jobs takes the default, round robin.
const relatedRoundRobin = `
topology "jobs" {}

socketio {
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80"]
  websocket = true
  to        = tier.app

  route "socket" {
    path    = "/socket.io/*"
    to      = tier.app
    balance = "ip_hash"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// relatedSameAffinity: the report's fix, /api/* with the same ip_hash.
const relatedSameAffinity = `
topology "jobs" {}

socketio {
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app

  route "api" {
    path    = "/api/*"
    to      = tier.app
    balance = "ip_hash"
  }

  route "socket" {
    path    = "/socket.io/*"
    to      = tier.app
    balance = "ip_hash"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

// pm2Workers: socket.io nodes running 4 workers each (Node cluster / pm2).
const pm2Workers = `
topology "im" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers = 4
}
`

// dispatcherSameNode: field report (IM dispatcher), clients reconnect to the
// node they were handed.
const dispatcherSameNode = `
topology "im" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "same_node"
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080", "10.0.0.6:8080"]
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

const dispatcherEntry = `
topology "im" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "entry"
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080", "10.0.0.6:8080"]
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

// ipHashBehindSlash24: two round-robin nginx nodes in 10.0.1.0/24 in front of
// nginx ip_hash without realip (e2e case b, with two tier-1 addresses).
const ipHashBehindSlash24 = `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.t1
}

tier "t1" {
  kind               = "nginx"
  nodes              = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.t2
}

tier "t2" {
  kind      = "nginx"
  nodes     = ["10.0.2.11:80", "10.0.2.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
`

// ---------------------------------------------------------------------------

var positiveCases = []ruleCase{
	// affinity-missing ------------------------------------------------------
	{
		name: "affinity-missing/nginx round robin over 3 socket.io nodes",
		hcl:  nginxRoundRobin,
		want: []want{{
			Rule: "affinity-missing", Tier: "edge", At: hdr(`tier "edge"`),
			Msg: []string{`round_robin`, `3 nodes of tier "app"`, `Session ID unknown`, `hash_key = "client_ip", consistent = true`},
		}},
		exact: true,
	},
	{
		name: "affinity-missing/ALB route sends the upgrade to a non-sticky route",
		hcl:  albSplitUpgradeNonSticky,
		want: []want{{
			Rule: "affinity-missing", Tier: "alb", At: hdr(`route "ws"`),
			Msg: []string{`websocket upgrade`, `route "ws"`, `query = \{ sid = "\*" \}`, `Session ID unknown`},
		}},
		exact: true,
	},
	{
		name: "affinity-missing/Classic ELB TCP listener round robin (field report 2)",
		hcl: `
topology "elb-tcp" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.elb
}

tier "elb" {
  kind  = "elb"
  layer = 4
  tls   = "passthrough"
  to    = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-missing", Tier: "elb", At: hdr(`tier "elb"`),
			Msg: []string{`round_robin over the 2 nodes`},
		}},
		exact: true,
	},
	{
		name: "affinity-missing/least_conn HAProxy in front of two socket.io nodes",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "least_conn"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-missing", Tier: "lb", At: attr(`tier "lb"`, `balance   = "least_conn"`),
			Msg: []string{`least_conn`, `balance = "cookie"`},
		}},
		exact: true,
	},

	// ip-hash-collapse / client-ip-lost ------------------------------------
	{
		name: "ip-hash-collapse+client-ip-lost/F5 L4 forwards none in front of nginx ip_hash (spec example)",
		hcl:  specExample,
		want: []want{
			{
				Rule: "ip-hash-collapse", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`),
				Msg: []string{`only peer is the address of tier "f5"`, `every client has the same key`, `one node of tier "app"`},
			},
			{
				Rule: "client-ip-lost", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`),
				Msg: []string{`tier "f5" in front does not hand it on`, `layer 4`, `forwards_client_ip = "none"`},
			},
			{
				Rule: "single-point-of-failure", Tier: "f5", At: attr(`tier "f5"`, `nodes              = ["203.0.113.10:443"]`),
			},
		},
		absent: []string{"affinity-missing", "websocket-upgrade-missing", "cookie-affinity-cookieless-client"},
	},
	{
		name: "ip-hash-collapse/nginx ip_hash behind an ALB without real_ip_from",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "ip-hash-collapse", Tier: "edge", At: attr(`tier "edge"`, `balance    = "hash"`),
			Msg: []string{`tier "alb"`, `real_ip_from = "x_forwarded_for"`},
		}},
		// The address arrives in X-Forwarded-For: the fix is to read it,
		// which is ip-hash-collapse's to say, not client-ip-lost's.
		absent: []string{"client-ip-lost"},
	},
	{
		name: "client-ip-lost/realip from X-Forwarded-For behind an nginx that forwards none",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind         = "nginx"
  nodes        = ["10.0.0.11:80", "10.0.0.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{
			{
				Rule: "client-ip-lost", Tier: "edge", At: attr(`tier "edge"`, `real_ip_from = "x_forwarded_for"`),
				Msg: []string{`tier "front" in front does not hand it on`, `forwards_client_ip = "x_forwarded_for" on "front"`},
			},
			{
				Rule: "ip-hash-collapse", Tier: "edge", At: attr(`tier "edge"`, `balance      = "hash"`),
				Msg: []string{`2 addresses of tier "front"`, `Session ID unknown`},
			},
		},
		exact: true,
	},

	{
		// BUG candidate: a Classic ELB TCP listener passes neither
		// X-Forwarded-For nor the client's source address ("only PROXY
		// protocol carries the client address", A6), and the specification
		// lists elb (layer 4) under "others none" for forwards_client_ip.
		// topo defaults it to "preserve", so nginx hashing $remote_addr
		// behind it looks fine; it hashes the ELB's addresses (N1/H1).
		name: "ip-hash-collapse/nginx hash client_ip behind a Classic ELB TCP listener",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.elb
}

tier "elb" {
  kind  = "elb"
  layer = 4
  to    = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "ip-hash-collapse", Tier: "edge", At: attr(`tier "edge"`, `balance    = "hash"`),
			Msg: []string{`tier "elb"`},
		}},
	},
	{
		// BUG candidate: nginx ip_hash keys on the first three octets (N1:
		// 10.0.1.5 and 10.0.1.200 hash alike), so behind two round-robin
		// proxies in one /24 every request of every session lands on the
		// same node: sessions survive (e2e case b measures exactly this
		// with one proxy address). topo says they break ("Worse, … land on
		// different nodes (HTTP 400 …)").
		name: "ip-hash-collapse/nginx ip_hash behind two round-robin proxies of one /24",
		hcl:  ipHashBehindSlash24,
		want: []want{{
			Rule: "ip-hash-collapse", Tier: "t2", At: attr(`tier "t2"`, `balance   = "ip_hash"`),
			Msg:   []string{`first three octets`, `one /24`, `every client goes to one node`},
			NoMsg: []string{`Session ID unknown`, `land on different nodes`},
		}},
	},

	// ip-hash-ipv4-prefix ---------------------------------------------------
	{
		name: "ip-hash-ipv4-prefix/nginx ip_hash for a school on one /24",
		hcl: `
topology "school" {}

socketio {
  adapter = "redis"
}

client "classroom" {
  entry     = tier.edge
  addresses = "single_subnet"
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{
				Rule: "ip-hash-ipv4-prefix", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`),
				Msg: []string{`first three octets`, `client "classroom"`, `consistent = true`},
			},
			{Rule: "hash-not-consistent", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`)},
		},
		exact: true,
	},
	{
		name: "ip-hash-ipv4-prefix/clients behind carrier NAT, realip through an ALB",
		hcl: `
topology "mobile" {}

socketio {
  adapter = "redis"
}

client "phones" {
  entry     = tier.alb
  addresses = "nat"
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "ip-hash-ipv4-prefix", Tier: "edge", At: attr(`tier "edge"`, `balance      = "ip_hash"`),
			Msg: []string{`client "phones"`},
		}},
		absent: []string{"ip-hash-collapse", "client-ip-lost"},
	},

	// websocket-upgrade-missing ----------------------------------------------
	{
		name: "websocket-upgrade-missing/nginx without Upgrade headers (default websocket = false)",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

client "bot" {
  entry      = tier.edge
  transports = ["websocket"]
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "websocket-upgrade-missing", Tier: "edge", At: hdr(`tier "edge"`),
			Msg: []string{`websocket-only client "bot" cannot connect`, `client "browser".*long-polling`, `proxy_set_header Upgrade`},
		}},
		exact: true,
	},
	{
		name: "websocket-upgrade-missing/F5 layer 7 with websocket = false",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  websocket          = false
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "websocket-upgrade-missing", Tier: "f5", At: attr(`tier "f5"`, `websocket          = false`),
			Msg: []string{`WebSocket profile`},
		}},
		exact: true,
	},

	// cookie-affinity-cookieless-client -------------------------------------
	{
		name: "cookie-affinity-cookieless-client/ALB lb_cookie and a Node client without cookie jar",
		hcl:  albCookieNodeClient,
		want: []want{{
			Rule: "cookie-affinity-cookieless-client", Tier: "alb", At: attr(`tier "alb"`, `balance      = "cookie"`),
			Msg: []string{`AWSALB`, `client "loadtest"`, `Session ID unknown`, `transports = \["websocket"\]`, `withCredentials`},
		}},
		absent: []string{"affinity-missing"},
		exact:  true,
	},
	{
		name: "cookie-affinity-cookieless-client/HAProxy cookie insert with an Android app",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

client "android" {
  entry   = tier.lb
  cookies = false
  library = "socket.io-client-java@2.1"
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie"
  cookie_name = "SERVERID"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "cookie-affinity-cookieless-client", Tier: "lb", At: attr(`tier "lb"`, `balance     = "cookie"`),
			Msg: []string{`client "android"`, `CookieJar`},
		}},
		exact: true,
	},

	// affinity-key-absent ---------------------------------------------------
	{
		name: "affinity-key-absent/nginx hash on query:sid",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "query:sid"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-key-absent", Tier: "edge", At: attr(`tier "edge"`, `hash_key   = "query:sid"`),
			Msg: []string{`query:sid`, `handshake carries no sid`, `client_ip`},
		}},
		exact: true,
	},
	{
		name: "affinity-key-absent/nginx hash on cookie:io without cookie = true",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "cookie:io"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-key-absent", Tier: "edge", At: attr(`tier "edge"`, `hash_key   = "cookie:io"`),
			Msg: []string{`sets no io cookie`, `since v3`},
		}},
		exact: true,
	},
	{
		name: "affinity-key-absent/nginx hash on cookie:io with cookie = true (handshake lacks it)",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "cookie:io"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-key-absent", Tier: "edge", At: attr(`tier "edge"`, `hash_key   = "cookie:io"`),
			Msg: []string{`handshake itself carries none`},
		}},
		exact: true,
	},
	{
		name: "affinity-key-absent/HAProxy cookie io prefix, the socket.io docs snippet, without cookie = true",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie"
  cookie_name = "io"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "affinity-key-absent", Tier: "lb", At: attr(`tier "lb"`, `cookie_name = "io"`),
			Msg: []string{`cookie "io"`, `sets no io cookie`, `balance = "cookie" \(an inserted cookie\)`},
		}},
		absent: []string{"cookie-affinity-cookieless-client"},
		exact:  true,
	},

	// hash-not-consistent ---------------------------------------------------
	{
		name: "hash-not-consistent/nginx ip_hash facing the clients",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "hash-not-consistent", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`),
			Msg: []string{`ip_hash`, `no consistent variant`, `hash_key = "client_ip" and consistent = true`},
		}},
		exact: true,
	},
	{
		name: "hash-not-consistent/HAProxy balance source with consistent = false",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "source_ip"
  consistent = false
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "hash-not-consistent", Tier: "lb", At: attr(`tier "lb"`, `consistent = false`),
			Msg: []string{`hash-type consistent`},
		}},
		exact: true,
	},

	// sibling-divergence ----------------------------------------------------
	{
		name: "sibling-divergence/ip_hash siblings with differing server lists behind one round-robin front",
		hcl:  siblingsDiffer,
		want: []want{
			{
				Rule: "sibling-divergence", Tier: "edge", At: attr(`tier "edge"`, `server_order = "differs"`),
				Msg: []string{`different orders`, `ip_hash`, `Session ID unknown`},
			},
			{Rule: "single-point-of-failure", Tier: "front", At: attr(`tier "front"`, `nodes              = ["10.0.0.10:80"]`)},
		},
		exact: true,
	},
	{
		name: "sibling-divergence/HAProxy consistent hash keyed on server ids that differ (H7)",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "haproxy"
  nodes              = ["10.0.0.10:80"]
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  server_order = "differs"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "sibling-divergence", Tier: "edge", At: attr(`tier "edge"`, `server_order = "differs"`),
			Msg: []string{`hash on client_ip \(consistent\)`},
		}},
	},

	// layer-mismatch --------------------------------------------------------
	{
		name: "layer-mismatch/NLB with cookie stickiness",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{
				Rule: "layer-mismatch", Tier: "nlb", At: attr(`tier "nlb"`, `balance = "cookie"`),
				Msg: []string{`layer 4`, `cookie affinity`, `source_ip`},
			},
			{
				Rule: "unsupported-feature", Tier: "nlb", At: attr(`tier "nlb"`, `balance = "cookie"`),
				Msg: []string{`source address`},
			},
		},
	},
	{
		name: "layer-mismatch/LVS with a route",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lvs
}

tier "lvs" {
  kind       = "lvs"
  nodes      = ["203.0.113.10:443", "203.0.113.11:443"]
  balance    = "source_ip"
  consistent = true
  to         = tier.app

  route "ws" {
    header = { upgrade = "websocket" }
    to     = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "layer-mismatch", Tier: "lvs", At: hdr(`route "ws"`),
			Msg: []string{`route "ws"`, `layer 7`},
		}},
	},
	{
		name: "layer-mismatch/F5 FastL4 adding XFF and terminating TLS; HAProxy mode tcp hashing a header",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "x_forwarded_for"
  tls                = "terminate"
  to                 = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  layer      = 4
  nodes      = ["10.0.1.11:443", "10.0.1.12:443"]
  balance    = "hash"
  hash_key   = "header:x-user-id"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{Rule: "layer-mismatch", Tier: "f5", At: attr(`tier "f5"`, `forwards_client_ip = "x_forwarded_for"`), Msg: []string{`X-Forwarded-For`}},
			{Rule: "layer-mismatch", Tier: "f5", At: attr(`tier "f5"`, `tls                = "terminate"`), Msg: []string{`terminate TLS`}},
			{Rule: "layer-mismatch", Tier: "lb", At: attr(`tier "lb"`, `hash_key   = "header:x-user-id"`), Msg: []string{`header:x-user-id`}},
		},
	},

	// proxy-protocol-mismatch -----------------------------------------------
	{
		name: "proxy-protocol-mismatch/NLB sends PROXY v2, nginx does not listen with proxy_protocol",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "proxy-protocol-mismatch", Tier: "nlb", At: attr(`tier "nlb"`, `forwards_client_ip = "proxy_protocol"`),
			Msg: []string{`sends the PROXY protocol to tier "edge"`, `every connection fails`},
		}},
	},
	{
		name: "proxy-protocol-mismatch/HAProxy accept-proxy behind an F5 that sends none",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "cookie"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{
				Rule: "proxy-protocol-mismatch", Tier: "edge", At: attr(`tier "edge"`, `real_ip_from = "proxy_protocol"`),
				Msg: []string{`expects the PROXY protocol`, `tier "f5" in front does not send it`},
			},
			{
				Rule: "client-ip-lost", Tier: "edge", At: attr(`tier "edge"`, `real_ip_from = "proxy_protocol"`),
				Msg: []string{`reads it from proxy_protocol`},
			},
		},
		exact: true,
	},
	{
		// BUG candidate: the NLB passes TCP transparently (preserve), so no
		// tier sends PROXY, and nginx `listen … proxy_protocol` refuses
		// every connection (H5, N10). topo reports nothing because the
		// peer tier it looks for is the client (PeerTier returns nil).
		name: "proxy-protocol-mismatch/nginx expects PROXY behind a transparent NLB",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "preserve"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "proxy-protocol-mismatch", Tier: "edge", At: attr(`tier "edge"`, `real_ip_from = "proxy_protocol"`),
			Msg: []string{`expects the PROXY protocol`},
		}},
	},

	{
		// BUG candidate: clients do not speak the PROXY protocol, so an
		// entry tier that expects it (nginx listen … proxy_protocol)
		// refuses every connection. topo skips the entry tier (i > 0).
		name: "proxy-protocol-mismatch/entry nginx expects PROXY from the clients",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "proxy-protocol-mismatch", Tier: "edge", At: attr(`tier "edge"`, `real_ip_from = "proxy_protocol"`),
			Msg: []string{`expects the PROXY protocol`},
		}},
	},

	// idle-timeout-below-heartbeat ------------------------------------------
	{
		name: "idle-timeout-below-heartbeat/nginx proxy_read_timeout 30s",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "idle-timeout-below-heartbeat", Tier: "edge", At: attr(`tier "edge"`, `idle_timeout = "30s"`),
			Msg: []string{`30s`, `25s \+ 20s = 45s`, `transport close`},
		}},
		exact: true,
	},
	{
		name: "idle-timeout-below-heartbeat/ALB idle timeout equal to the heartbeat is not above it",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "45s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "idle-timeout-below-heartbeat", Tier: "alb", At: attr(`tier "alb"`, `idle_timeout = "45s"`),
			Msg: []string{`its idle_timeout`},
		}},
		exact: true,
	},
	{
		name: "idle-timeout-below-heartbeat/nginx default 60s under a 50s+20s heartbeat",
		hcl: `
topology "chat" {}

socketio {
  adapter       = "redis"
  ping_interval = "50s"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "idle-timeout-below-heartbeat", Tier: "edge", At: hdr(`tier "edge"`),
			Msg: []string{`1m \(the nginx default\)`, `1m10s`},
		}},
		exact: true,
	},

	// polling-pool-unscalable -----------------------------------------------
	{
		name: "polling-pool-unscalable/ALB split, polling to one process, websocket to three",
		hcl:  pollingPoolSingle,
		want: []want{{
			Rule: "polling-pool-unscalable", Tier: "alb", At: attr(`tier "poll"`, `nodes = ["10.0.2.21:3000"]`),
			Msg: []string{`client "browser"`, `tier "poll"`, `one socket.io process`, `application has 4`},
		}},
		exact: true,
	},

	// connection-capacity ---------------------------------------------------
	{
		name: "connection-capacity/40k sockets over two nginx nodes of 16384 connections",
		hcl: `
topology "chat" {
  expected_connections = 40000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind            = "nginx"
  nodes           = ["10.0.1.11:80", "10.0.1.12:80"]
  balance         = "hash"
  hash_key        = "client_ip"
  consistent      = true
  websocket       = true
  max_connections = 16384
  to              = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "connection-capacity", Tier: "edge", At: attr(`tier "edge"`, `max_connections = 16384`),
			// 40000 sockets / 2 nodes × 2 connections each (N8) = 40000.
			Msg: []string{`about 40000 connections`, `max_connections = 16384`},
		}},
		exact: true,
	},
	{
		name: "connection-capacity/one SNAT egress address, 60k sockets to two nodes (ephemeral ports)",
		hcl: `
topology "chat" {
  expected_connections = 60000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind             = "haproxy"
  nodes            = ["10.0.1.11:80", "10.0.1.12:80"]
  balance          = "cookie"
  websocket        = true
  egress_addresses = ["100.64.0.1"]
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "connection-capacity", Tier: "lb", At: attr(`tier "lb"`, `egress_addresses = ["100.64.0.1"]`),
			// 60000 / (1 source × 2 upstreams) = 30000 > 28232 (N9).
			Msg: []string{`about 30000 connections`, `28232`, `ip_local_port_range`},
		}},
		exact: true,
	},

	// related-route-affinity ------------------------------------------------
	{
		name: "related-route-affinity/POST /api/jobs round robin while the socket route uses ip_hash",
		hcl:  relatedRoundRobin,
		want: []want{
			{
				Rule: "related-route-affinity", Tier: "nginx", At: hdr(`tier "nginx"`),
				Msg: []string{`/api/jobs`, `round_robin`, `route "socket"`, `ip_hash`},
			},
			{Rule: "hash-not-consistent", Tier: "nginx", At: attr(`route "socket"`, `balance = "ip_hash"`)},
			{Rule: "adapter-missing", Tier: "", At: hdr(`socketio`)},
			{Rule: "single-point-of-failure", Tier: "nginx", At: attr(`tier "nginx"`, `nodes     = ["10.0.1.11:80"]`)},
		},
		exact: true,
	},
	{
		name: "related-route-affinity/an explicit round-robin API route",
		hcl: `
topology "jobs" {}

socketio {
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app

  route "api" {
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{
				Rule: "related-route-affinity", Tier: "nginx", At: hdr(`route "api"`),
				Msg: []string{`route "api" of tier "nginx" with round_robin`, `hash on client_ip \(consistent\)`},
			},
			{Rule: "adapter-missing", At: hdr(`socketio`)},
		},
		exact: true,
	},

	// adapter-missing -------------------------------------------------------
	{
		name: "adapter-missing/adapter = none written, two nodes",
		hcl: `
topology "chat" {}

socketio {
  adapter = "none"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "adapter-missing", At: attr(`socketio`, `adapter = "none"`),
			Msg: []string{`2 socket.io processes`, `adapter = "redis"`, `does not make affinity unnecessary`},
		}},
		exact: true,
	},
	{
		name: "adapter-missing/one node with four workers and no adapter",
		hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry      = tier.app
  transports = ["websocket"]
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000"]
  workers = 4
}
`,
		want: []want{
			{Rule: "adapter-missing", At: hdr(`socketio`), Msg: []string{`4 socket.io processes`}},
			{Rule: "single-point-of-failure", Tier: "app", At: attr(`tier "app"`, `nodes   = ["10.0.2.21:3000"]`)},
		},
		exact: true,
	},

	// dispatcher-reconnect --------------------------------------------------
	{
		name: "dispatcher-reconnect/IM clients reconnect to the same node",
		hcl:  dispatcherSameNode,
		want: []want{{
			Rule: "dispatcher-reconnect", At: attr(`client "app"`, `reconnect = "same_node"`),
			Msg: []string{`Client "app"`, `dispatcher "dispatcher"`, `reconnect = "entry"`},
		}},
		exact: true,
	},

	// redundant-affinity ----------------------------------------------------
	{
		name: "redundant-affinity/nginx-M ip_hash in front of a tier that hashes the real client",
		hcl:  nginxMIPHash,
		want: []want{{
			Rule: "redundant-affinity", Tier: "m", At: attr(`tier "m"`, `balance            = "ip_hash"`),
			Msg: []string{`ip_hash`, `tiers behind it keep every session`},
		}},
		// ip_hash at M is not load-bearing: no hash-not-consistent there.
		exact: true,
	},
	{
		name: "redundant-affinity/first of two hashing tiers in a row",
		hcl:  nginxMTwoHashTiers,
		want: []want{{
			Rule: "redundant-affinity", Tier: "a", At: attr(`tier "a"`, `balance            = "hash"`),
		}},
		exact: true,
	},
	{
		name: "redundant-affinity/ALB cookie for websocket-only clients",
		hcl:  albCookieWebsocketOnly,
		want: []want{{
			Rule: "redundant-affinity", Tier: "alb", At: attr(`tier "alb"`, `balance      = "cookie"`),
			Msg: []string{`no client polls`},
		}},
		exact: true,
	},

	// worker-affinity-missing -----------------------------------------------
	{
		name: "worker-affinity-missing/pm2 with 4 workers, no sticky",
		hcl:  pm2Workers,
		want: []want{{
			Rule: "worker-affinity-missing", Tier: "app", At: attr(`tier "app"`, `workers = 4`),
			Msg: []string{`4 socket.io worker processes`, `sticky_workers = true`, `cluster-engine`},
		}},
		// The node's own round robin is not reported again as affinity-missing.
		absent: []string{"affinity-missing"},
		exact:  true,
	},

	// transport-mismatch ----------------------------------------------------
	{
		name: "transport-mismatch/websocket-only server, clients that poll",
		hcl: `
topology "chat" {}

socketio {
  adapter    = "redis"
  transports = ["websocket"]
}

client "legacy" {
  entry      = tier.edge
  transports = ["polling", "websocket"]
}

client "native" {
  entry      = tier.edge
  transports = ["polling"]
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{
			{
				Rule: "transport-mismatch", At: attr(`client "legacy"`, `transports = ["polling", "websocket"]`),
				Msg: []string{`Client "legacy" uses "polling"`, `refused`},
			},
			{
				Rule: "transport-mismatch", At: attr(`client "native"`, `transports = ["polling"]`),
				Msg: []string{`Client "native"`, `cannot connect at all`},
			},
		},
		exact: true,
	},

	// single-point-of-failure -----------------------------------------------
	{
		name: "single-point-of-failure/one socket.io node behind an ALB",
		hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"]
}
`,
		want: []want{{
			Rule: "single-point-of-failure", Tier: "app", At: attr(`tier "app"`, `nodes = ["10.0.2.21:3000"]`),
			Msg: []string{`tier "app"`, `one node`},
		}},
		exact: true,
	},

	{
		// A dispatcher only hands out node addresses; clients then connect
		// to the node directly (spec, tier "dispatcher"). Its failure stops
		// new connections, not the established ones.
		name: "single-point-of-failure/one dispatcher node",
		hcl: `
topology "im" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry   = tier.dispatcher
  cookies = false
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080"]
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "single-point-of-failure", Tier: "dispatcher", At: attr(`tier "dispatcher"`, `nodes   = ["10.0.0.5:8080"]`),
			Msg:   []string{`tier "dispatcher"`},
			NoMsg: []string{`every Socket.IO connection drops`},
		}},
		exact: true,
	},

	// unsupported-feature ---------------------------------------------------
	{
		name: "unsupported-feature/nginx 1.22.1 cookie affinity (sticky is OSS since 1.29.6)",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "cookie"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "unsupported-feature", Tier: "edge", At: attr(`tier "edge"`, `balance   = "cookie"`),
			Msg: []string{`sticky`, `1\.29\.6`, `version 1\.22\.1`},
		}},
		// The tier has no cookie affinity, so sessions break; saying so
		// (affinity-missing) is fine, but the inserted cookie is not the io
		// cookie: affinity-key-absent ("keys affinity on the cookie \"\",
		// but the server sets no io cookie") is wrong here.
		absent: []string{"affinity-key-absent", "cookie-affinity-cookieless-client"},
	},
	{
		name: "unsupported-feature/nginx 1.29.5, one release before sticky",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.29.5"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "cookie"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "unsupported-feature", Tier: "edge", At: attr(`tier "edge"`, `balance   = "cookie"`),
			Msg: []string{`version 1\.29\.5`},
		}},
		absent: []string{"affinity-key-absent"},
	},
	{
		name: "unsupported-feature/ALB with ip_hash (A2: no source-IP affinity on ALB)",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "ip_hash"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		want: []want{{
			Rule: "unsupported-feature", Tier: "alb", At: attr(`tier "alb"`, `balance      = "ip_hash"`),
			Msg: []string{`only with cookies`},
		}},
	},

	// auto-balance ----------------------------------------------------------
	{
		name: "auto-balance/ALB in front of nginx that hashes the client: none needed at the ALB",
		hcl: `
topology "auto" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "native" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind         = "alb"
  balance      = "auto"
  idle_timeout = "120s"
  to           = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "auto"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{
			{
				Rule: "auto-balance", Tier: "alb", At: attr(`tier "alb"`, `balance      = "auto"`),
				Msg: []string{`resolves to balance = "round_robin"`, `no session needs affinity`},
			},
			{
				Rule: "auto-balance", Tier: "nginx", At: attr(`tier "nginx"`, `balance      = "auto"`),
				Msg: []string{`resolves to balance = "hash", hash_key = "client_ip", consistent = true`},
			},
		},
		exact: true,
	},
	{
		name: "auto-balance/HAProxy, every client keeps cookies: cookie",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "auto-balance", Tier: "lb", At: attr(`tier "lb"`, `balance   = "auto"`),
			Msg: []string{`resolves to balance = "cookie"`, `keeps cookies`},
		}},
		exact: true,
	},
	{
		name: "auto-balance/HAProxy, a cookieless Android client polls: hash client_ip consistent",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

client "android" {
  entry   = tier.lb
  cookies = false
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{{
			Rule: "auto-balance", Tier: "lb", At: attr(`tier "lb"`, `balance   = "auto"`),
			Msg: []string{`resolves to balance = "hash", hash_key = "client_ip", consistent = true`, `client address reaches this tier`},
		}},
		exact: true,
	},
	{
		name: "auto-balance/ALB alone with a cookieless client: nothing works",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "android" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind         = "alb"
  balance      = "auto"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		want: []want{
			{
				Rule: "auto-balance", Tier: "alb", At: attr(`tier "alb"`, `balance      = "auto"`),
				Msg: []string{`found no method`, `keep no cookies`, `falls back to round_robin`},
			},
			{
				Rule: "affinity-missing", Tier: "alb", At: attr(`tier "alb"`, `balance      = "auto"`),
				Msg: []string{`balance = "auto"`, `found no method`},
			},
		},
		exact: true,
	},
}

var negativeCases = []ruleCase{
	// affinity-missing ------------------------------------------------------
	{
		name:   "affinity-missing/nginx hash client_ip consistent",
		hcl:    nginxHashConsistent,
		absent: []string{"affinity-missing", "hash-not-consistent", "redundant-affinity", "ip-hash-collapse", "client-ip-lost"},
		exact:  true,
	},
	{
		name:   "affinity-missing/ALB split with a sid route first",
		hcl:    albSplitSidFirst,
		absent: []string{"affinity-missing", "redundant-affinity"},
		exact:  true,
	},
	{
		name: "affinity-missing/websocket-only clients behind round robin",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry      = tier.edge
  transports = ["websocket"]
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"affinity-missing", "worker-affinity-missing"},
		exact:  true,
	},
	{
		name: "affinity-missing/cluster-engine behind round robin",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"affinity-missing"},
		exact:  true,
	},

	// ip-hash-collapse / client-ip-lost -------------------------------------
	{
		name:   "ip-hash-collapse+client-ip-lost/F5 preserves the client address",
		hcl:    f5Preserve,
		absent: []string{"ip-hash-collapse", "client-ip-lost", "affinity-missing", "single-point-of-failure"},
		want: []want{
			{Rule: "hash-not-consistent", Tier: "edge", At: attr(`tier "edge"`, `balance   = "ip_hash"`)},
		},
		exact: true,
	},
	{
		name: "ip-hash-collapse+client-ip-lost/ALB XFF read by nginx realip",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"ip-hash-collapse", "client-ip-lost"},
		exact:  true,
	},
	{
		name: "ip-hash-collapse+client-ip-lost/F5 sends PROXY, HAProxy accept-proxy, balance source",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "source_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"ip-hash-collapse", "client-ip-lost", "proxy-protocol-mismatch"},
		exact:  true,
	},

	// ip-hash-ipv4-prefix ---------------------------------------------------
	{
		name:   "ip-hash-ipv4-prefix/public clients",
		hcl:    f5Preserve,
		absent: []string{"ip-hash-ipv4-prefix"},
	},
	{
		name: "ip-hash-ipv4-prefix/school on one /24 with hash of the full address",
		hcl: `
topology "school" {}

socketio {
  adapter = "redis"
}

client "classroom" {
  entry     = tier.edge
  addresses = "single_subnet"
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"ip-hash-ipv4-prefix"},
		exact:  true,
	},

	// websocket-upgrade-missing ---------------------------------------------
	{
		name:   "websocket-upgrade-missing/nginx passes the upgrade",
		hcl:    nginxHashConsistent,
		absent: []string{"websocket-upgrade-missing"},
	},
	{
		name: "websocket-upgrade-missing/polling-only clients through a tier without websocket",
		hcl: `
topology "chat" {}

socketio {
  adapter    = "redis"
  transports = ["polling"]
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"websocket-upgrade-missing"},
		exact:  true,
	},
	{
		name:   "websocket-upgrade-missing/layer 4 F5 passes any TCP",
		hcl:    f5Preserve,
		absent: []string{"websocket-upgrade-missing"},
	},

	// cookie-affinity-cookieless-client -------------------------------------
	{
		name:   "cookie-affinity-cookieless-client/websocket-only Node client",
		hcl:    albCookieWebsocketOnly,
		absent: []string{"cookie-affinity-cookieless-client", "affinity-missing"},
	},
	{
		name:   "cookie-affinity-cookieless-client/browsers only",
		hcl:    albSplitSidFirst,
		absent: []string{"cookie-affinity-cookieless-client"},
	},

	// affinity-key-absent ---------------------------------------------------
	{
		name:   "affinity-key-absent/hash client_ip",
		hcl:    nginxHashConsistent,
		absent: []string{"affinity-key-absent"},
	},
	{
		name: "affinity-key-absent/HAProxy cookie io prefix with cookie = true",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie"
  cookie_name = "io"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"affinity-key-absent", "affinity-missing"},
		exact:  true,
	},

	// hash-not-consistent ---------------------------------------------------
	{
		name:   "hash-not-consistent/consistent hash",
		hcl:    nginxHashConsistent,
		absent: []string{"hash-not-consistent"},
	},
	{
		name:   "hash-not-consistent/redundant ip_hash at nginx-M is not load-bearing",
		hcl:    nginxMIPHash,
		absent: []string{"hash-not-consistent"},
	},
	{
		name: "hash-not-consistent/NLB source_ip has no consistent option",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "source_ip"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"hash-not-consistent"},
		exact:  true,
	},

	// sibling-divergence ----------------------------------------------------
	{
		name: "sibling-divergence/same server order",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80", "10.0.0.11:80"]
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash"
  server_order = "same"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"sibling-divergence"},
		want:   []want{{Rule: "hash-not-consistent", Tier: "edge", At: attr(`tier "edge"`, `balance      = "ip_hash"`)}},
		exact:  true,
	},
	{
		name: "sibling-divergence/nginx consistent ring is built from server names, not order",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80", "10.0.0.11:80"]
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  server_order = "differs"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"sibling-divergence"},
		exact:  true,
	},
	{
		name: "sibling-divergence/front pins each client to one sibling",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80", "10.0.0.11:80"]
  balance            = "hash"
  hash_key           = "client_ip"
  consistent         = true
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash"
  server_order = "differs"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		absent: []string{"sibling-divergence", "affinity-missing"},
	},

	// layer-mismatch --------------------------------------------------------
	{
		name: "layer-mismatch/LVS source hashing, no routes",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lvs
}

tier "lvs" {
  kind       = "lvs"
  nodes      = ["203.0.113.10:443", "203.0.113.11:443"]
  balance    = "source_ip"
  consistent = true
  tls        = "passthrough"
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"layer-mismatch"},
		exact:  true,
	},
	{
		name:   "layer-mismatch/L4 F5 preserve in front of L7 nginx",
		hcl:    f5Preserve,
		absent: []string{"layer-mismatch"},
	},

	// proxy-protocol-mismatch -----------------------------------------------
	{
		name: "proxy-protocol-mismatch/NLB PROXY v2 and nginx listen proxy_protocol",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"proxy-protocol-mismatch", "client-ip-lost", "ip-hash-collapse"},
		exact:  true,
	},

	// idle-timeout-below-heartbeat ------------------------------------------
	{
		name:   "idle-timeout-below-heartbeat/nginx 75s",
		hcl:    nginxHashConsistent,
		absent: []string{"idle-timeout-below-heartbeat"},
	},
	{
		name: "idle-timeout-below-heartbeat/defaults: nginx 60s, NLB 350s, HAProxy unset",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "source_ip"
  to      = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "source_ip"
  consistent = true
  websocket  = true
  to         = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.2.11:80", "10.0.2.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
`,
		absent: []string{"idle-timeout-below-heartbeat"},
	},

	// polling-pool-unscalable -----------------------------------------------
	{
		name:   "polling-pool-unscalable/polling pool of two sticky nodes",
		hcl:    pollingPoolSticky,
		absent: []string{"polling-pool-unscalable", "affinity-missing", "redundant-affinity"},
		exact:  true,
	},

	// connection-capacity ---------------------------------------------------
	{
		name: "connection-capacity/budget of 65536 per node",
		hcl: `
topology "chat" {
  expected_connections = 40000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind            = "nginx"
  nodes           = ["10.0.1.11:80", "10.0.1.12:80"]
  balance         = "hash"
  hash_key        = "client_ip"
  consistent      = true
  websocket       = true
  max_connections = 65536
  to              = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"connection-capacity"},
		exact:  true,
	},
	{
		name: "connection-capacity/three egress addresses",
		hcl: `
topology "chat" {
  expected_connections = 60000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind             = "haproxy"
  nodes            = ["10.0.1.11:80", "10.0.1.12:80"]
  balance          = "cookie"
  websocket        = true
  egress_addresses = ["100.64.0.1", "100.64.0.2", "100.64.0.3"]
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"connection-capacity"},
		exact:  true,
	},
	{
		name:   "connection-capacity/expected_connections unknown",
		hcl:    nginxHashConsistent,
		absent: []string{"connection-capacity"},
	},

	// related-route-affinity ------------------------------------------------
	{
		name:   "related-route-affinity/API route with the same ip_hash",
		hcl:    relatedSameAffinity,
		absent: []string{"related-route-affinity", "single-point-of-failure"},
	},
	{
		// With an adapter the handler can emit to the client's socket from
		// any node (io.to(socketId).emit), so the request need not follow it.
		name: "related-route-affinity/round-robin API route with a redis adapter",
		hcl: `
topology "jobs" {}

socketio {
  adapter       = "redis"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app

  route "api" {
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"related-route-affinity"},
		exact:  true,
	},

	// adapter-missing -------------------------------------------------------
	{
		name:   "adapter-missing/redis adapter",
		hcl:    nginxHashConsistent,
		absent: []string{"adapter-missing"},
	},
	{
		name: "adapter-missing/one process needs no adapter",
		hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"]
}
`,
		absent: []string{"adapter-missing", "affinity-missing"},
	},

	// dispatcher-reconnect --------------------------------------------------
	{
		name:   "dispatcher-reconnect/reconnect through the dispatcher",
		hcl:    dispatcherEntry,
		absent: []string{"dispatcher-reconnect", "affinity-missing", "single-point-of-failure"},
		exact:  true,
	},
	{
		name: "dispatcher-reconnect/same_node without a dispatcher on the path",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry     = tier.edge
  reconnect = "same_node"
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"dispatcher-reconnect"},
		exact:  true,
	},

	// redundant-affinity ----------------------------------------------------
	{
		name:   "redundant-affinity/nginx-M least_conn in front of a hashing tier",
		hcl:    nginxMLeastConn,
		absent: []string{"redundant-affinity", "affinity-missing", "hash-not-consistent"},
		exact:  true,
	},
	{
		name:   "redundant-affinity/the only affinity of the chain is load-bearing",
		hcl:    nginxHashConsistent,
		absent: []string{"redundant-affinity"},
	},

	// worker-affinity-missing -----------------------------------------------
	{
		name: "worker-affinity-missing/@socket.io/sticky balances the workers",
		hcl: `
topology "im" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind           = "socketio"
  nodes          = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers        = 4
  sticky_workers = true
}
`,
		absent: []string{"worker-affinity-missing", "affinity-missing"},
		exact:  true,
	},
	{
		name: "worker-affinity-missing/cluster-engine shares sessions between workers",
		hcl: `
topology "im" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "least_conn"
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers = 4
}
`,
		absent: []string{"worker-affinity-missing", "affinity-missing"},
		exact:  true,
	},

	// transport-mismatch ----------------------------------------------------
	{
		name: "transport-mismatch/websocket-only server and clients",
		hcl: `
topology "chat" {}

socketio {
  adapter    = "redis"
  transports = ["websocket"]
}

client "mobile" {
  entry      = tier.edge
  transports = ["websocket"]
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"transport-mismatch", "affinity-missing"},
		exact:  true,
	},

	// single-point-of-failure -----------------------------------------------
	{
		name:   "single-point-of-failure/two nodes everywhere",
		hcl:    nginxHashConsistent,
		absent: []string{"single-point-of-failure"},
	},
	{
		name:   "single-point-of-failure/one-node pool not on every path",
		hcl:    pollingPoolSingle,
		absent: []string{"single-point-of-failure"},
	},

	// unsupported-feature ---------------------------------------------------
	{
		name: "unsupported-feature/nginx 1.30.0 sticky cookie",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "cookie"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"unsupported-feature", "affinity-missing"},
		exact:  true,
	},
	{
		name: "unsupported-feature/nginx 1.29.6, the first release with sticky",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.29.6"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "cookie"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		absent: []string{"unsupported-feature"},
		exact:  true,
	},

	// auto-balance ----------------------------------------------------------
	{
		name:   "auto-balance/no auto declared",
		hcl:    nginxMLeastConn,
		absent: []string{"auto-balance"},
	},
}
