# affinity-spills-under-load/hash-preserve-affinity maxconn without a server
# maxconn: no server is ever full, so no key moves (fact H17).

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind                   = "haproxy"
  version                = "3.2.0"
  nodes                  = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                = "source_ip"
  consistent             = true
  hash_preserve_affinity = "maxconn"
  to                     = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
