# layer-mismatch/F5 FastL4 adding XFF and terminating TLS; HAProxy mode tcp hashing a header

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "x_forwarded_for" # want "layer-mismatch" `X-Forwarded-For`
  tls                = "terminate"       # want "layer-mismatch" `terminate TLS`
  to                 = tier.lb
}

tier "lb" {
  kind       = "haproxy"
  layer      = 4
  nodes      = ["10.0.1.11:443", "10.0.1.12:443"]
  balance    = "hash"
  hash_key   = "header:x-user-id" # want "layer-mismatch" `header:x-user-id`
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
