# affinity-spills-under-load/ingress-nginx cookie affinity in its default
# affinity-mode, balanced: scaling the pods redistributes some sessions
# (fact K4); persistent keeps them

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.ingress
}

client "app" {
  entry = tier.pinned
}

tier "ingress" { # want "reload-drain"
  kind        = "ingress-nginx"
  nodes       = ["10.0.1.11:443", "10.0.1.12:443"]
  balance     = "cookie" # want "affinity-spills-under-load" `affinity-mode is balanced` `persistent`
  cookie_name = "INGRESSCOOKIE"
  to          = tier.app
}

tier "pinned" { # want "reload-drain"
  kind          = "ingress-nginx"
  nodes         = ["10.0.2.11:443", "10.0.2.12:443"]
  balance       = "cookie"
  cookie_name   = "INGRESSCOOKIE"
  affinity_mode = "persistent"
  to            = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000"]
}
