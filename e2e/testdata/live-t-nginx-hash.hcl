# Live case t (the fix of s): the same hash without max_conns: every session
# stays on the node its address hashes to (one node here, since every
# client comes from one address).
#
# Loopback only (127.220.1.0/24).

topology "live-t-nginx-hash" {
  description = "e2e: clients from one address -> nginx (hash client_ip consistent) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "service" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.220.1.10:24010"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.220.1.21:24010", "127.220.1.22:24010", "127.220.1.23:24010"]
}
