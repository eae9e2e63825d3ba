# affinity-spills-under-load/HAProxy 3.2 hashes the client address with
# hash-preserve-affinity maxconn: a key whose server reached its maxconn goes
# to another server, which never saw the session (HAProxy configuration
# manual, hash-preserve-affinity, from 3.2).

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind                    = "haproxy"
  version                 = "3.2.0"
  nodes                   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                 = "source_ip"
  consistent              = true
  backend_max_connections = 1000
  hash_preserve_affinity  = "maxconn" # want "affinity-spills-under-load" `hash-preserve-affinity maxconn` `reached its maxconn`
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
