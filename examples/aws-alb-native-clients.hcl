# Field report 1 (Socket.io behind an AWS ALB): browsers and a Node.js client
# without a cookie jar connect through an ALB whose target group keeps
# sessions with the AWSALB cookie. The Node client polls first (the default
# transports), never replays AWSALB, and every poll lands on a random node:
# "Session ID unknown".
#
# topo lint reports:
#   cookie-affinity-cookieless-client at tier "alb": the node-worker clients
#     keep no cookies, so lb_cookie stickiness cannot hold their polls;
#   single-point-of-failure is not reported: the ALB runs several nodes.
# See aws-alb-websocket-only.hcl for the fix the report arrived at.

topology "im" {}

socketio {
  adapter       = "redis"
  ping_interval = "25s"
  ping_timeout  = "20s"
}

client "browser" {
  entry = tier.alb
}

client "node-worker" {
  entry   = tier.alb
  cookies = false
  library = "socket.io-client@2.2"
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie" # want "cookie-affinity-cookieless-client"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
