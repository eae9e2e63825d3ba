# affinity-key-absent/HAProxy cookie io prefix, the socket.io docs snippet, without cookie = true

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie"
  cookie_name = "io" # want "affinity-key-absent" `cookie "io"` `sets no io cookie` `balance = "cookie" \(an inserted cookie\)`
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
