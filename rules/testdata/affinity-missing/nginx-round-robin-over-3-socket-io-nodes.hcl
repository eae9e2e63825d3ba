# affinity-missing/nginx round robin over 3 socket.io nodes

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" { # want "affinity-missing" `round_robin` `3 nodes of tier "app"` `Session ID unknown` `hash_key = "client_ip", consistent = true`
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
