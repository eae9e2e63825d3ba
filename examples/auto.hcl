# balance = "auto": topo chooses the method per hop. The ALB in front needs no
# affinity, because the nginx tier behind it hashes the client address taken
# from X-Forwarded-For; nginx gets consistent hashing on the client address,
# since native clients that poll keep no cookies.
#
# topo lint reports:
#   auto-balance at tier "alb" and tier "nginx" (notices): the choices.

topology "auto" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "native" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind             = "alb"
  balance          = "auto" # want "auto-balance"
  egress_addresses = ["10.0.0.0/24", "10.0.10.0/24"]
  to               = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "auto" # want "auto-balance"
  websocket    = true
  idle_timeout = "75s"
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
