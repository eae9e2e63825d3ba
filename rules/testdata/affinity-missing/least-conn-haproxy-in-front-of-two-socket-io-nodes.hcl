# affinity-missing/least_conn HAProxy in front of two socket.io nodes

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "least_conn" # want "affinity-missing" `least_conn` `balance = "cookie"`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
