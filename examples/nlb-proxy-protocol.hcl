# An NLB in front of HAProxy, with the client address carried in PROXY
# protocol v2 (target group attribute proxy_protocol_v2.enabled): HAProxy
# accepts it (bind … accept-proxy) and hands the client address on to an
# nginx tier in X-Forwarded-For; nginx takes it from there (realip) and
# hashes it consistently. HAProxy needs no affinity of its own: whichever
# nginx node a request reaches picks the same socket.io node.
#
# topo lint reports nothing.

topology "gateway" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

client "device" {
  entry      = tier.nlb
  cookies    = false
  transports = ["polling"]
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  egress_addresses   = ["10.0.0.0/24"]
  to                 = tier.haproxy
}

tier "haproxy" {
  kind               = "haproxy"
  nodes              = ["10.0.1.21:80", "10.0.1.22:80"]
  real_ip_from       = "proxy_protocol"
  balance            = "least_conn"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.web
}

tier "web" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.2.11:80", "10.0.2.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"]
}
