# unsupported-feature/nginx sticky learn needs 1.29.6, and nginx shares it
# between the workers of one node only

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "browser" {
  entry = tier.old
}

client "app" {
  entry = tier.new
}

tier "old" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80"]
  balance   = "learn" # want "unsupported-feature" `1.29.6`
  websocket = true
  to        = tier.app
}

tier "new" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.21:80", "10.0.1.22:80"]
  balance      = "learn" # want "unsupported-feature" `zone_sync`
  shared_table = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
