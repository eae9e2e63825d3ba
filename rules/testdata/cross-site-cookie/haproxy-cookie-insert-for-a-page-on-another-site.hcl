# cross-site-cookie/HAProxy cookie insertion and a page served from another site

topology "widget" {}

socketio {
  adapter = "redis"
}

# The chat widget is embedded in customers' pages (other sites) and
# connects to chat.example.net.
client "widget" {
  entry      = tier.lb
  cross_site = true
}

tier "lb" {
  kind      = "haproxy"
  version   = "2.6.12"
  nodes     = ["10.0.1.11:443", "10.0.1.12:443"]
  tls       = "terminate"
  balance   = "cookie" # want "cross-site-cookie" `client "widget"` `third-party` `Safari` `SameSite=None` `Session ID unknown` `own site`
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
