# transport-mismatch/websocket-only server, clients that poll

topology "chat" {}

socketio {
  adapter    = "redis"
  transports = ["websocket"]
}

client "legacy" {
  entry      = tier.edge
  transports = ["polling", "websocket"] # want "transport-mismatch" `Client "legacy" uses "polling"` `refused`
}

client "native" {
  entry      = tier.edge
  transports = ["polling"] # want "transport-mismatch" `Client "native"` `cannot connect at all`
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
