# Live case j (the fix of i): /api/ takes the socket's way, the same hash
# on the client address, so every job's POST reaches the node that holds
# the client's socket.
#
# Loopback only (127.210.1.0/24).

topology "live-j-nginx-related-route-hashed" {
  description = "e2e: clients -> nginx (socket and /api/ hashed alike) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["websocket"]
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.210.1.10:24010"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.210.1.21:24010", "127.210.1.22:24010", "127.210.1.23:24010"]
}
