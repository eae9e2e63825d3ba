# An ALB in front of two nginx nodes that keep the sessions themselves
# (consistent hash of the client address from X-Forwarded-For). The ALB's
# balance is not written: the plan adds lb_cookie stickiness towards the
# nginx nodes, and browsers and cookie-less websocket apps both pass.

topology "behind-nginx" {}

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
  kind = "alb"
  to   = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
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
