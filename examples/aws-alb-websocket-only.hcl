# The fix of field report 1: native clients connect with
# transports = ["websocket"]; the ALB sends every request that carries a sid
# (polls and upgrades of browser sessions) and the polling handshake to a
# sticky target group, and websocket-first connections, which need no
# affinity, to a target group without stickiness.
#
# topo lint reports nothing at error or warning level.

topology "im" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "native" {
  entry      = tier.alb
  cookies    = false
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "120s"
  to           = tier.app

  route "session" {
    path  = "/socket.io/*"
    query = { sid = "*" }
    to    = tier.app
  }

  route "websocket-first" {
    path    = "/socket.io/*"
    query   = { transport = "websocket" }
    to      = tier.app
    balance = "round_robin"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
