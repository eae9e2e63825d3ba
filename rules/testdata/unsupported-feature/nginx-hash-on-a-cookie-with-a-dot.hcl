# unsupported-feature/nginx cannot hash on a cookie whose name holds a dot
# (Express's connect.sid): $cookie_connect.sid is not an nginx variable.

topology "t" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  version    = "1.30.0"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash" # want "unsupported-feature" `cannot hash on "connect.sid"`
  hash_key   = "cookie:connect.sid"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
