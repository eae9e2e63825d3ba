# Live case e: one nginx node terminates TLS (https polling, wss) and hashes the full client address (consistent ring)
# over three socket.io nodes and passes the WebSocket upgrade.
#
# e2e/rendered_test.go renders this file with the render package, starts the
# socket.io nodes at the addresses of tier "app" and nginx from the rendered
# nginx-1.conf, and drives 30 polling and 30 polling-then-upgrade clients,
# once from 30 different /24s and once from one /24.
#
# Loopback only (127.205.1.0/24); the heartbeat is short so the rendered
# proxy timeouts and the nodes agree and a dead session shows within seconds.

topology "live-e-nginx-tls" {
  description = "e2e: https and wss clients -> nginx terminating TLS (hash client_ip consistent) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

# client.js without --cookies: socket.io-client in Node, no cookie jar.
client "spread" {
  entry     = tier.nginx
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "public"
  share     = 0.5
}

client "one-subnet" {
  entry     = tier.nginx
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "single_subnet"
  share     = 0.5
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.205.1.10:24005"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  tls        = "terminate"
  # Plain HTTP on 24080 is redirected to https on 24005.
  redirect_http_port = 24080
  to                 = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.205.1.21:24005", "127.205.1.22:24005", "127.205.1.23:24005"]
}
