# proxy-protocol-mismatch/entry nginx expects PROXY from the clients

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol" # want "proxy-protocol-mismatch" `expects the PROXY protocol`
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
