# ip-hash-ipv4-prefix/no finding: phones declared IPv6 through a dual-stack ALB;
# nginx ip_hash keys on the whole IPv6 address (fact N1)

topology "mobile" {}

socketio {
  adapter = "redis"
}

client "phones" {
  entry          = tier.alb
  addresses      = "nat"
  address_family = "ipv6"
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
  balance      = "ip_hash" # want "hash-not-consistent"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
