# Field report 3, problem 1: the client POSTs a request to a REST endpoint,
# the server prepares data and tells the client through its socket that the
# data is ready. nginx keeps ip_hash affinity for /socket.io/ only; the POST
# to /api/jobs is balanced by round robin and half the time lands on a node
# that does not hold the client's socket, so the notification never comes.
#
# topo lint reports:
#   related-route-affinity at tier "nginx": /api/jobs reaches a node by a
#     different choice than the socket;
#   hash-not-consistent at route "socket" (ip_hash remaps on node changes);
#   adapter-missing: two socket.io nodes and no adapter;
#   single-point-of-failure at "nginx" (notice).
# The report's fix: give /api/jobs the same affinity (here: route "api" with
# balance = "ip_hash" too), or emit through an adapter.

topology "jobs" {}

socketio { # want "adapter-missing"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry = tier.nginx
}

tier "nginx" { # want "related-route-affinity"
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80"] # want "single-point-of-failure"
  websocket = true
  to        = tier.app

  route "socket" {
    path    = "/socket.io/*"
    to      = tier.app
    balance = "ip_hash" # want "hash-not-consistent"
  }
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
