# Declared routes on the ALB: the sid and websocket split written by hand,
# with application-based stickiness on the engine.io cookie (cookie = true
# makes the handshake set io=<sid>), and an idle timeout above the heartbeat.

topology "routes" {}

socketio {
  adapter = "redis"
  cookie  = true
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
  cookie_name  = "io"
  idle_timeout = "300s"
  to           = tier.app

  route "sessions" {
    path  = "/socket.io/*"
    query = { sid = "*" }
    to    = tier.app
  }

  route "websocket" {
    path    = "/socket.io/*"
    query   = { transport = "websocket" }
    header  = { upgrade = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
