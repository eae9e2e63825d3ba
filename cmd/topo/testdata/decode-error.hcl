topology "broken" {}

socketio {}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind    = "nginx"
  nodes   = ["10.0.1.11:80"]
  balanse = "ip_hash"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21"]
}
