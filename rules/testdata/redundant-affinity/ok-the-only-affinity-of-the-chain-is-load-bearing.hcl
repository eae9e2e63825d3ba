# redundant-affinity/the only affinity of the chain is load-bearing
# Must not report: redundant-affinity.

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
