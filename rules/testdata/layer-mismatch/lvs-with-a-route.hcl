# layer-mismatch/LVS with a route

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lvs
}

tier "lvs" {
  kind       = "lvs"
  nodes      = ["203.0.113.10:443", "203.0.113.11:443"]
  balance    = "source_ip"
  consistent = true
  to         = tier.app

  route "ws" { # want "layer-mismatch" `route "ws"` `layer 7`
    header = { upgrade = "websocket" }
    to     = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
