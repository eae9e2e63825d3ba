socketio {}

client "browser" {
  entry = tier.site
}
