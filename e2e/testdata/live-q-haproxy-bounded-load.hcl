# Live case q: HAProxy hashes the client address consistently with bounded
# loads (hash_balance_factor = 125). Every client comes from one address,
# so one node takes every session until it carries more than 125% of the
# average; then HAProxy passes polls to the next node on the ring, which
# never saw their sid.
#
# Loopback only (127.217.1.0/24).

topology "live-q-haproxy-bounded-load" {
  description = "e2e: clients from one address -> HAProxy (source, consistent, hash-balance-factor 125) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "service" {
  entry      = tier.haproxy
  library    = "socket.io-client@4.8"
  cookies    = false
  transports = ["polling"]
}

tier "haproxy" {
  kind                = "haproxy"
  version             = "2.6.12"
  nodes               = ["127.217.1.10:24010"] # want "single-point-of-failure"
  balance             = "source_ip"
  consistent          = true
  hash_balance_factor = 125 # want "affinity-spills-under-load"
  idle_timeout        = "30s"
  to                  = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.217.1.21:24010", "127.217.1.22:24010", "127.217.1.23:24010"]
}
