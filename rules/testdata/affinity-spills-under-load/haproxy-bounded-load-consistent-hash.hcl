# affinity-spills-under-load/HAProxy hash-balance-factor: bounded loads pass a
# key over a busy node (fact H13)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind                = "haproxy"
  nodes               = ["10.0.1.11:80", "10.0.1.12:80"]
  balance             = "source_ip"
  consistent          = true
  hash_balance_factor = 125 # want "affinity-spills-under-load" `125%` `server maxconn`
  to                  = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
