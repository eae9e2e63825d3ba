# ip-hash-ipv4-prefix/ok: clients that reach an IPv6-only tier are hashed on their whole address
# Must not report: ip-hash-ipv4-prefix.

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
  nodes     = ["[2001:db8::11]:80", "[2001:db8::12]:80"]
  balance   = "ip_hash" # want "hash-not-consistent"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
