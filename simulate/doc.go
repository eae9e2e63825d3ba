// Package simulate computes where a client lands at a hop with the
// selection algorithm of the product itself, as its source does it, so
// that topo can say how a chain spreads its sessions and what moves when a
// node fails, and check the answer against the real products.
//
// Each Picker is built from the servers of one upstream or backend, in the
// order topo renders them (weights are 1, as topo renders them), and picks
// the index of the server a key goes to, given which servers are up. The
// algorithms and their source lines are in docs/facts.md (N-hash, N1) and
// ../shared/reference: nginx ip_hash
// (ngx_http_upstream_ip_hash_module.c), nginx hash and hash consistent
// (ngx_http_upstream_hash_module.c).
package simulate
