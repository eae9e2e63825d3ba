# redundant-affinity/websocket-only clients hashed at nginx, whose related
# route /api/* is balanced by round robin: the hash changes nothing for the
# sockets, but related-route-affinity asks the route to follow the socket's
# way, which needs the hash. Calling it redundant would contradict that error.

topology "jobs" {}

socketio { # want "adapter-missing"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry      = tier.nginx
  transports = ["websocket"]
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.10:80", "10.0.1.11:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app

  route "api" { # want "related-route-affinity"
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
