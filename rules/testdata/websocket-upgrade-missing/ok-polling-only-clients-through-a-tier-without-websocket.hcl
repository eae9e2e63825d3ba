# websocket-upgrade-missing/polling-only clients through a tier without websocket
# Must not report: websocket-upgrade-missing.

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
