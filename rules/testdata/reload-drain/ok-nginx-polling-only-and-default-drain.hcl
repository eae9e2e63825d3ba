# reload-drain/no finding: nginx keeps old workers' connections until they
# close unless drain_timeout is declared, and a polling-only client holds no
# WebSocket

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

client "kiosk" {
  entry      = tier.poll
  transports = ["polling"]
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "poll" {
  kind          = "nginx"
  nodes         = ["10.0.1.21:80", "10.0.1.22:80"]
  balance       = "hash"
  hash_key      = "client_ip"
  consistent    = true
  drain_timeout = "30s"
  to            = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
