# proxy-protocol-mismatch/NLB sends PROXY v2, nginx does not listen with proxy_protocol

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol" # want "proxy-protocol-mismatch" `sends the PROXY protocol to tier "edge"` `every connection fails`
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash" # want "ip-hash-collapse"
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
