# affinity-spills-under-load/no finding: HAProxy server maxconn queues a
# request on the server the hash chose, so the session stays (fact H14)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind                    = "haproxy"
  nodes                   = ["10.0.1.11:80", "10.0.1.12:80"]
  balance                 = "source_ip"
  consistent              = true
  backend_max_connections = 2000
  to                      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
