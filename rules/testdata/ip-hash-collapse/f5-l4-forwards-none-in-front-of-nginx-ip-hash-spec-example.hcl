# ip-hash-collapse+client-ip-lost/F5 L4 forwards none in front of nginx ip_hash (spec example)

topology "chat" {
  expected_connections = 40000
}

socketio {
  version = "4.8"
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
  nodes              = ["203.0.113.10:443"] # want "single-point-of-failure"
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "client-ip-lost" `tier "f5" in front does not hand it on` `layer 4` `forwards_client_ip = "none"` "hash-not-consistent" "ip-hash-collapse" `only peer is the address of tier "f5"` `every client has the same key` `one node of tier "app"`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
