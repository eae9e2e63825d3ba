# affinity-key-absent/nginx hash on cookie:io with cookie = true (handshake lacks it)

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "cookie:io" # want "affinity-key-absent" `handshake itself carries none`
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
