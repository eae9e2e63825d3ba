# adapter-missing/redis adapter
# affinity-key-absent/hash client_ip
# affinity-missing/nginx hash client_ip consistent
# connection-capacity/expected_connections unknown
# hash-not-consistent/consistent hash
# idle-timeout-below-heartbeat/nginx 75s
# redundant-affinity/the only affinity of the chain is load-bearing
# single-point-of-failure/two nodes everywhere
# websocket-upgrade-missing/nginx passes the upgrade
# Must not report: adapter-missing, affinity-key-absent, affinity-missing, hash-not-consistent, redundant-affinity, ip-hash-collapse, client-ip-lost, connection-capacity, idle-timeout-below-heartbeat, single-point-of-failure, websocket-upgrade-missing.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
