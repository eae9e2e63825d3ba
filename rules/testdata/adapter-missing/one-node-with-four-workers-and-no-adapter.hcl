# adapter-missing/one node with four workers and no adapter

topology "chat" {}

socketio {} # want "adapter-missing" `4 socket.io processes`

client "browser" {
  entry      = tier.app
  transports = ["websocket"]
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000"] # want "single-point-of-failure"
  workers = 4
}
