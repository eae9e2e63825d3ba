# affinity-missing/the cluster engine over IPC does not share sessions between nodes

topology "chat" {}

socketio {
  adapter = "redis"
  engine  = "cluster-engine-ipc"
}

client "browser" {
  entry = tier.edge
}

tier "edge" { # want "affinity-missing" `round_robin` `Session ID unknown` `engine = "cluster-engine"`
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
  workers = 4
}
