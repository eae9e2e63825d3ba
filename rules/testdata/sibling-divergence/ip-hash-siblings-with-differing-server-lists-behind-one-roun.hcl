# sibling-divergence/ip_hash siblings with differing server lists behind one round-robin front

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80"] # want "single-point-of-failure"
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash"
  server_order = "differs" # want "sibling-divergence" `different orders` `ip_hash` `Session ID unknown`
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
