# Live case g (broken): an L4 round-robin hop (HAProxy mode tcp, as a
# Classic ELB in TCP mode or LVS without persistence balances) in front of
# three socket.io nodes. Each poll of a session is a new TCP connection,
# balanced anew: polling clients get "Session ID unknown"; websocket-only
# clients hold one connection and work.
#
# Loopback only (127.207.1.0/24).

topology "live-g-haproxy-l4-round-robin" {
  description = "e2e: clients -> haproxy mode tcp round robin -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "pollers" {
  entry   = tier.l4
  library = "socket.io-client@4.8"
  cookies = false
}

tier "l4" {
  kind    = "haproxy"
  version = "2.6"
  layer   = 4
  nodes   = ["127.207.1.10:24007"] # want "single-point-of-failure"
  balance = "round_robin"          # want "affinity-missing" `round_robin` `Session ID unknown`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.207.1.21:24007", "127.207.1.22:24007", "127.207.1.23:24007"]
}
