# unsupported-feature/an nginx tier in front of an NLB declared without
# nodes: render cannot write the upstream's servers, and used to abort; lint
# says how to declare them.

topology "t" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.30.0"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.nlb # want "unsupported-feature" `declares no nodes` `DNS name is fine`
}

tier "nlb" {
  kind = "nlb"
  to   = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
