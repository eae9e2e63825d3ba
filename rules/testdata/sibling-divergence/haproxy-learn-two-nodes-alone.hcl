# sibling-divergence/two HAProxy nodes learn sids alone: a DNS round robin
# in front sends one session's requests to both

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "android" {
  entry   = tier.lb
  cookies = false
}

tier "lb" {
  kind    = "haproxy"
  nodes   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance = "learn" # want "sibling-divergence" `learns sids alone` `shared_table = true`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
