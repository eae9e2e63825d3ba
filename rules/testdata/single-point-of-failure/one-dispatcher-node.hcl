# single-point-of-failure/one dispatcher node

topology "im" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry   = tier.dispatcher
  cookies = false
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080"] # want "single-point-of-failure" `tier "dispatcher"` !`every Socket.IO connection drops`
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
