# cross-site-cookie/ok: a cross-site page that connects by WebSocket only needs no cookie
# Must not report: cross-site-cookie.

topology "ws" {}

socketio {
  adapter = "redis"
}

client "embed" {
  entry      = tier.lb
  cross_site = true
  transports = ["websocket"]
}

tier "lb" {
  kind      = "haproxy"
  version   = "2.6.12"
  nodes     = ["10.0.1.11:443", "10.0.1.12:443"]
  tls       = "terminate"
  balance   = "cookie" # want "redundant-affinity"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
