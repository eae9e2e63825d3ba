# sibling-divergence/a LoadBalancer Service with sessionAffinity: ClientIP:
# the NLB spreads a client's connections over the nodes, and each node's
# kube-proxy pins it on its own (fact K3)

topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind = "nlb"
  to   = tier.svc
}

tier "svc" {
  kind    = "k8s-service"
  nodes   = ["10.0.1.11:30080", "10.0.1.12:30080", "10.0.1.13:30080"]
  balance = "source_ip" # want "sibling-divergence" `kube-proxy` `ingress-nginx affinity: cookie`
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
