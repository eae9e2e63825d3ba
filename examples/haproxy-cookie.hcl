# Browsers behind two HAProxy nodes that terminate TLS and insert an
# affinity cookie (cookie SERVERID insert indirect nocache httponly secure):
# HAProxy keeps no state, so either node sends a session to the server its
# cookie names. Every client keeps cookies, so cookie affinity holds polling
# sessions. Plain HTTP on port 80 is redirected to https.
#
# topo lint reports nothing.

topology "support" {
  expected_connections = 20000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.haproxy
}

tier "haproxy" {
  kind               = "haproxy"
  version            = "2.6"
  nodes              = ["10.0.1.21:443", "10.0.1.22:443"]
  balance            = "cookie"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  tls                = "terminate"
  redirect_http_port = 80
  to                 = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
