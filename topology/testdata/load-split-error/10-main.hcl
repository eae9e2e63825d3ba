topology "split" {}

socketio {}

client "browser" {
  entry = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"]
}
