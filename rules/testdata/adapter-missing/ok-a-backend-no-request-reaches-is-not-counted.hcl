# adapter-missing/ok: one socket.io process; the two web servers behind
# the default way serve pages, and no Socket.IO or related request reaches
# them (an imported haproxy.cfg's default_backend, say)
# Must not report: adapter-missing.

topology "chat" {}

socketio {}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind  = "haproxy"
  nodes = ["10.0.1.11:80", "10.0.1.12:80"]
  to    = tier.web

  route "socket-io" {
    path = "/socket.io/*"
    to   = tier.app
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"] # want "single-point-of-failure"
}

tier "web" {
  kind  = "socketio"
  nodes = ["10.0.3.21:8080", "10.0.3.22:8080"]
}
