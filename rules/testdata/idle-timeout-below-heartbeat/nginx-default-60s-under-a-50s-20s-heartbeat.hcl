# idle-timeout-below-heartbeat/nginx default 60s under a 50s+20s heartbeat

topology "chat" {}

socketio {
  adapter       = "redis"
  ping_interval = "50s"
}

client "browser" {
  entry = tier.edge
}

tier "edge" { # want "idle-timeout-below-heartbeat" `1m \(the nginx default\)` `1m10s`
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
