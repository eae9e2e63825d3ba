# client-ip-lost/the tier behind already reads X-Forwarded-For: the fix
# names only what the tier in front lacks

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind               = "haproxy"
  nodes              = ["10.0.0.5:80", "10.0.0.6:80"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for" # want "client-ip-lost" `already reads X-Forwarded-For` !`real_ip_from = "x_forwarded_for" here`
  balance      = "hash"            # want "ip-hash-collapse" `already reads X-Forwarded-For` !`read it here`
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
