# Two client populations enter at different tiers: browsers through an NLB
# that preserves the source address, native apps straight at nginx. nginx
# chooses its method (balance = "auto"); the socket.io nodes run sticky
# workers. A spare nginx tier is declared but nothing reaches it, so its way
# is drawn dotted.

topology "mixed" {
  expected_connections = 20000
}

socketio {
  version = "4.7.5"
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
  share = 0.7
}

client "native" {
  entry     = tier.nginx
  cookies   = false
  library   = "socket.io-client-java@2.1"
  addresses = "nat"
  share     = 0.3
}

tier "nlb" {
  kind = "nlb"
  to   = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.26.2"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80", "10.0.1.13:80"]
  balance      = "auto"
  websocket    = true
  idle_timeout = "90s"
  to           = tier.app
}

tier "spare" {
  kind      = "nginx"
  nodes     = ["10.0.1.99:80"]
  websocket = true
  to        = tier.app
}

tier "app" {
  kind           = "socketio"
  nodes          = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000", "10.0.2.24:3000", "10.0.2.25:3000", "10.0.2.26:3000", "10.0.2.27:3000", "10.0.2.28:3000"]
  workers        = 4
  sticky_workers = true
}
