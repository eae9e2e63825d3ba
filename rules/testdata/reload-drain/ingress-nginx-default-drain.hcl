# reload-drain/ingress-nginx reloads keep WebSockets for 240 s (its
# worker-shutdown-timeout), then close them together: 20,000 expected
# connections over 2 controller pods reconnect in a burst

topology "chat" {
  expected_connections = 20000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.ingress
}

tier "ingress" { # want "reload-drain" `4m` `up to 10000 clients per node`
  kind          = "ingress-nginx"
  nodes         = ["10.0.1.11:443", "10.0.1.12:443"]
  balance       = "cookie"
  cookie_name   = "INGRESSCOOKIE"
  affinity_mode = "persistent"
  to            = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
