# auto-balance/no auto declared
# redundant-affinity/nginx-M least_conn in front of a hashing tier
# Must not report: auto-balance, redundant-affinity, affinity-missing, hash-not-consistent.

topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.m
}

tier "m" {
  kind               = "nginx"
  nodes              = ["10.0.0.11:80", "10.0.0.12:80"]
  balance            = "least_conn"
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.ab
}

tier "ab" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
