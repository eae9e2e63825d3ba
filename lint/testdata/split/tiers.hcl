tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  # topo-ignore: redundant-affinity, hash-not-consistent -- one suppressed, one unused
  balance = "ip_hash"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
