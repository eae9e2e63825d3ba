# cookie-affinity-cookieless-client/ALB lb_cookie and a Node client without cookie jar

topology "chat" {}

socketio {
  adapter = "redis"
}

client "loadtest" {
  entry   = tier.alb
  cookies = false
  library = "socket.io-client@4.6"
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie" # want "cookie-affinity-cookieless-client" `AWSALB` `client "loadtest"` `Session ID unknown` `transports = \["websocket"\]` `withCredentials`
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
