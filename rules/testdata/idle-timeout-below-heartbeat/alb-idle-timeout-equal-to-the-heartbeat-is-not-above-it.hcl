# idle-timeout-below-heartbeat/ALB idle timeout equal to the heartbeat is not above it

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "45s" # want "idle-timeout-below-heartbeat" `its idle_timeout`
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
