# Live case u: two HAProxy nodes learn the sid from the io cookie of the
# handshake response (balance = "learn"), each in its own stick table. The
# nginx in front balances every request by round robin, so a session's
# polls reach the HAProxy node that never saw its handshake, which
# balances them anew. The clients keep no cookies.
#
# Loopback only (127.221.1.0/24).

topology "live-u-haproxy-learn-alone" {
  description = "e2e: cookieless clients -> nginx (round robin) -> 2 HAProxy (learn, tables apart) -> 3 socket.io nodes"
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
  nodes     = ["127.221.1.5:24010"] # want "single-point-of-failure"
  websocket = true
  to        = tier.haproxy
}

tier "haproxy" {
  kind         = "haproxy"
  version      = "2.6.12"
  nodes        = ["127.221.1.11:24010", "127.221.1.12:24010"]
  balance      = "learn" # want "sibling-divergence"
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.221.1.21:24010", "127.221.1.22:24010", "127.221.1.23:24010"]
}
