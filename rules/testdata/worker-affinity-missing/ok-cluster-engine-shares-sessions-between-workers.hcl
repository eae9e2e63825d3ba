# worker-affinity-missing/cluster-engine shares sessions between workers
# Must not report: worker-affinity-missing, affinity-missing.

topology "im" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "least_conn"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers = 4
}
