# Browsers behind two HAProxy nodes that insert an affinity cookie
# (cookie SERVERID insert indirect nocache): HAProxy keeps no state, so
# either node sends a session to the server its cookie names. Every client
# keeps cookies, so cookie affinity holds polling sessions.
#
# topo lint reports nothing.

topology "support" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.haproxy
}

tier "haproxy" {
  kind               = "haproxy"
  version            = "2.6"
  nodes              = ["10.0.1.21:80", "10.0.1.22:80"]
  balance            = "cookie"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
