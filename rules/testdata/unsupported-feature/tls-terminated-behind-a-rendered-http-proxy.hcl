# unsupported-feature/an nginx tier in front of an HAProxy tier that
# terminates TLS: topo renders plain HTTP between them, so it says so instead
# of writing a chain that cannot connect.

topology "t" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.30.0"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.lb # want "unsupported-feature" `topo renders plain HTTP from this tier`
}

tier "lb" {
  kind    = "haproxy"
  nodes   = ["10.0.2.11:443"] # want "single-point-of-failure"
  tls     = "terminate"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
