# sibling-divergence/HAProxy consistent hash keyed on server ids that differ (H7)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind               = "haproxy"
  nodes              = ["10.0.0.10:80"] # want "single-point-of-failure"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  server_order = "differs" # want "sibling-divergence" `hash on client_ip \(consistent\)`
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
