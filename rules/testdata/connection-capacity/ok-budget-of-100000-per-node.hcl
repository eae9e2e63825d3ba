# connection-capacity/budget of 100000 per node
# Must not report: connection-capacity.

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
  max_connections = 100000
  to              = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
