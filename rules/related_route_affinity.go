package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// RelatedRouteAffinity reports a related HTTP path whose requests reach a
// node by a different choice than the client's socket: what the request
// triggers is emitted on a node that does not hold the socket (seed field
// report: a POST balanced by round robin while the socket used ip_hash).
var RelatedRouteAffinity = &Rule{
	ID:       "related-route-affinity",
	Severity: finding.Error,
	Summary:  "a related HTTP path reaches a node by a different choice than the socket",
	Check: func(a *analysis.Analysis) []finding.Finding {
		if a.Topology.SocketIO.Adapter.Value != "none" {
			// With an adapter, the handler can emit to the client's socket
			// from any node (io.to(socketId).emit), so the request need
			// not reach the socket's node.
			return nil
		}
		var out []finding.Finding
		seen := map[string]bool{}
		for _, rb := range a.RelatedBreaks {
			h := rb.Hop
			key := rb.Path + "|" + h.Where()
			if seen[key] {
				continue
			}
			seen[key] = true
			how := fmt.Sprintf("%s with %s", h.Where(), describe(h.Method))
			var rel []finding.Related
			socketWay := "its socket"
			if rb.Socket != nil && rb.Socket != h {
				socketWay = fmt.Sprintf("its socket goes through %s with %s", rb.Socket.Where(), describe(rb.Socket.Method))
				rng := rb.Socket.BalanceRange()
				rel = append(rel, finding.Related{Message: "the socket's way", Range: rng})
			} else if rb.WebSocketFirst {
				socketWay = "its socket is a websocket-first connection balanced without affinity, so no other request can follow it"
			} else {
				socketWay = "the request lacks what the socket's affinity keys on"
			}
			rng := h.BalanceRange()
			if h.Route != nil {
				rng = h.Route.DeclRange
			}
			msg := fmt.Sprintf("Requests to %s from client %q go through %s, but %s: they can reach a node that does not hold the client's socket, and what they emit to it is lost. Give that way the same affinity as the socket's (same next tier, same key), or emit through an adapter from any node (socketio adapter = \"redis\" and io.to(room).emit).",
				rb.Path, rb.Client.Name, how, socketWay)
			out = append(out, onHops(newFinding(h.Tier.Name, rng, fmt.Sprintf("Requests to %s do not follow the client's socket at %s", rb.Path, h.Where()), msg, rel...), h))
		}
		return out
	},
}
