# Field report 4 (IM scaling, plan 2): a dispatcher service answers each
# client with the address of one IM node; the client then connects to that
# node directly, so no proxy carries the connections. The trap: the client
# library reconnects to the node it had, so when that node dies its users
# retry a dead node until they give up.
#
# topo lint reports:
#   dispatcher-reconnect at client "app": reconnect = "same_node";
#   adapter-missing: three socket.io nodes and no adapter;
#   single-point-of-failure at "dispatcher" (notice).

topology "im" {
  expected_connections = 300000
}

socketio {} # want "adapter-missing"

client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "same_node" # want "dispatcher-reconnect"
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080"] # want "single-point-of-failure"
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
