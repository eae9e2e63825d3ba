# cookie-affinity-cookieless-client/HAProxy cookie insert with an Android app

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
  library = "socket.io-client-java@2.1"
}

tier "lb" {
  kind        = "haproxy"
  nodes       = ["10.0.1.11:80", "10.0.1.12:80"]
  balance     = "cookie" # want "cookie-affinity-cookieless-client" `client "android"` `CookieJar`
  cookie_name = "SERVERID"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
