# auto-balance/ALB in front of nginx that hashes the client: none needed at the ALB

topology "auto" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "native" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind         = "alb"
  balance      = "auto" # want "auto-balance" `resolves to balance = "round_robin"` `no session needs affinity`
  idle_timeout = "120s"
  to           = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "auto" # want "auto-balance" `resolves to balance = "hash", hash_key = "client_ip", consistent = true`
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
