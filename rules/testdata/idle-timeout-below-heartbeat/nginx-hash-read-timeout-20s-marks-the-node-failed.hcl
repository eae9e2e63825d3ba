# idle-timeout-below-heartbeat/nginx hash with proxy_read_timeout 20s, below
# ping_interval: every long poll a node holds for its next ping times out,
# and nginx counts each timeout as a failure of the node (max_fails=1), so
# for 10 s it hashes all of that node's sessions to other nodes (fact N15,
# shown live by e2e live-ad).

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  idle_timeout = "20s" # want "idle-timeout-below-heartbeat" `max_fails=1, fail_timeout=10s` `sent again to another node, 20s after` `max_fails=0`
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
