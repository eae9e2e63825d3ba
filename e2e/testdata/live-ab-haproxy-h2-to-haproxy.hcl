# Live case ab: an HAProxy tier speaks HTTP/2 to a second HAProxy tier
# (backend_protocol = "h2", server proto h2), which speaks HTTP/1.1 to the
# socket.io nodes. HAProxy carries each WebSocket over HTTP/2 as an RFC 8441
# extended CONNECT stream, which the second HAProxy accepts (facts H9, H15).
#
# Loopback only (127.231.1.0/24).

topology "live-ab-haproxy-h2-to-haproxy" {
  description = "e2e: clients -> HAProxy (HTTP/2 to the next tier) -> HAProxy (cookie) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "app" {
  entry   = tier.front
  library = "socket.io-client@4.8"
}

tier "front" {
  kind             = "haproxy"
  version          = "2.6.12"
  nodes            = ["127.231.1.5:24010"] # want "single-point-of-failure"
  backend_protocol = "h2"
  idle_timeout     = "30s"
  to               = tier.inner
}

tier "inner" {
  kind         = "haproxy"
  version      = "2.6.12"
  nodes        = ["127.231.1.10:24010"] # want "single-point-of-failure"
  balance      = "cookie"
  cookie_name  = "SRV"
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.231.1.21:24010", "127.231.1.22:24010", "127.231.1.23:24010"]
}
