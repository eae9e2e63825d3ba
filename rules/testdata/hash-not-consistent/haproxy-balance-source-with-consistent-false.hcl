# hash-not-consistent/HAProxy balance source with consistent = false

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "source_ip"
  consistent = false # want "hash-not-consistent" `hash-type consistent`
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
