# auto-balance/ALB alone with a cookieless client: nothing works

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "android" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind         = "alb"
  balance      = "auto" # want "affinity-missing" `balance = "auto"` `found no method` "auto-balance" `found no method` `keep no cookies` `falls back to round_robin`
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
