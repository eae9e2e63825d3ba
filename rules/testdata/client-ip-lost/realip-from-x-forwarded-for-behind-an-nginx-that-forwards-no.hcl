# client-ip-lost/realip from X-Forwarded-For behind an nginx that forwards none

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind         = "nginx"
  nodes        = ["10.0.0.11:80", "10.0.0.12:80"]
  websocket    = true
  idle_timeout = "75s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for" # want "client-ip-lost" `tier "front" in front does not hand it on` `forwards_client_ip = "x_forwarded_for" on "front"`
  balance      = "hash"            # want "ip-hash-collapse" `2 addresses of tier "front"` `Session ID unknown`
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
