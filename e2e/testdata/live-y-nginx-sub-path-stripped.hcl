# Live case y (the fix of x): nginx strips /chat before the nodes
# (strip_prefix, rendered as a rewrite), which serve /socket.io/.
#
# Loopback only (127.226.1.0/24).

topology "live-y-nginx-sub-path-stripped" {
  description = "e2e: clients under /chat/ -> nginx (route /chat/, rewrite /chat away) -> 3 socket.io nodes on /socket.io/"
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
  path       = "/chat/socket.io/"
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["127.226.1.10:24010"] # want "single-point-of-failure"
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
  nodes = ["127.226.1.21:24010", "127.226.1.22:24010", "127.226.1.23:24010"]
}
