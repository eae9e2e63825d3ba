# Broken case a of e2e/cases_test.go (testdata/broken/a-nginx-round-robin.conf.tmpl),
# described as a topology: nginx balances round robin over three socket.io
# nodes and keeps no affinity; the clients long-poll.
#
# topo lint reports affinity-missing (error) at tier "nginx". Live: every
# polling client fails with "Session ID unknown".

topology "broken-affinity-missing" {}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "node" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
  addresses  = "single_subnet"
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["127.202.1.10:24101"] # want "single-point-of-failure"
  balance   = "round_robin"          # want "affinity-missing"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.202.1.21:24101", "127.202.1.22:24101", "127.202.1.23:24101"]
}
