# idle-timeout-below-heartbeat/defaults: nginx 60s, NLB 350s, HAProxy unset
# Must not report: idle-timeout-below-heartbeat.

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
  to      = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "source_ip" # want "redundant-affinity"
  consistent = true
  websocket  = true
  to         = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.2.11:80", "10.0.2.12:80"]
  balance    = "hash" # want "client-ip-lost" "ip-hash-collapse"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
