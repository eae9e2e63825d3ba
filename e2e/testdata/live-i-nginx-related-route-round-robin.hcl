# Live case i (broken, field report 3): the client POSTs a job to /api/jobs
# and waits for the "job-done" push on its socket. nginx hashes the socket
# path on the client address but balances /api/ by round robin, so most
# POSTs reach a node that does not hold the client's socket and the push
# never comes.
#
# Loopback only (127.209.1.0/24).

topology "live-i-nginx-related-route-round-robin" {
  description = "e2e: clients -> nginx (socket hashed, /api/ round robin) -> 3 socket.io nodes"
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
  nodes      = ["127.209.1.10:24009"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app

  route "api" { # want "related-route-affinity" `round_robin`
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.209.1.21:24009", "127.209.1.22:24009", "127.209.1.23:24009"]
}
