# Live case h (the fix of g): the L4 hop hashes the client's source address
# on a consistent ring (HAProxy mode tcp, balance source, hash-type
# consistent), so every connection of a session reaches one node.
#
# Loopback only (127.208.1.0/24).

topology "live-h-haproxy-l4-source-hash" {
  description = "e2e: clients -> haproxy mode tcp balance source consistent -> 3 socket.io nodes"
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
  kind       = "haproxy"
  version    = "2.6"
  layer      = 4
  nodes      = ["127.208.1.10:24008"] # want "single-point-of-failure"
  balance    = "source_ip"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.208.1.21:24008", "127.208.1.22:24008", "127.208.1.23:24008"]
}
