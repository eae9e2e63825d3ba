# affinity-key-absent/ingress-nginx cookie affinity on a rewritten route: the
# cookie's Path is the Ingress path, a regular expression the browser never
# matches, unless session-cookie-path is set (fact K4; ingress-nginx #4065)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.ingress
  path  = "/chat/socket.io/"
}

tier "ingress" { # want "reload-drain" `4m` `ingress-nginx default`
  kind  = "ingress-nginx"
  nodes = ["10.0.1.11:443", "10.0.1.12:443"]
  to    = tier.app

  route "chat" {
    path         = "/chat/*"
    strip_prefix = "/chat"
    to           = tier.app
    balance      = "cookie" # want "affinity-key-absent" `regular expression` `session-cookie-path`
  }

  route "chat-fixed" {
    path         = "/chat2/*"
    strip_prefix = "/chat2"
    to           = tier.app
    balance      = "cookie"
    cookie_path  = "/"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
