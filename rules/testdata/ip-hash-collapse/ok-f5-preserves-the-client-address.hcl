# ip-hash-collapse+client-ip-lost/F5 preserves the client address
# ip-hash-ipv4-prefix/public clients
# layer-mismatch/L4 F5 preserve in front of L7 nginx
# websocket-upgrade-missing/layer 4 F5 passes any TCP
# Must not report: ip-hash-collapse, client-ip-lost, affinity-missing, single-point-of-failure, ip-hash-ipv4-prefix, layer-mismatch, websocket-upgrade-missing.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

client "android" {
  entry   = tier.f5
  cookies = false
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "preserve"
  to                 = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "hash-not-consistent"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
