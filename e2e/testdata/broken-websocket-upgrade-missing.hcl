# Broken case c of e2e/cases_test.go (testdata/broken/c-nginx-no-upgrade-headers.conf.tmpl),
# described as a topology: nginx hashes the full client address (affinity is
# fine) but does not pass the Upgrade/Connection headers (websocket = false,
# nginx's default); the clients use WebSocket.
#
# topo lint reports websocket-upgrade-missing (error) at tier "nginx". Live:
# websocket-only clients never connect; polling-then-upgrade clients stay on
# polling.

topology "broken-websocket-upgrade-missing" {}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "websocket-only" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["websocket"]
  share      = 0.5
}

client "upgrade" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling", "websocket"]
  share      = 0.5
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.22.1"
  nodes      = ["127.202.3.10:24103"] # want "single-point-of-failure"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = false # want "websocket-upgrade-missing"
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.202.3.21:24103", "127.202.3.22:24103", "127.202.3.23:24103"]
}
