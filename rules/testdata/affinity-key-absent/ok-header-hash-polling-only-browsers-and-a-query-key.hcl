# affinity-key-absent/no finding: browsers that only poll send their header on
# every request, and websocket-capable browsers are hashed on a query
# parameter that socket.io-client puts on every request

topology "chat" {}

socketio {
  adapter = "redis"
}

client "kiosk" {
  entry      = tier.edge
  runtime    = "browser"
  headers    = ["X-User-Id"]
  transports = ["polling"]
}

client "browser" {
  entry   = tier.edge
  runtime = "browser"
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app

  route "kiosk" {
    header     = { x-user-id = "*" }
    to         = tier.app
    balance    = "hash"
    hash_key   = "header:X-User-Id"
    consistent = true
  }

  route "socket" {
    path       = "/socket.io/*"
    to         = tier.app
    balance    = "hash"
    hash_key   = "query:uid"
    consistent = true
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
