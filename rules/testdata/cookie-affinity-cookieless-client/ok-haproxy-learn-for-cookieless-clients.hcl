# cookie-affinity-cookieless-client/no finding: HAProxy learns the sid from
# the io cookie of the handshake response and finds it in the sid query
# parameter of every later request, so clients without cookies keep their
# session; an NLB in front keeps each client on one HAProxy node, whose
# table the other shares (peers) in case it fails

topology "chat" {}

socketio {
  adapter = "redis"
  cookie  = true
}

client "android" {
  entry   = tier.nlb
  cookies = false
}

tier "nlb" {
  kind    = "nlb"
  balance = "source_ip"
  to      = tier.lb
}

tier "lb" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "learn"
  shared_table = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
