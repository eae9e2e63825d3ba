# affinity-spills-under-load/nginx consistent hash with max_conns: a full node
# is skipped and the poll goes to the next node on the ring (fact N13)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind                    = "nginx"
  nodes                   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                 = "hash"
  hash_key                = "client_ip"
  consistent              = true
  websocket               = true
  backend_max_connections = 2000 # want "affinity-spills-under-load" `max_conns=2000` `consistent hash skips it` `Session ID unknown`
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
