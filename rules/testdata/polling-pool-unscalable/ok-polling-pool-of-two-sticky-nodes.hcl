# polling-pool-unscalable/polling pool of two sticky nodes
# Must not report: polling-pool-unscalable, affinity-missing, redundant-affinity.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "mobile" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.poll

  route "sid" {
    query = { sid = "*" }
    to    = tier.poll
  }

  route "ws" {
    query   = { transport = "websocket" }
    balance = "round_robin"
    to      = tier.ws
  }
}

tier "poll" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}

tier "ws" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
