# related-route-affinity/an explicit round-robin API route

topology "jobs" {}

socketio { # want "adapter-missing"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app

  route "api" { # want "related-route-affinity" `route "api" of tier "nginx" with round_robin` `hash on client_ip \(consistent\)`
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
