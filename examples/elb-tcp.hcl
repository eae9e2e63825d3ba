# Field report 2 (socket.io on a TCP Classic ELB): a Classic ELB with a TCP
# listener round-robins connections to the socket.io servers. The handshake
# and the next request travel on different TCP connections and land on
# different servers. A TCP listener reads no cookies and adds no
# X-Forwarded-For, so it cannot keep the session; a Redis adapter does not
# share engine.io sessions (the answer in the report is outdated).
#
# topo lint reports:
#   affinity-missing at tier "elb": round robin over 2 socket.io nodes with
#     polling on.

topology "elb-tcp" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.elb
}

tier "elb" { # want "affinity-missing"
  kind  = "elb"
  layer = 4
  tls   = "passthrough"
  to    = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
