# sibling-divergence/two HAProxy nodes share what they learn through peers,
# but a round robin in front alternates a session's requests between them:
# peers replicate asynchronously, and a poll right after its handshake can
# beat the update (fact H16, measured live)

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "android" {
  entry   = tier.edge
  cookies = false
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.0.5:80"] # want "single-point-of-failure"
  websocket = true
  to        = tier.lb
}

tier "lb" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "learn" # want "sibling-divergence" `replicate asynchronously` `hash on the client address`
  shared_table = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
