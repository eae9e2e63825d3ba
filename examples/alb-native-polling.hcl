# Native apps without a cookie jar that start with HTTP long-polling, behind
# an AWS Application Load Balancer in front of three socket.io nodes.
#
# No ALB configuration keeps these sessions: an ALB keeps affinity only with
# cookies (AWSALB or an application cookie), and these clients send none back,
# so each poll is balanced anew and lands on a node that never saw its sid
# (HTTP 400 "Session ID unknown"). `topo lint` reports
# cookie-affinity-cookieless-client, and `topo render alb` refuses to render
# it. Fixes: make the apps websocket-only (transports = ["websocket"]), give
# them a cookie jar, or put a tier that keeps affinity without cookies (an NLB
# with source_ip stickiness, or nginx/HAProxy learning the sid) in front of
# the nodes.

topology "native-polling" {
  description = "cookie-less native clients that poll through an ALB"
}

socketio {
  version = "4.8"
  adapter = "redis"
}

client "android" {
  entry   = tier.alb
  cookies = false
  library = "socket.io-client-java@2.1"
}

tier "alb" {
  kind    = "alb"
  tls     = "terminate"
  balance = "cookie" # want "cookie-affinity-cookieless-client"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
