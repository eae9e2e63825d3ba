# Live case r (the fix of q): no bounded loads; the nodes are protected by
# server maxconn (backend_max_connections), which queues a request on the
# server the hash chose instead of moving it (fact H14). Every session stays
# on its node.
#
# Loopback only (127.218.1.0/24).

topology "live-r-haproxy-server-maxconn" {
  description = "e2e: clients from one address -> HAProxy (source, consistent, server maxconn 64) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "service" {
  entry      = tier.haproxy
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "haproxy" {
  kind                    = "haproxy"
  version                 = "2.6.12"
  nodes                   = ["127.218.1.10:24010"] # want "single-point-of-failure"
  balance                 = "source_ip"
  consistent              = true
  backend_max_connections = 64
  idle_timeout            = "30s"
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.218.1.21:24010", "127.218.1.22:24010", "127.218.1.23:24010"]
}
