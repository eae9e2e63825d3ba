# unsupported-feature/Azure Application Gateway has no affinity on the client
# address: round robin, or its affinity cookie (fact K7)

topology "azure" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.appgw
}

tier "appgw" {
  kind         = "azure-appgw"
  balance      = "ip_hash" # want "unsupported-feature" `ApplicationGatewayAffinity`
  idle_timeout = "120s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
