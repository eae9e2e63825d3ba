# websocket-upgrade-missing/no finding: HAProxy speaks HTTP/2 to another
# HAProxy tier, which accepts WebSockets over HTTP/2 (RFC 8441, fact H9), and
# that tier speaks HTTP/1.1 to the nodes

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind             = "haproxy"
  nodes            = ["10.0.1.11:80", "10.0.1.12:80"]
  backend_protocol = "h2"
  to               = tier.inner
}

tier "inner" {
  kind        = "haproxy"
  version     = "2.6.12"
  nodes       = ["10.0.1.21:80", "10.0.1.22:80"]
  balance     = "cookie"
  cookie_name = "SRV"
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
