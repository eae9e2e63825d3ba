# affinity-spills-under-load/no finding: websocket-only clients open one
# connection per session, so moving a new one off a full node breaks nothing

topology "chat" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry      = tier.edge
  transports = ["websocket"]
}

tier "edge" {
  kind                    = "nginx"
  nodes                   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                 = "least_conn"
  websocket               = true
  backend_max_connections = 2000
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
