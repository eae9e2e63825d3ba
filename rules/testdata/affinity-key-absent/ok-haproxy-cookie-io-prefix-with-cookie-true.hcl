# affinity-key-absent/HAProxy cookie io prefix with cookie = true
# Must not report: affinity-key-absent, affinity-missing.

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie"
  cookie_name = "io"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
