# Live case z (the fix of x, HAProxy): HAProxy strips /chat before the
# nodes (strip_prefix, rendered as replace-path), which serve /socket.io/.
#
# Loopback only (127.227.1.0/24).

topology "live-z-haproxy-sub-path-stripped" {
  description = "e2e: clients under /chat/ -> haproxy (route /chat/, rewrite /chat away) -> 3 socket.io nodes on /socket.io/"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "browser" {
  entry      = tier.haproxy
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
  path       = "/chat/socket.io/"
}

tier "haproxy" {
  kind    = "haproxy"
  version = "2.6.12"
  nodes   = ["127.227.1.10:24010"] # want "single-point-of-failure"
  to      = tier.app

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
  nodes = ["127.227.1.21:24010", "127.227.1.22:24010", "127.227.1.23:24010"]
}
