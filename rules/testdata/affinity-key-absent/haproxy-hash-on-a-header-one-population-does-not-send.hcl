# affinity-key-absent/HAProxy hash on a header that one population never
# sends: its requests are balanced by round robin

topology "chat" {}

socketio {
  adapter = "redis"
}

client "app" {
  entry   = tier.edge
  runtime = "native"
  headers = ["X-Device-Id"]
}

client "partner" {
  entry   = tier.edge
  runtime = "node"
  headers = ["Authorization"]
}

tier "edge" {
  kind       = "haproxy"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "header:X-Device-Id" # want "affinity-key-absent" `client "partner" never sends` !`client "app"`
  consistent = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
