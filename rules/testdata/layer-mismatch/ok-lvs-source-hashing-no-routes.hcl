# layer-mismatch/LVS source hashing, no routes
# Must not report: layer-mismatch.

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
  tls        = "passthrough"
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
