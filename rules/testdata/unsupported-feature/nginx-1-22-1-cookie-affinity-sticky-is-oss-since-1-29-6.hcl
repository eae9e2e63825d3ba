# unsupported-feature/nginx 1.22.1 cookie affinity (sticky is OSS since 1.29.6)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "cookie" # want "unsupported-feature" `sticky` `1\.29\.6` `version 1\.22\.1`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
