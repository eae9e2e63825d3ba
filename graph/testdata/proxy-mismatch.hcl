# HAProxy sends the PROXY protocol to nginx, which does not accept it: every
# connection fails (proxy-protocol-mismatch on the edge between them). The
# description holds characters that DOT, HTML and Mermaid treat specially,
# to check that labels escape user text.

topology "escapes" {
  description = "Edge \"north\" <b>#1</b> | a;b & c\\d {x} [y] `z` %%{init} \\N \\l --> end"
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.haproxy
}

tier "haproxy" {
  kind               = "haproxy"
  nodes              = ["10.0.0.10:443"]
  balance            = "source_ip"
  forwards_client_ip = "proxy_protocol"
  websocket          = true
  to                 = tier.nginx
}

tier "nginx" {
  kind       = "nginx"
  version    = "1.24.0"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
