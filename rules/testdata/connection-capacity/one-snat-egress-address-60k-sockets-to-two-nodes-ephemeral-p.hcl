# connection-capacity/one SNAT egress address, 60k sockets to two nodes (ephemeral ports)

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
  egress_addresses = ["100.64.0.1"] # want "connection-capacity" `about 30000 connections` `28232` `ip_local_port_range`
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
