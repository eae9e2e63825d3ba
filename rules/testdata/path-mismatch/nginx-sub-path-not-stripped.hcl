# path-mismatch/the clients connect under /chat/ (socket.io-client path
# "/chat/socket.io"), nginx routes /chat/ to the nodes without stripping it,
# and the server listens on /socket.io/ (fact S10)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
  path  = "/chat/socket.io" # want "path-mismatch" `"/chat/socket.io/"` `unchanged` `strip_prefix`
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app

  route "chat" {
    path       = "/chat/*"
    to         = tier.app
    balance    = "hash"
    hash_key   = "client_ip"
    consistent = true
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
