package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// TransportMismatch reports clients that use a transport the server does not
// allow (socket.io troubleshooting: code 3 "Bad request", TRANSPORT_MISMATCH).
var TransportMismatch = &Rule{
	ID:       "transport-mismatch",
	Severity: finding.Error,
	Summary:  "a client uses a transport the server does not allow",
	Check: func(a *analysis.Analysis) []finding.Finding {
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
			f := newFinding("", c.Transports.RangeOr(c.DeclRange), fmt.Sprintf("Client %q uses %s, which the server does not allow", c.Name, joinList(bad)), msg, finding.Related{Message: "the server's transports", Range: s.Transports.RangeOr(s.DeclRange)})
			f.Client = c.Name
			out = append(out, f)
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
