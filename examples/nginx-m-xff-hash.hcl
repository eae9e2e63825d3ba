# The fix of field report 3: nginx-M adds X-Forwarded-For and balances by
# least connections; nginx-A and nginx-B trust nginx-M's address, take the
# client address from X-Forwarded-For (realip) and hash it consistently. Both
# build the same ring from the same server names, so a session stays on one
# socket.io node whichever of them a request reaches.
#
# topo lint reports:
#   single-point-of-failure at "nginx-m" (notice): one nginx-M node.

topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx-m
}

tier "nginx-m" {
  kind               = "nginx"
  nodes              = ["10.0.0.10:80"] # want "single-point-of-failure"
  balance            = "least_conn"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.nginx-ab
}

tier "nginx-ab" {
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
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
