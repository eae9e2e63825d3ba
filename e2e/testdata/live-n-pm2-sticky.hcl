# Live case n (the fix of m): pm2 runs a Node cluster primary (fork mode)
# that balances its 3 workers by sid with @socket.io/sticky (setupMaster),
# so every request of a session reaches the worker that holds it.
#
# Loopback only (127.214.1.0/24).

topology "live-n-pm2-sticky" {
  description = "e2e: clients -> one node, pm2 running a sticky primary, 3 workers"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "pollers" {
  entry   = tier.app
  library = "socket.io-client@4.8"
  cookies = false
}

tier "app" {
  kind           = "socketio"
  nodes          = ["127.214.1.21:24014"] # want "single-point-of-failure"
  workers        = 3
  sticky_workers = true
}
