# Live case k (broken, field report 4): a dispatcher hands each client a
# node; the clients reconnect to that same node when their connection
# drops (socket.io-client's own reconnection), so when the node dies its
# clients stay down.
#
# Loopback only (127.211.1.0/24).

topology "live-k-dispatcher-same-node" {
  description = "e2e: clients -> dispatcher -> one of 3 socket.io nodes, reconnecting to the same node"
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
  reconnect = "same_node" # want "dispatcher-reconnect"
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["127.211.1.10:24011"] # want "single-point-of-failure"
  balance = "round_robin"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.211.1.21:24011", "127.211.1.22:24011", "127.211.1.23:24011"]
}
