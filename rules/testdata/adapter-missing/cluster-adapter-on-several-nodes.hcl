# adapter-missing/the cluster adapter on several nodes

topology "chat" {}

socketio {
  adapter = "cluster" # want "adapter-missing" `IPC` `3 nodes` `redis`
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
  kind           = "socketio"
  nodes          = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
  workers        = 4
  sticky_workers = true
}
