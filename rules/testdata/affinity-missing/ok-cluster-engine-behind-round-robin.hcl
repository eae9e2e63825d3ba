# affinity-missing/cluster-engine behind round robin
# Must not report: affinity-missing.

topology "chat" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
