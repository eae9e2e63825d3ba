# adapter-missing/adapter = none written, two nodes

topology "chat" {}

socketio {
  adapter = "none" # want "adapter-missing" `2 socket.io processes` `adapter = "redis"` `does not make affinity unnecessary`
}

client "browser" {
  entry = tier.edge
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
