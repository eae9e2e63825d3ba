# Field report 3, problem 2: an F5 at layer 7 without WebSocket support in
# front of nginx and socket.io. Browsers open websocket-first connections that
# the F5 never upgrades: the requests hang pending, six at a time, and the
# page freezes. nginx keeps affinity and passes the upgrade, but the F5 does
# not.
#
# topo lint reports:
#   websocket-upgrade-missing at tier "f5": a layer 7 hop on the websocket
#     path that does not pass the upgrade.
# The report's fix was to declare the F5 at layer 4 (layer = 4), which passes
# any TCP stream; a WebSocket profile on the F5 (websocket = true) works too.

topology "portal" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry      = tier.f5
  transports = ["websocket", "polling"]
}

tier "f5" { # want "websocket-upgrade-missing"
  kind               = "f5"
  nodes              = ["203.0.113.20:443", "203.0.113.21:443"]
  tls                = "terminate"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
