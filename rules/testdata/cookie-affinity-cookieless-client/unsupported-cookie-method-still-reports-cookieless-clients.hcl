# cookie-affinity-cookieless-client/a cookie method the product cannot do still reports the clients without cookies

topology "t" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

client "android" {
  entry   = tier.edge
  cookies = false
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "cookie" # want "unsupported-feature" `sticky` "cookie-affinity-cookieless-client" `client "android"` !`client "browser"`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
