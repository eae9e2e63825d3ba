# Live case aa: a rendered nginx with a short drain (drain_timeout = "2s",
# worker_shutdown_timeout 2s): a reload closes the WebSockets the old
# workers hold 2 s later, and every client reconnects at once. The same file
# without worker_shutdown_timeout keeps them, and keeps the old workers
# running as long as one socket stays open.
#
# Loopback only (127.229.1.0/24).

topology "live-aa-nginx-drain-2s" {
  description = "e2e: websocket clients -> nginx (drain 2s) -> 3 socket.io nodes, reloaded mid-session"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "app" {
  entry      = tier.nginx
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["websocket"]
}

tier "nginx" {
  kind          = "nginx"
  version       = "1.22.1"
  nodes         = ["127.229.1.10:24010"] # want "single-point-of-failure"
  balance       = "least_conn"
  websocket     = true
  drain_timeout = "2s" # want "reload-drain"
  to            = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.229.1.21:24010", "127.229.1.22:24010", "127.229.1.23:24010"]
}
