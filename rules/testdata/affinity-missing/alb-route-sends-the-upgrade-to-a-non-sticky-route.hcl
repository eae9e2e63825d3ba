# affinity-missing/ALB route sends the upgrade to a non-sticky route

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app

  route "ws" { # want "affinity-missing" `websocket upgrade` `route "ws"` `query = \{ sid = "\*" \}` `Session ID unknown`
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
