# single-point-of-failure/one socket.io node behind an ALB

topology "chat" {}

socketio {}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"] # want "single-point-of-failure" `tier "app"` `one node`
}
