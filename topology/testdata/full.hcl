# Every attribute of the language written once, for the range tests.
topology "full" {
  description          = "every attribute written once"
  expected_connections = 40000
}

socketio {
  version       = "4.7.5"
  path          = "/ws/"
  transports    = ["polling", "websocket"]
  ping_interval = "25s"
  ping_timeout  = "20s"
  cookie        = true
  adapter       = "redis"
  engine        = "default"
  related_paths = ["/api/jobs"]
}

client "browser" {
  entry          = tier.lb
  transports     = ["polling", "websocket"]
  cookies        = true
  cross_site     = false
  library        = "socket.io-client@4.8"
  share          = 0.75
  addresses      = "public"
  reconnect      = "entry"
  headers        = ["X-Tenant"]
  runtime        = "browser"
  address_family = "dual"
  path           = "/socket.io/"
}

tier "lb" {
  kind               = "f5"
  layer              = 4
  version            = "17.1"
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  balance            = "source_ip"
  consistent         = true
  forwards_client_ip = "preserve"
  tls                = "passthrough"
  idle_timeout       = "300s"
  max_connections    = 100000
  server_order       = "same"
  to                 = tier.edge
}

tier "edge" {
  kind               = "nginx"
  version            = "1.24.0"
  nodes              = ["10.0.1.11:443", "10.0.1.12:443"]
  balance            = "hash"
  hash_key           = "client_ip"
  consistent         = true
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  egress_addresses   = ["10.0.1.0/24"]
  real_ip_from       = "peer"
  idle_timeout       = "90s"
  tls                = "terminate"
  tls_certificate    = "certs/edge.pem"
  tls_key            = "certs/edge.pem.key"
  redirect_http_port = 80
  max_connections    = 8192
  to                 = tier.app

  route "ws" {
    path        = "/ws/*"
    query       = { transport = "websocket" }
    header      = { upgrade = "websocket" }
    balance     = "cookie"
    cookie_name = "SERVERID"
    to          = tier.app
  }

  route "api" {
    path       = "/api/*"
    balance    = "hash"
    hash_key   = "cookie:io"
    consistent = true
    to         = tier.app
  }
}

tier "app" {
  kind            = "socketio"
  layer           = 7
  version         = "4.7.5"
  nodes           = ["10.0.2.21:3000", "10.0.2.22:3000"]
  idle_timeout    = "120s"
  tls             = "none"
  max_connections = 20000
  workers         = 4
  sticky_workers  = true
}

# Not used by any client (a warning): here for the tier-level cookie_name.
tier "sticky" {
  kind        = "haproxy"
  nodes       = ["10.0.3.1:80"]
  balance     = "cookie"
  cookie_name = "SERVERID"
  to          = tier.app

  backend_max_connections = 500
}

tier "bounded" {
  kind                   = "haproxy"
  nodes                  = ["10.0.4.1:80"]
  balance                = "source_ip"
  consistent             = true
  hash_balance_factor    = 150
  backend_protocol       = "http1"
  hash_preserve_affinity = "always"
  to                     = tier.app
}

tier "learner" {
  kind              = "haproxy"
  nodes             = ["10.0.5.1:80", "10.0.5.2:80"]
  balance           = "learn"
  shared_table      = true
  shared_table_port = 10001
  drain_timeout     = "5m"
  to                = tier.app
}

tier "ingress" {
  kind          = "ingress-nginx"
  nodes         = ["10.0.6.1:443"]
  affinity_mode = "persistent"
  to            = tier.app

  route "chat" {
    path         = "/chat/*"
    strip_prefix = "/chat"
    to           = tier.app
    balance      = "cookie"
    cookie_path  = "/"
  }
}
