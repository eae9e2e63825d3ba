# cross-site-cookie/ok: same-site pages keep the cookie; cross-site pages go through a tier that hashes the address
# Must not report: cross-site-cookie, cookie-affinity-cookieless-client, affinity-missing.

topology "ok" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry = tier.lb
}

client "embed" {
  entry      = tier.edge
  cross_site = true
}

tier "lb" {
  kind      = "haproxy"
  version   = "2.6.12"
  nodes     = ["10.0.1.11:443", "10.0.1.12:443"]
  tls       = "terminate"
  balance   = "cookie"
  websocket = true
  to        = tier.app
}

tier "edge" {
  kind       = "nginx"
  version    = "1.26.2"
  nodes      = ["10.0.1.21:443"]
  tls        = "terminate"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
