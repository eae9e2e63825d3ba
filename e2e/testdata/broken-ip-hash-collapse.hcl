# Broken case b of e2e/cases_test.go (testdata/broken/b-tier1-round-robin.conf.tmpl
# and b-tier2-ip-hash.conf.tmpl), described as a topology: one tier-1 nginx
# balances round robin over the tier-2 nginx, which hashes the connecting
# address (ip_hash) without realip. Tier 1 adds X-Forwarded-For, but tier 2
# reads the TCP peer, which is tier 1 for every request.
#
# topo lint reports ip-hash-collapse (error) at tier "tier2". Live: all 30
# clients land on the one node ip_hash picks for 127.0.0.1.

topology "broken-ip-hash-collapse" {}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "node" {
  entry      = tier.tier1
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
  addresses  = "public"
}

tier "tier1" {
  kind               = "nginx"
  version            = "1.22.1"
  nodes              = ["127.202.2.10:24102"] # want "single-point-of-failure"
  egress_addresses   = ["127.0.0.1"]
  balance            = "round_robin"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.tier2
}

tier "tier2" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["127.202.2.11:24102"] # want "single-point-of-failure"
  balance   = "ip_hash"              # want "hash-not-consistent" "ip-hash-collapse"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.202.2.21:24102", "127.202.2.22:24102", "127.202.2.23:24102"]
}
