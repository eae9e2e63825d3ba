# ip-hash-collapse/nginx ip_hash behind two round-robin proxies of one /24

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.t1
}

tier "t1" {
  kind               = "nginx"
  nodes              = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.t2
}

tier "t2" {
  kind      = "nginx"
  nodes     = ["10.0.2.11:80", "10.0.2.12:80"]
  balance   = "ip_hash" # want "hash-not-consistent" "ip-hash-collapse" `first three octets` `one /24` `every client goes to one node` !`Session ID unknown` !`land on different nodes`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
