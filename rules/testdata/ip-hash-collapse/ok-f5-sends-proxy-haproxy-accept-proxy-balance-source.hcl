# ip-hash-collapse+client-ip-lost/F5 sends PROXY, HAProxy accept-proxy, balance source
# Must not report: ip-hash-collapse, client-ip-lost, proxy-protocol-mismatch.

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
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "source_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
