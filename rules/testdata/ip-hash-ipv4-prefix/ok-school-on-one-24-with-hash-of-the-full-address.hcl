# ip-hash-ipv4-prefix/school on one /24 with hash of the full address
# Must not report: ip-hash-ipv4-prefix.

topology "school" {}

socketio {
  adapter = "redis"
}

client "classroom" {
  entry     = tier.edge
  addresses = "single_subnet"
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
