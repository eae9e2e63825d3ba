# ip-hash-collapse/nginx ip_hash behind an ALB without real_ip_from

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash" # want "ip-hash-collapse" `tier "alb"` `real_ip_from = "x_forwarded_for"`
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
