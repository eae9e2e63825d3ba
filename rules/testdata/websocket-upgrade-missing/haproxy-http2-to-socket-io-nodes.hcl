# websocket-upgrade-missing/HAProxy speaks HTTP/2 to the socket.io nodes:
# engine.io takes a WebSocket only as an HTTP/1.1 Upgrade (facts H15, S9)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind             = "haproxy"
  nodes            = ["10.0.1.11:80", "10.0.1.12:80"]
  balance          = "source_ip"
  consistent       = true
  backend_protocol = "h2" # want "websocket-upgrade-missing" `extended CONNECT` `engine.io` `client "browser"`
  to               = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
