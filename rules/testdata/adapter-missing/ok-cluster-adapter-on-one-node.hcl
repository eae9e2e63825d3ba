# adapter-missing/ok: the cluster adapter between the workers of one node
# Must not report: adapter-missing.

topology "chat" {}

socketio {
  adapter = "cluster"
}

client "browser" {
  entry = tier.app
}

tier "app" {
  kind           = "socketio"
  nodes          = ["10.0.2.21:3000"] # want "single-point-of-failure"
  workers        = 4
  sticky_workers = true
}
