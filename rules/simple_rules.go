package rules

import (
	"fmt"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// AdapterMissing reports several socket.io processes without an adapter:
// a broadcast reaches only the clients of the process that sends it (fact S2:
// the adapter forwards broadcasts; it does not replace affinity).
var AdapterMissing = &Rule{
	ID:       "adapter-missing",
	Severity: finding.Warning,
	Summary:  "several socket.io nodes and no adapter: broadcasts miss clients on other nodes",
	Check: func(a *Analysis) []finding.Finding {
		s := a.Topology.SocketIO
		if a.Processes < 2 || s.Adapter.Value != "none" {
			return nil
		}
		msg := fmt.Sprintf("The application runs %d socket.io processes and no adapter: io.emit() and room broadcasts reach only the clients connected to the process that sends them. Set adapter = \"redis\" (@socket.io/redis-adapter) or another adapter. An adapter forwards broadcasts; it does not make affinity unnecessary.", a.Processes)
		return []finding.Finding{newFinding("", s.Adapter.RangeOr(s.DeclRange), msg)}
	},
}

// DispatcherReconnect reports clients of a dispatcher design that reconnect to
// the node they had instead of asking the dispatcher again: when that node
// dies they retry it until they give up (seed field report: IM dispatcher).
var DispatcherReconnect = &Rule{
	ID:       "dispatcher-reconnect",
	Severity: finding.Warning,
	Summary:  "clients of a dispatcher design reconnect to the same node, not the dispatcher",
	Check: func(a *Analysis) []finding.Finding {
		var out []finding.Finding
		for _, c := range a.Topology.Clients {
			if c.Reconnect.Value != topology.ReconnectSameNode {
				continue
			}
			var d *topology.Tier
			for _, f := range a.Flows {
				if f.Client == c {
					for _, h := range f.Hops {
						if h.Tier.Kind.Value == topology.KindDispatcher && d == nil {
							d = h.Tier
						}
					}
				}
			}
			if d == nil {
				continue
			}
			msg := fmt.Sprintf("Client %q reconnects to the node the dispatcher %q handed it: when that node dies or is drained, the client retries it until it gives up, and its users are offline until they restart the app. Reconnect through the dispatcher (reconnect = \"entry\"): ask it for a node again on every reconnect.", c.Name, d.Name)
			out = append(out, newFinding("", c.Reconnect.Range, msg, related("the dispatcher", d)))
		}
		return out
	},
}

// TransportMismatch reports clients that use a transport the server does not
// allow (socket.io troubleshooting: code 3 "Bad request", TRANSPORT_MISMATCH).
var TransportMismatch = &Rule{
	ID:       "transport-mismatch",
	Severity: finding.Error,
	Summary:  "a client uses a transport the server does not allow",
	Check: func(a *Analysis) []finding.Finding {
		var out []finding.Finding
		s := a.Topology.SocketIO
		for _, c := range a.Topology.Clients {
			var bad []string
			usable := false
			for _, tr := range c.Transports.Value {
				if s.Allows(tr) {
					usable = true
				} else {
					bad = append(bad, quote(tr))
				}
			}
			if len(bad) == 0 {
				continue
			}
			effect := "those requests are refused (HTTP 400, code 0 \"Transport unknown\")"
			if !usable {
				effect = "it cannot connect at all"
			}
			msg := fmt.Sprintf("Client %q uses %s, which the server does not allow (socketio transports = %v): %s. Allow the transport on the server or remove it from the client.", c.Name, joinList(bad), s.Transports.Value, effect)
			out = append(out, newFinding("", c.Transports.RangeOr(c.DeclRange), msg, finding.Related{Message: "the server's transports", Range: s.Transports.RangeOr(s.DeclRange)}))
		}
		return out
	},
}

func joinList(l []string) string {
	out := ""
	for i, s := range l {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// SinglePointOfFailure notes a tier that every path crosses and that has one
// node.
var SinglePointOfFailure = &Rule{
	ID:       "single-point-of-failure",
	Severity: finding.Notice,
	Summary:  "a tier on every path has one node",
	Check: func(a *Analysis) []finding.Finding {
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if t.Managed() || t.NodeCount() != 1 || len(a.Flows) == 0 {
				continue
			}
			all := true
			for _, f := range a.Flows {
				if !passes(f, t) {
					all = false
					break
				}
			}
			if !all {
				continue
			}
			msg := fmt.Sprintf("Every client passes tier %q, and it has one node: when it fails or restarts, every Socket.IO connection drops. Add a second node (with the same configuration) if the service must survive that.", t.Name)
			if t.Kind.Value == topology.KindDispatcher {
				msg = fmt.Sprintf("Every client asks tier %q (the dispatcher) for a node, and it has one node: while it is down, no client can connect or reconnect (connections already open stay up). Add a second dispatcher node.", t.Name)
			}
			out = append(out, newFinding(t.Name, t.Nodes.RangeOr(t.DeclRange), msg))
		}
		return out
	},
}

// AdapterMissing, DispatcherReconnect, TransportMismatch and
// SinglePointOfFailure need no per-hop analysis.
var _ = topology.KindNginx
