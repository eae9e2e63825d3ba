# hash-not-consistent/NLB source_ip has no consistent option
# Must not report: hash-not-consistent.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind    = "nlb"
  balance = "source_ip"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
