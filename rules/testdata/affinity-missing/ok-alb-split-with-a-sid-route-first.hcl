# affinity-missing/ALB split with a sid route first
# cookie-affinity-cookieless-client/browsers only
# Must not report: affinity-missing, redundant-affinity, cookie-affinity-cookieless-client.

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

  route "sid" {
    query = { sid = "*" }
    to    = tier.app
  }

  route "ws" {
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
