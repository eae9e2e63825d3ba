# redundant-affinity/first of two hashing tiers in a row

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
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.a
}

tier "a" {
  kind               = "nginx"
  nodes              = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from       = "x_forwarded_for"
  balance            = "hash" # want "redundant-affinity"
  hash_key           = "client_ip"
  consistent         = true
  websocket          = true
  idle_timeout       = "75s"
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.b
}

tier "b" {
  kind         = "nginx"
  nodes        = ["10.0.2.11:80", "10.0.2.12:80"]
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
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
