# affinity-key-absent/nginx hash on a header that a browser sends on its polls
# (extraHeaders) but cannot set on its WebSocket upgrade (fact S8)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry   = tier.edge
  runtime = "browser"
  headers = ["X-User-Id"]
}

client "service" {
  entry   = tier.edge
  runtime = "node"
  headers = ["X-User-Id"]
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "header:X-User-Id" # want "affinity-key-absent" `WebSocket upgrade of client "browser" lacks` !`client "service"` `query:NAME`
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
