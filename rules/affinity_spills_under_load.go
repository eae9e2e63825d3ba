package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// AffinitySpillsUnderLoad reports hash affinity that a load limit overrides:
// nginx hashing skips a server at its max_conns and takes another (fact
// N13), and HAProxy's bounded-load consistent hashing (hash-balance-factor)
// passes a key to the next server on the ring when its own carries more
// than the factor times the average (fact H13). Either moves a session's
// next request exactly when its node is busiest. HAProxy's server maxconn
// queues on the chosen server instead, and keeps the session (fact H14).
var AffinitySpillsUnderLoad = &Rule{
	ID:       "affinity-spills-under-load",
	Severity: finding.Warning,
	Summary:  "a load limit (nginx max_conns with hashing, HAProxy hash-balance-factor) sends a session's requests to another node when its node is busy",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			m := h.Method
			t := h.Tier
			if h.Next == nil || !(m.Hashed() || m.Balance == topology.Cookie) || !h.LoadBearing || !analysis.Effective(t, m) {
				continue
			}
			var rng = t.DeclRange
			var what, fix string
			switch {
			case t.Kind.Value == topology.KindIngressNginx && m.Balance == topology.Cookie && t.AffinityMode.Value == topology.AffinityBalanced:
				rng = t.AffinityMode.RangeOr(h.BalanceRange())
				what = fmt.Sprintf("ingress-nginx's affinity-mode is balanced (its default): when the pods of %s are scaled, it redistributes some sessions whose cookie names a pod, to even the load", tierRef(h.Next))
				fix = "set affinity_mode = \"persistent\" (the annotation nginx.ingress.kubernetes.io/affinity-mode: persistent)"
			case m.Balance == topology.Cookie:
				continue
			case t.Kind.Value == topology.KindNginx && t.BackendMaxConnections.Value > 0:
				rng = t.BackendMaxConnections.Range
				what = fmt.Sprintf("caps each node of %s at %d connections (backend_max_connections, nginx max_conns=%d): when a session's node is full, nginx's %s skips it and picks another node", tierRef(h.Next), t.BackendMaxConnections.Value, t.BackendMaxConnections.Value, hashName(m))
				fix = "remove backend_max_connections from the hashed hop and bound the load elsewhere (size the nodes, limit connections per client with limit_conn at the entry), or set it above the sessions one node must hold"
			case t.Kind.Value == topology.KindHAProxy && m.Hashed() && t.HashPreserveAffinity.Value != topology.PreserveAlways && t.BackendMaxConnections.Value > 0 && (!t.Version.Set || t.Version.Value.AtLeast(3, 2, 0)):
				// Without a server maxconn no server is ever full, and
				// hash-preserve-affinity never moves a key.
				rng = t.HashPreserveAffinity.Range
				limit := "reached its maxconn (backend_max_connections)"
				if t.HashPreserveAffinity.Value == topology.PreserveMaxQueue {
					limit = "has a full queue (its maxqueue)"
				}
				what = fmt.Sprintf("hash_preserve_affinity = %q (HAProxy hash-preserve-affinity %s) sends a key to another server when its own %s", t.HashPreserveAffinity.Value, t.HashPreserveAffinity.Value, limit)
				fix = "remove hash_preserve_affinity (its default, always, keeps each key on its server and queues there when it is full); cap the nodes with backend_max_connections above twice the polling sessions a node holds"
			case t.Kind.Value == topology.KindHAProxy && t.HashBalanceFactor.Value > 0 && m.Consistent:
				rng = t.HashBalanceFactor.Range
				what = fmt.Sprintf("bounds each node's load with hash_balance_factor = %d (HAProxy hash-balance-factor): a node with more than %d%% of the average load is passed over, and the key goes to the next node on the ring", t.HashBalanceFactor.Value, t.HashBalanceFactor.Value)
				fix = "remove hash_balance_factor; to protect a node, cap it with backend_max_connections (HAProxy server maxconn), which queues requests on the node the hash chose and keeps the session; set it above twice the polling sessions a node holds, since each holds a long poll open and sends beside it"
			default:
				continue
			}
			msg := fmt.Sprintf("%s keeps sessions with %s, but %s. A polling session's next request then reaches a process that never saw its sid (HTTP 400 \"Session ID unknown\"), exactly when the load peaks, and its reconnect adds load. Fix: %s.",
				capital(h.Where()), describe(m), what, fix)
			out = append(out, onHops(newFinding(t.Name, rng, capital(h.Where())+" moves sessions off a busy node", msg), h))
		}
		return out
	},
}

// hashName names the product's hashing for a message.
func hashName(m analysis.Method) string {
	if m.Balance == topology.IPHash {
		return "ip_hash"
	}
	if m.Consistent {
		return "consistent hash"
	}
	return "hash"
}
