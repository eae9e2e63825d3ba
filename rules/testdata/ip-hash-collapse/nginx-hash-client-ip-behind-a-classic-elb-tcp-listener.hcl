# ip-hash-collapse/nginx hash client_ip behind a Classic ELB TCP listener

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.elb
}

tier "elb" {
  kind  = "elb"
  layer = 4
  to    = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash" # want "client-ip-lost" "ip-hash-collapse" `tier "elb"`
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
