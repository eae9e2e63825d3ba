# Field report 5 (Socket.io and WebSocket cluster designs): Alibaba SLB at
# layer 4 in front of nginx, which keeps ip_hash affinity over the socket.io
# nodes. SLB preserves the client address (TCP), so ip_hash sees clients. The
# report's worry is connections: each nginx holds two connections per socket
# and opens the upstream ones from its own address.
#
# topo lint reports:
#   connection-capacity at "nginx": 200,000 sockets over two nginx nodes need
#     200,000 worker connections each, above max_connections, and 25,000
#     upstream connections per (nginx address, socket.io node) pair use over
#     80% of the 28,232 local ports;
#   hash-not-consistent at "nginx" (ip_hash).

topology "cluster" {
  expected_connections = 200000
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.slb
}

tier "slb" {
  kind  = "slb"
  nodes = ["203.0.113.30:443", "203.0.113.31:443"]
  to    = tier.nginx
}

tier "nginx" {
  kind            = "nginx"
  version         = "1.22.1"
  nodes           = ["10.0.1.11:80", "10.0.1.12:80"] # want "connection-capacity"
  balance         = "ip_hash"                        # want "hash-not-consistent"
  websocket       = true
  max_connections = 65536 # want "connection-capacity"
  to              = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000", "10.0.2.24:3000"]
}
