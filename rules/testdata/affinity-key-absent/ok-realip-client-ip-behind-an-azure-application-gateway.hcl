# affinity-key-absent/the fix: nginx reads the client address from the Azure
# Application Gateway's X-Forwarded-For with realip, which drops the port
# (checked with nginx 1.22.1, fact K7), and hashes it.

topology "azure" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.appgw
}

tier "appgw" {
  kind         = "azure-appgw"
  idle_timeout = "120s"
  to           = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
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
