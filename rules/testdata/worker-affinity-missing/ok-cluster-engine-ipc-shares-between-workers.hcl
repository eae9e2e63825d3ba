# worker-affinity-missing/ok: the cluster engine over IPC shares sessions between the workers of a node
# Must not report: worker-affinity-missing, affinity-missing.

topology "chat" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine-ipc"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
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
  workers = 4
}
