# A topology split over two files: the directory is one topology.
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}
