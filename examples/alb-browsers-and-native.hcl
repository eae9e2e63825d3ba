# Browsers and native apps behind one AWS Application Load Balancer in front
# of three socket.io nodes.
#
# Browsers keep cookies and start with HTTP long-polling, so every request of
# a session (the handshake, each poll with its sid, the websocket upgrade)
# must reach the node that created the sid: the ALB pins them with target
# group stickiness (the AWSALB cookie). The native apps keep no cookies; they
# connect with websocket only, a single connection that needs no stickiness.
#
# `topo render alb examples/alb-browsers-and-native.hcl --out alb/` writes
# alb.alb.json (aws-sdk-go-v2 / aws elbv2 inputs) and alb.alb.tf (Terraform):
# a sticky target group for polling sessions and upgrades (priority 10:
# sid=*), a target group without stickiness for websocket-first connections
# (priority 20: transport=websocket), and the sticky group as the default,
# where handshakes go.

topology "chat-alb" {
  description          = "browsers and websocket-only native apps behind an ALB"
  expected_connections = 30000
}

socketio {
  version = "4.8"
  adapter = "redis"
}

client "browser" {
  entry   = tier.alb
  library = "socket.io-client@4.8"
  share   = 0.7
}

client "native" {
  entry      = tier.alb
  cookies    = false
  transports = ["websocket"]
  library    = "socket.io-client-java@2.1"
  share      = 0.3
}

tier "alb" {
  kind    = "alb"
  tls     = "terminate"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
