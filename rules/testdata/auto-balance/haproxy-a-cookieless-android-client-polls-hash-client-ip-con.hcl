# auto-balance/HAProxy, a cookieless Android client polls: hash client_ip consistent

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

client "android" {
  entry   = tier.lb
  cookies = false
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto" # want "auto-balance" `resolves to balance = "hash", hash_key = "client_ip", consistent = true` `client address reaches this tier`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
