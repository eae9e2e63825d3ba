# idle-timeout-below-heartbeat/Envoy with its defaults: the route timeout of
# 15 s ends long polls, and without upgrade_configs no WebSocket passes
# (fact K5)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.envoy
}

tier "envoy" { # want "idle-timeout-below-heartbeat" `Envoy's route timeout` `route's timeout` "websocket-upgrade-missing" `upgrade_configs`
  kind       = "envoy"
  nodes      = ["10.0.1.11:8080", "10.0.1.12:8080"]
  balance    = "hash"
  hash_key   = "cookie:uid"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
