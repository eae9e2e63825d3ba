# Live case v: the two HAProxy nodes of u share the learned table through
# peers (shared_table = true), and the nginx in front still alternates a
# session's requests between them. Peers replicate asynchronously: a poll
# sent right after its handshake can reach the other node before the sid
# does. Most sessions are kept, not all. The clients keep no cookies.
#
# Loopback only (127.222.1.0/24).

topology "live-v-haproxy-learn-shared" {
  description = "e2e: cookieless clients -> nginx (round robin) -> 2 HAProxy (learn, tables shared by peers) -> 3 socket.io nodes"
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
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["127.222.1.5:24010"] # want "single-point-of-failure"
  websocket = true
  to        = tier.haproxy
}

tier "haproxy" {
  kind         = "haproxy"
  version      = "2.6.12"
  nodes        = ["127.222.1.11:24010", "127.222.1.12:24010"]
  balance      = "learn" # want "sibling-divergence" `replicate asynchronously`
  shared_table = true
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.222.1.21:24010", "127.222.1.22:24010", "127.222.1.23:24010"]
}
