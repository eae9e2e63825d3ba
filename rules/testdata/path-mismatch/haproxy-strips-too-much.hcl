# path-mismatch/HAProxy strips the whole engine.io path: the nodes get "/"

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
  path  = "/rt/socket.io/" # want "path-mismatch" `as "/"` `route "rt" of tier "lb" strips "/rt/socket.io"`
}

tier "lb" {
  kind    = "haproxy"
  nodes   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance = "source_ip"
  to      = tier.app

  route "rt" {
    path         = "/rt/*"
    strip_prefix = "/rt/socket.io"
    to           = tier.app
    balance      = "source_ip"
    consistent   = true
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
