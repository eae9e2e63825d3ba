# cross-site-cookie/ALB stickiness for a page on another site

topology "embed" {}

socketio {
  adapter = "redis"
}

client "embed" {
  entry      = tier.alb
  cross_site = true
}

client "own" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "cookie" # want "cross-site-cookie" `AWSALBCORS` `client "embed" is` !`"own"`
  tls          = "terminate"
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
