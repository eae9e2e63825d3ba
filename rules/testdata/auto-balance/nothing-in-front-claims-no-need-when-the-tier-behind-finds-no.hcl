# auto-balance/every hop auto: the nginx tier behind finds no method (the
# client address does not reach it), so the hops in front cannot keep a
# session whatever they do. Their notices must not say that no session needs
# affinity there: that would contradict the affinity-missing error on the
# same route.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "auto" # want "auto-balance" `lost behind it` `tier "edge", where balance = "auto" found no method` !`no session needs affinity`
  to      = tier.lb
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto" # want "auto-balance" `lost behind it` !`no session needs affinity`
  websocket = true
  to        = tier.edge
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.2.11:80", "10.0.2.12:80"]
  balance   = "auto" # want "auto-balance" "affinity-missing"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
