# Live case d: an nginx front (least_conn, adds X-Forwarded-For) in front of
# two HAProxy nodes that trust the front's egress address, take the client
# address from X-Forwarded-For (http-request set-src) and hash it on a
# consistent ring (balance source, hash-type consistent) over three socket.io
# nodes. Requests of one session reach either HAProxy node, and both pick the
# same socket.io node for it.
#
# On loopback the front nginx connects from 127.0.0.1 (see case b).
#
# Loopback only (127.201.4.0/24 and the egress 127.0.0.1).

topology "live-d-nginx-haproxy-hash" {
  description = "e2e: clients -> nginx (least_conn, XFF) -> 2 haproxy (realip, hash client_ip consistent) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "spread" {
  entry     = tier.front
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "public"
  share     = 0.5
}

client "one-subnet" {
  entry     = tier.front
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "single_subnet"
  share     = 0.5
}

tier "front" {
  kind               = "nginx"
  version            = "1.22.1"
  nodes              = ["127.201.4.10:24004"] # want "single-point-of-failure"
  egress_addresses   = ["127.0.0.1"]
  balance            = "least_conn"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.haproxy
}

tier "haproxy" {
  kind         = "haproxy"
  version      = "2.6"
  nodes        = ["127.201.4.11:24004", "127.201.4.12:24004"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.201.4.21:24004", "127.201.4.22:24004", "127.201.4.23:24004"]
}
