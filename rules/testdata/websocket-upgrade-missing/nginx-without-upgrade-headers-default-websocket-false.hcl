# websocket-upgrade-missing/nginx without Upgrade headers (default websocket = false)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

client "bot" {
  entry      = tier.edge
  transports = ["websocket"]
}

tier "edge" { # want "websocket-upgrade-missing" `websocket-only client "bot" cannot connect` `client "browser".*long-polling` `proxy_set_header Upgrade`
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
