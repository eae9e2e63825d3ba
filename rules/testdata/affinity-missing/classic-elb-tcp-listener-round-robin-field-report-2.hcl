# affinity-missing/Classic ELB TCP listener round robin (field report 2)

topology "elb-tcp" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.elb
}

tier "elb" { # want "affinity-missing" `round_robin over the 2 nodes`
  kind  = "elb"
  layer = 4
  tls   = "passthrough"
  to    = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
