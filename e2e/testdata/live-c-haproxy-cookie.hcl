# Live case c: one HAProxy node inserts an affinity cookie (balance cookie:
# leastconn for new sessions, the cookie for the rest) in front of three
# socket.io nodes and passes the WebSocket upgrade. The clients keep cookies
# (client.js --cookies: withCredentials, socket.io-client's cookie jar in
# Node, also sent on the WebSocket upgrade since 4.8).
#
# Loopback only (127.201.3.0/24).

topology "live-c-haproxy-cookie" {
  description = "e2e: clients with cookies -> haproxy (cookie) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "spread" {
  entry     = tier.haproxy
  library   = "socket.io-client@4.8"
  cookies   = true
  addresses = "public"
  share     = 0.5
}

client "one-subnet" {
  entry     = tier.haproxy
  library   = "socket.io-client@4.8"
  cookies   = true
  addresses = "single_subnet"
  share     = 0.5
}

tier "haproxy" {
  kind      = "haproxy"
  version   = "2.6"
  nodes     = ["127.201.3.10:24003"] # want "single-point-of-failure"
  balance   = "cookie"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.201.3.21:24003", "127.201.3.22:24003", "127.201.3.23:24003"]
}
