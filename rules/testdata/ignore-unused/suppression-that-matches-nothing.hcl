# ignore-unused/a topo-ignore comment whose rule reports nothing on its line or
# the next: it would hide a future finding, so lint reports it.

topology "chat" {}

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
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  # topo-ignore: hash-not-consistent -- the ring is consistent already # want "ignore-unused" `suppresses hash-not-consistent`
  to = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
