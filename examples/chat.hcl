# The example of the topology language specification: an F5 at layer 4 that
# does source NAT in front of two nginx nodes that use ip_hash.
#
# topo lint reports:
#   ip-hash-collapse at tier "edge": the F5 forwards no client address, so both
#     nginx nodes hash one peer address and send every client to one node;
#   client-ip-lost at tier "edge": ip_hash needs the client address and the F5
#     drops it;
#   hash-not-consistent at tier "edge": ip_hash remaps most clients when a node
#     is added or removed;
#   single-point-of-failure at tier "f5" (notice).

topology "chat" {
  expected_connections = 40000
}

socketio {
  version = "4.8"
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

client "android" {
  entry   = tier.f5
  cookies = false
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443"] # want "single-point-of-failure"
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "client-ip-lost" "hash-not-consistent" "ip-hash-collapse"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
