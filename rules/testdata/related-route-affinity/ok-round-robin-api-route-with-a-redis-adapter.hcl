# related-route-affinity/round-robin API route with a redis adapter
# Must not report: related-route-affinity.

topology "jobs" {}

socketio {
  adapter       = "redis"
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

  route "api" {
    path    = "/api/*"
    balance = "round_robin"
    to      = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
