# Live case x: the clients connect under /chat/ (socket.io-client path
# "/chat/socket.io/"); nginx routes /chat/ to the nodes unchanged, and the
# server serves /socket.io/: engine.io leaves the requests to the HTTP
# server, which answers 404.
#
# Loopback only (127.225.1.0/24).

topology "live-x-nginx-sub-path-unstripped" {
  description = "e2e: clients under /chat/ -> nginx (route /chat/, no rewrite) -> 3 socket.io nodes on /socket.io/"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "browser" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
  path       = "/chat/socket.io/" # want "path-mismatch"
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["127.225.1.10:24010"] # want "single-point-of-failure"
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
  nodes = ["127.225.1.21:24010", "127.225.1.22:24010", "127.225.1.23:24010"]
}
