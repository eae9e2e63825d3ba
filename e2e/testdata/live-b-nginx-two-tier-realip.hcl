# Live case b: two nginx tiers. The front node balances by least connections
# and adds X-Forwarded-For; the two back nodes trust the front's egress
# address, take the client address from X-Forwarded-For (realip) and hash it
# on a consistent ring over three socket.io nodes. Requests of one session
# reach either back node (least_conn in front keeps no affinity), and both
# pick the same socket.io node for it.
#
# On loopback the front nginx connects to the back tier from 127.0.0.1 (the
# kernel's source address for 127.0.0.0/8, nginx has no proxy_bind here), not
# from its listen address: egress_addresses says so, and the back tier's
# set_real_ip_from follows it.
#
# Loopback only (127.201.2.0/24 and the egress 127.0.0.1).

topology "live-b-nginx-two-tier-realip" {
  description = "e2e: clients -> nginx front (least_conn, XFF) -> 2 nginx (realip, hash client_ip consistent) -> 3 socket.io nodes"
}

socketio { # want "adapter-missing"
  version       = "4.8"
  ping_interval = "5s"
  ping_timeout  = "5s"
}

client "spread" {
  entry     = tier.front
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "public"
  share     = 0.5
}

client "one-subnet" {
  entry     = tier.front
  library   = "socket.io-client@4.8"
  cookies   = false
  addresses = "single_subnet"
  share     = 0.5
}

tier "front" {
  kind               = "nginx"
  version            = "1.22.1"
  nodes              = ["127.201.2.10:24002"] # want "single-point-of-failure"
  egress_addresses   = ["127.0.0.1"]
  balance            = "least_conn"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.back
}

tier "back" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["127.201.2.11:24002", "127.201.2.12:24002"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["127.201.2.21:24002", "127.201.2.22:24002", "127.201.2.23:24002"]
}
