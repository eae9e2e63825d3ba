# Broken case d of e2e/cases_test.go (testdata/broken/d-haproxy-cookie-insert.cfg.tmpl),
# described as a topology: HAProxy inserts an affinity cookie (SERVERID) and
# the polling clients keep no cookies (socket.io-client in Node without
# withCredentials), so every request is balanced again.
#
# topo lint reports cookie-affinity-cookieless-client (error) at tier
# "haproxy". Live: the cookieless polling clients fail with "Session ID
# unknown"; the same clients with a cookie jar work.

topology "broken-cookie-cookieless-client" {}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "node" {
  entry      = tier.haproxy
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "haproxy" {
  kind        = "haproxy"
  version     = "2.6"
  nodes       = ["127.202.4.10:24104"] # want "single-point-of-failure"
  balance     = "cookie"               # want "cookie-affinity-cookieless-client"
  cookie_name = "SERVERID"
  websocket   = true
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.202.4.21:24104", "127.202.4.22:24104", "127.202.4.23:24104"]
}
