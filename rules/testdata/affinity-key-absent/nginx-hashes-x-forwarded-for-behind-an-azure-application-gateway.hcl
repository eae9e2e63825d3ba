# affinity-key-absent/nginx hashes the raw X-Forwarded-For header behind an
# Azure Application Gateway, which writes each address as IP:port with the
# client's source port: the header changes with every connection (fact K7).

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
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "x_forwarded_for" # want "affinity-key-absent" `tier "appgw" in front writes each address into X-Forwarded-For as IP:port` `hash_key = "client_ip"`
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
