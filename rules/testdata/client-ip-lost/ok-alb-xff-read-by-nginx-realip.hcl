# ip-hash-collapse+client-ip-lost/ALB XFF read by nginx realip
# Must not report: ip-hash-collapse, client-ip-lost.

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
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
