# websocket-upgrade-missing/F5 layer 7 with websocket = false

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  websocket          = false # want "websocket-upgrade-missing" `WebSocket profile`
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
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
