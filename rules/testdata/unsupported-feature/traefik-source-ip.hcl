# unsupported-feature/Traefik balances by weighted round robin, with affinity
# by a sticky cookie only (fact K6)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.traefik
}

tier "traefik" {
  kind    = "traefik"
  nodes   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance = "source_ip" # want "unsupported-feature" `sticky cookie`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
