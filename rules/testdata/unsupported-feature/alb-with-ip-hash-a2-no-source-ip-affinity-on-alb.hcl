# unsupported-feature/ALB with ip_hash (A2: no source-IP affinity on ALB)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "ip_hash" # want "unsupported-feature" `only with cookies`
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
