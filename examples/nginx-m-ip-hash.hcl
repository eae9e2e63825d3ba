# Field report 3 (Socket.IO best practice, proxies): one nginx-M in front of
# two nginx nodes (nginx-A, nginx-B) that use ip_hash over two socket.io nodes.
# nginx-M hands on no client address, so nginx-A and nginx-B only ever see
# nginx-M's address: every client goes to one socket.io node, and the other
# idles. ip_hash at nginx-M itself changes nothing: with round robin there,
# both nginx-A and nginx-B would still pick the same node for everyone.
#
# topo lint reports:
#   ip-hash-collapse at tier "nginx-ab": its only peer is nginx-M;
#   client-ip-lost at "nginx-ab": nginx-M forwards no client address;
#   hash-not-consistent at "nginx-ab" (ip_hash remaps on node changes);
#   redundant-affinity at "nginx-m" (notice): its ip_hash changes nothing;
#   single-point-of-failure at "nginx-m" (notice).
# See nginx-m-xff-hash.hcl for the fix.

topology "proxies" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nginx-m
}

tier "nginx-m" {
  kind      = "nginx"
  nodes     = ["10.0.0.10:80"] # want "single-point-of-failure"
  balance   = "ip_hash"        # want "redundant-affinity"
  websocket = true
  to        = tier.nginx-ab
}

tier "nginx-ab" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash" # want "client-ip-lost" "hash-not-consistent" "ip-hash-collapse"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
