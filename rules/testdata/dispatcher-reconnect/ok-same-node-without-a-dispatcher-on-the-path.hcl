# dispatcher-reconnect/same_node without a dispatcher on the path
# Must not report: dispatcher-reconnect.

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
