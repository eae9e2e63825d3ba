# Live case w (the fix of u and v): the nginx in front keeps each client on
# one HAProxy node (hash on the client address, consistent), which learns
# its sid; the other node shares the table through peers, for when the
# first fails or reloads. The clients keep no cookies.
#
# Loopback only (127.223.1.0/24).

topology "live-w-haproxy-learn-shared-hashed" {
  description = "e2e: cookieless clients -> nginx (hash on the client address) -> 2 HAProxy (learn, tables shared by peers) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
  cookie        = true
}

client "native" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.223.1.5:24010"] # want "single-point-of-failure"
  websocket  = true
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  to         = tier.haproxy
}

tier "haproxy" {
  kind         = "haproxy"
  version      = "2.6.12"
  nodes        = ["127.223.1.11:24010", "127.223.1.12:24010"]
  balance      = "learn"
  shared_table = true
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.223.1.21:24010", "127.223.1.22:24010", "127.223.1.23:24010"]
}
