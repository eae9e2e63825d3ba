# Live case o: browsers carry their user id as the X-User-Id header
# (socket.io-client's extraHeaders) and nginx hashes on it. The polls carry
# it; the WebSocket upgrade cannot (fact S8), so nginx balances the upgrade
# by round robin and most upgrades reach a node that never saw the sid.
#
# Loopback only (127.215.1.0/24).

topology "live-o-nginx-header-hash-browser" {
  description = "e2e: Chromium -> nginx (hash on X-User-Id) -> 3 socket.io nodes"
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
  headers = ["X-User-Id"]
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.215.1.10:24010"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "header:X-User-Id" # want "affinity-key-absent" `WebSocket upgrade of client "browser"`
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.215.1.21:24010", "127.215.1.22:24010", "127.215.1.23:24010"]
}
