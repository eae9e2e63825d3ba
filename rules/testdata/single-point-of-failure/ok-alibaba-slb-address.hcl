# single-point-of-failure/ok: an Alibaba SLB is one address served by a redundant cluster
# Must not report: single-point-of-failure.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.slb
}

tier "slb" {
  kind    = "slb"
  nodes   = ["47.100.1.10:80"]
  balance = "source_ip" # want "hash-not-consistent"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
