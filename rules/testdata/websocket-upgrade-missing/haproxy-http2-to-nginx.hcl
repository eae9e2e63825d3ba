# websocket-upgrade-missing/HAProxy speaks HTTP/2 to an nginx tier, which has
# no RFC 8441 (fact N11)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind               = "haproxy"
  nodes              = ["10.0.1.11:80", "10.0.1.12:80"]
  forwards_client_ip = "x_forwarded_for"
  backend_protocol   = "h2" # want "websocket-upgrade-missing" `nginx has no RFC 8441`
  to                 = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.21:80", "10.0.1.22:80"]
  balance    = "hash"
  hash_key   = "x_forwarded_for"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
