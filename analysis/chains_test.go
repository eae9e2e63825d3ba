package analysis_test

// Chains the analysis tests share, written inline. The rule tests have their
// own copies as annotated topologies under testdata.

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
