# polling-pool-unscalable/ALB split, polling to one process, websocket to three

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "mobile" {
  entry      = tier.alb
  transports = ["websocket"]
}

tier "alb" {
  kind         = "alb"
  idle_timeout = "120s"
  to           = tier.poll

  route "sid" {
    query = { sid = "*" }
    to    = tier.poll
  }

  route "ws" {
    query = { transport = "websocket" }
    to    = tier.ws
  }
}

tier "poll" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"] # want "polling-pool-unscalable" `client "browser"` `tier "poll"` `one socket.io process` `application has 4`
}

tier "ws" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
