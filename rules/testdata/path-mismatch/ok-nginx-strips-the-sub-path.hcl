# path-mismatch/no finding: nginx strips /chat before the nodes, which serve
# the default /socket.io/

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
  path  = "/chat/socket.io"
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app

  route "chat" {
    path         = "/chat/*"
    strip_prefix = "/chat"
    to           = tier.app
    balance      = "hash"
    hash_key     = "client_ip"
    consistent   = true
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
