# affinity-key-absent/HAProxy learns the sid from the io cookie, which the
# server does not set (cookie = false, the default since v3)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "android" {
  entry   = tier.lb
  cookies = false
}

tier "lb" {
  kind    = "haproxy"
  nodes   = ["10.0.1.11:80"] # want "single-point-of-failure"
  balance = "learn"          # want "affinity-key-absent" `sets no io cookie` `cookie = true`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
