# related-route-affinity/API route with the same ip_hash
# Must not report: related-route-affinity, single-point-of-failure.

topology "jobs" {}

socketio { # want "adapter-missing"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app

  route "api" {
    path    = "/api/*"
    to      = tier.app
    balance = "ip_hash" # want "hash-not-consistent"
  }

  route "socket" {
    path    = "/socket.io/*"
    to      = tier.app
    balance = "ip_hash" # want "hash-not-consistent"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
