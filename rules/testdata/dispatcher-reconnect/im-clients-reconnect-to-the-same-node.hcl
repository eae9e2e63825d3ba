# dispatcher-reconnect/IM clients reconnect to the same node

topology "im" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "same_node" # want "dispatcher-reconnect" `Client "app"` `dispatcher "dispatcher"` `reconnect = "entry"`
}

tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080", "10.0.0.6:8080"]
  balance = "least_conn"
  to      = tier.im
}

tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
