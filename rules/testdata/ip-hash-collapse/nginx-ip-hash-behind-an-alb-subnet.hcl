# ip-hash-collapse/nginx ip_hash behind an ALB whose addresses are one subnet

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind             = "alb"
  egress_addresses = ["10.0.0.0/24"]
  idle_timeout     = "120s"
  to               = tier.edge
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "hash-not-consistent" "ip-hash-collapse" `egress_addresses 10.0.0.0/24` `share one /24` !`only peer`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
