# ip-hash-ipv4-prefix/nginx ip_hash for a school on one /24

topology "school" {}

socketio {
  adapter = "redis"
}

client "classroom" {
  entry     = tier.edge
  addresses = "single_subnet"
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "hash-not-consistent" "ip-hash-ipv4-prefix" `first three octets` `client "classroom"` `consistent = true`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
