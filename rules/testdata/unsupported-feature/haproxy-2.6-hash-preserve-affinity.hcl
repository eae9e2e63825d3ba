# unsupported-feature/hash-preserve-affinity is in HAProxy from 3.2; a tier
# that declares 2.6 cannot have it.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind                   = "haproxy"
  version                = "2.6.12"
  nodes                  = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                = "source_ip"
  consistent             = true
  hash_preserve_affinity = "maxqueue" # want "unsupported-feature" `since 3.2`
  to                     = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
