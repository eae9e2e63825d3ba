# What nginx files cannot say: the application and who connects.
topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx-m
}
