# worker-affinity-missing/pm2 with 4 workers, no sticky

topology "im" {}

socketio {
  adapter = "redis"
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
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers = 4 # want "worker-affinity-missing" `4 socket.io worker processes` `sticky_workers = true` `cluster-engine`
}
