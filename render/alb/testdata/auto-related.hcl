# Browsers only, balance = "auto" at the ALB (it resolves to cookie
# affinity), a related HTTP path whose requests must reach the socket's node,
# and an idle timeout below the heartbeat (raised by the plan).

topology "auto-related" {}

socketio {
  adapter       = "redis"
  related_paths = ["/api/jobs/*"]
}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind         = "alb"
  balance      = "auto"
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
