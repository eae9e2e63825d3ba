# Live case s: nginx hashes the client address consistently and caps each
# socket.io node at 12 connections (backend_max_connections, max_conns=12 in
# a shared zone). Every client comes from one address: when its node is
# full, nginx takes the next node on the ring, which never saw the sid.
#
# Loopback only (127.219.1.0/24).

topology "live-s-nginx-hash-max-conns" {
  description = "e2e: clients from one address -> nginx (hash client_ip consistent, max_conns 12) -> 3 socket.io nodes"
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
  kind                    = "nginx"
  version                 = "1.22.1"
  nodes                   = ["127.219.1.10:24010"] # want "single-point-of-failure"
  balance                 = "hash"
  hash_key                = "client_ip"
  consistent              = true
  websocket               = true
  backend_max_connections = 12 # want "affinity-spills-under-load"
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.219.1.21:24010", "127.219.1.22:24010", "127.219.1.23:24010"]
}
