# unsupported-feature/an ALB behind which the heartbeat needs more than the
# 4000 s idle timeout an ALB takes: lint says so at the heartbeat, instead of
# render refusing later.

topology "t" {}

socketio {
  adapter       = "redis"
  ping_interval = "1h" # want "unsupported-feature" `at most 1h6m40s` `Lower ping_interval`
  ping_timeout  = "1h"
}

client "browser" {
  entry = tier.alb
}

tier "alb" { # want "idle-timeout-below-heartbeat"
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}
