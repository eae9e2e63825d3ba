tier "edge" {
  kind  = "nginx"
  nodes = ["10.0.1.11:80", "10.0.1.12:80"]
  to    = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
