# Broken case e of e2e/cases_test.go (testdata/broken/e-front-round-robin.conf.tmpl,
# e-sibling-a.conf.tmpl and e-sibling-b.conf.tmpl), described as a topology:
# a round-robin nginx front over two sibling nginx nodes that use ip_hash over
# the same three socket.io nodes listed in different orders
# (server_order = "differs"). ip_hash picks a position in the list, so the
# siblings send one client to different nodes.
#
# topo lint reports sibling-divergence (error) at tier "siblings". Live: the
# polling clients fail with "Session ID unknown".

topology "broken-sibling-divergence" {}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "node" {
  entry      = tier.front
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
  addresses  = "single_subnet"
}

tier "front" {
  kind               = "nginx"
  version            = "1.22.1"
  nodes              = ["127.202.5.10:24105"] # want "single-point-of-failure"
  egress_addresses   = ["127.0.0.1"]
  balance            = "round_robin"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.siblings
}

tier "siblings" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["127.202.5.11:24105", "127.202.5.12:24105"]
  balance      = "ip_hash" # want "ip-hash-collapse"
  server_order = "differs" # want "sibling-divergence"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.202.5.21:24105", "127.202.5.22:24105", "127.202.5.23:24105"]
}
