# cookie-affinity-cookieless-client/websocket-only Node client
# Must not report: cookie-affinity-cookieless-client, affinity-missing.

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
  balance      = "cookie" # want "redundant-affinity"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
