socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx
}
