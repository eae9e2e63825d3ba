# Live case m (broken): one socket.io node run by pm2 in cluster mode with
# 3 workers behind one port. pm2's primary hands connections to the workers
# round robin, so the polls of one session reach workers that never saw its
# sid.
#
# Loopback only (127.213.1.0/24).

topology "live-m-pm2-cluster" {
  description = "e2e: clients -> one node, pm2 cluster mode, 3 workers, no sticky"
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
  kind    = "socketio"
  nodes   = ["127.213.1.21:24013"] # want "single-point-of-failure"
  workers = 3                      # want "worker-affinity-missing"
}
