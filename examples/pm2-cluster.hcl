# Field report 4, note 1: pm2 runs four socket.io processes per machine in
# cluster mode behind one port. nginx keeps clients on one machine, but the
# machine's own round robin between its workers sends polls to a worker that
# never saw their sid.
#
# topo lint reports:
#   worker-affinity-missing at tier "app": 4 workers per node, no sticky
#     workers (@socket.io/sticky) and no cluster engine.

topology "im" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000"]
  workers = 4 # want "worker-affinity-missing"
}
