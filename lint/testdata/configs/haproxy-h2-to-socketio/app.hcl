socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.haproxy
}
