socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443"] # want "single-point-of-failure"
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  version = "1.22.1"
}
