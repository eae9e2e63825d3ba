# unsupported-feature/an NLB TCP listener's idle timeout goes from 60 to 6000 seconds
# Must not report: idle-timeout-below-heartbeat.

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind         = "nlb"
  idle_timeout = "2h" # want "unsupported-feature" `from 1m0s to 1h40m0s`
  balance      = "source_ip"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
