socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.chat
}

client "android" {
  entry   = tier.chat
  cookies = false
}
