# ip-hash-ipv4-prefix/dual-stack phones: those on IPv4 still share a /24 key

topology "mobile" {}

socketio {
  adapter = "redis"
}

client "phones" {
  entry          = tier.alb
  addresses      = "nat"
  address_family = "dual"
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "ip_hash" # want "hash-not-consistent" "ip-hash-ipv4-prefix" `client "phones"`
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
