# layer-mismatch/NLB with cookie stickiness

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "cookie" # want "layer-mismatch" `layer 4` `cookie affinity` `source_ip` "unsupported-feature" `source address`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
