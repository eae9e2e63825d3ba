# An ALB sends websocket requests by their own route, balanced without
# stickiness, while the polling requests of the same session keep the
# target group cookie: the upgrade (transport=websocket with a sid) lands on
# another node than the handshake. The websocket route is drawn red with
# affinity-missing.

topology "split" {
  description = "ALB with a websocket route"
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app

  route "websocket" {
    path    = "/socket.io/*"
    query   = { transport = "websocket" }
    to      = tier.app
    balance = "round_robin"
  }

  route "admin" {
    path = "/admin/*"
    to   = tier.admin
  }
}

tier "admin" {
  kind  = "socketio"
  nodes = ["10.0.3.10:3000"]
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
