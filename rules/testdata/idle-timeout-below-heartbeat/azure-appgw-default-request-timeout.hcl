# idle-timeout-below-heartbeat/Azure Application Gateway with its default
# request timeout (20 s in the portal, 30 s from the CLI: below 45 s either
# way, fact K7).

topology "azure" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.appgw
}

tier "appgw" { # want "idle-timeout-below-heartbeat" `azure-appgw default` `requestTimeout`
  kind    = "azure-appgw"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
