# Live case p (the fix of o): the browsers carry their user id as a query
# parameter (socket.io-client's query option), which every request has, the
# WebSocket upgrade included.
#
# Loopback only (127.216.1.0/24).

topology "live-p-nginx-query-hash-browser" {
  description = "e2e: Chromium -> nginx (hash on the uid query parameter) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "browser" {
  entry   = tier.nginx
  library = "socket.io-client@4.8"
  runtime = "browser"
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.216.1.10:24010"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "query:uid"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.216.1.21:24010", "127.216.1.22:24010", "127.216.1.23:24010"]
}
