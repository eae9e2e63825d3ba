tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.22:3000"]
}
