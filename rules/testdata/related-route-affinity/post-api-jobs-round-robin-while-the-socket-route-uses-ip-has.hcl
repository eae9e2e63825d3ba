# related-route-affinity/POST /api/jobs round robin while the socket route uses ip_hash

topology "jobs" {}

socketio { # want "adapter-missing"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" { # want "related-route-affinity" `/api/jobs` `round_robin` `route "socket"` `ip_hash`
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80"] # want "single-point-of-failure"
  websocket = true
  to        = tier.app

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
