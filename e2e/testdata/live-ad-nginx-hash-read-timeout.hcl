# Live case ad: nginx hashes a query parameter to 2 socket.io nodes, with a
# proxy_read_timeout (idle_timeout) of 2 s, far below the heartbeat: every
# long poll the node holds for the next ping times out at nginx. The file
# as rendered (proxy_next_upstream off) answers 504; run with nginx's
# default proxy_next_upstream, the timed-out poll is sent again to the other
# node, which answers "Session ID unknown". Either way nginx counts the
# timeout as a failure of the node (max_fails=1, fail_timeout=10s) and hashes
# every other session of that node elsewhere for 10 s; with max_fails=0 they
# stay.
#
# Loopback only (127.235.1.0/24).

topology "live-ad-nginx-hash-read-timeout" {
  description = "e2e: polling clients -> nginx (hash query uid, read timeout 2s) -> 2 socket.io nodes"
}

socketio { # want "adapter-missing"
  version = "4.8"
}

client "app" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["127.235.1.10:24010"] # want "single-point-of-failure"
  balance      = "hash"
  hash_key     = "query:uid"
  consistent   = true
  idle_timeout = "2s" # want "idle-timeout-below-heartbeat"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.235.1.21:24010", "127.235.1.22:24010"]
}
