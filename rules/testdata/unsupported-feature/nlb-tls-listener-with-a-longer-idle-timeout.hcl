# unsupported-feature/an NLB TLS listener cannot take another idle timeout

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  tls                = "terminate"
  idle_timeout       = "900s" # want "unsupported-feature" `TLS listener is 5m50s` `passthrough`
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
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
