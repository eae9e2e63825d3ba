# ignore-unused/a topo-ignore comment that suppresses a finding on the next
# line is used: nothing is reported.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind    = "nginx"
  version = "1.30.0"
  # topo-ignore: single-point-of-failure -- one virtual node behind a VRRP pair
  nodes     = ["10.0.1.11:80"]
  balance   = "round_robin"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"] # want "single-point-of-failure"
}
