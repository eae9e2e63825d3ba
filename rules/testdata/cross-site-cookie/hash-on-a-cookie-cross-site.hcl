# cross-site-cookie/nginx hash on a cookie for a page on another site

topology "embed" {}

socketio {
  adapter = "redis"
}

client "embed" {
  entry      = tier.edge
  cross_site = true
}

tier "edge" {
  kind       = "nginx"
  version    = "1.26.2"
  nodes      = ["10.0.1.11:443", "10.0.1.12:443"]
  tls        = "terminate"
  balance    = "hash"
  hash_key   = "cookie:route" # want "cross-site-cookie" `hash` `cross_site = true`
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
