# idle-timeout-below-heartbeat/a Google Cloud load balancer with its default
# backend service timeout: 30 s, for a WebSocket its whole life (fact K2)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.gclb
}

tier "gclb" { # want "idle-timeout-below-heartbeat" `every WebSocket after 30s` `timeoutSec`
  kind        = "gcp-lb"
  balance     = "cookie"
  cookie_name = "GCLB"
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
