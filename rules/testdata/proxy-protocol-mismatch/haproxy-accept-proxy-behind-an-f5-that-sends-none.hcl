# proxy-protocol-mismatch/HAProxy accept-proxy behind an F5 that sends none

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol" # want "client-ip-lost" `reads it from proxy_protocol` "proxy-protocol-mismatch" `expects the PROXY protocol` `tier "f5" in front does not send it`
  balance      = "cookie"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
