# connection-capacity/three egress addresses
# Must not report: connection-capacity.

topology "chat" {
  expected_connections = 60000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind             = "haproxy"
  nodes            = ["10.0.1.11:80", "10.0.1.12:80"]
  balance          = "cookie"
  websocket        = true
  egress_addresses = ["100.64.0.1", "100.64.0.2", "100.64.0.3"]
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
