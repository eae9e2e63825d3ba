# Live case l (the fix of k): a dispatcher hands each client a
# node; when a connection drops the client asks the dispatcher again,
# which hands out a node that is up.
#
# Loopback only (127.212.1.0/24).

topology "live-l-dispatcher-entry" {
  description = "e2e: clients -> dispatcher -> one of 3 socket.io nodes, reconnecting through the dispatcher"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
  transports    = ["websocket"]
}

client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "entry"
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["127.212.1.10:24012"] # want "single-point-of-failure"
  balance = "round_robin"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.212.1.21:24012", "127.212.1.22:24012", "127.212.1.23:24012"]
}
