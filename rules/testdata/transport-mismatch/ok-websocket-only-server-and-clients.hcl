# transport-mismatch/websocket-only server and clients
# Must not report: transport-mismatch, affinity-missing.

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
