# proxy-protocol-mismatch/NLB PROXY v2 and nginx listen proxy_protocol
# Must not report: proxy-protocol-mismatch, client-ip-lost, ip-hash-collapse.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
