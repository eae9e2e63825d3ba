# Live case ac (broken): an HAProxy tier speaks HTTP/2 to the socket.io
# nodes themselves (backend_protocol = "h2", server proto h2). A Node HTTP
# server speaks HTTP/1.1 only: no request passes, polling included; and
# engine.io would not take a WebSocket over HTTP/2 anyway (facts H15, S9).
#
# Loopback only (127.233.1.0/24).

topology "live-ac-haproxy-h2-to-nodes" {
  description = "e2e: clients -> HAProxy (HTTP/2 to the nodes, cookie) -> 3 socket.io nodes"
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
  nodes            = ["127.233.1.5:24010"] # want "single-point-of-failure"
  backend_protocol = "h2"                  # want "websocket-upgrade-missing" `HTTP/1.1 only`
  balance          = "cookie"
  idle_timeout     = "30s"
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.233.1.21:24010", "127.233.1.22:24010", "127.233.1.23:24010"]
}
