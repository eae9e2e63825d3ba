# Live case f: one HAProxy node terminates TLS (https polling, wss) and keeps
# sessions with an inserted cookie (leastconn for new sessions, the cookie for
# the rest), which is Secure behind TLS, in front of three socket.io nodes. The clients keep cookies
# (client.js --cookies: withCredentials, socket.io-client's cookie jar in
# Node, also sent on the WebSocket upgrade since 4.8).
#
# Loopback only (127.206.3.0/24).

topology "live-f-haproxy-tls-cookie" {
  description = "e2e: https and wss clients with cookies -> haproxy terminating TLS (cookie, Secure) -> 3 socket.io nodes"
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
  nodes     = ["127.206.3.10:24006"] # want "single-point-of-failure"
  balance   = "cookie"
  websocket = true
  tls       = "terminate"
  # Plain HTTP on 24080 is redirected to https on 24006.
  redirect_http_port = 24080
  to                 = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.206.3.21:24006", "127.206.3.22:24006", "127.206.3.23:24006"]
}
