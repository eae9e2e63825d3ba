package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// ProxyProtocolMismatch reports a PROXY protocol header sent to a tier that
// does not accept it, or expected from a tier that does not send it: either
// way every connection fails (fact H5: send-proxy "must not be used if the
// server isn't aware of the protocol").
var ProxyProtocolMismatch = &Rule{
	ID:       "proxy-protocol-mismatch",
	Severity: finding.Error,
	Summary:  "PROXY protocol sent but not accepted, or expected but not sent",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, pm := range a.ProxyMismatches {
			if pm.Sent {
				what := fmt.Sprintf("which does not accept it (real_ip_from = %q)", pm.To.RealIPFrom.Value)
				if pm.To.IsSocketIO() {
					what = "the socket.io processes, whose HTTP server does not speak the PROXY protocol"
				}
				msg := fmt.Sprintf("Tier %q sends the PROXY protocol to tier %q, %s: the receiver reads the PROXY line as a broken request and every connection fails. Accept it there (real_ip_from = \"proxy_protocol\": nginx listen … proxy_protocol, HAProxy bind … accept-proxy) or stop sending it.",
					pm.From.Name, pm.To.Name, what)
				out = append(out, intoHops(a, newFinding(pm.From.Name, pm.From.ForwardsClientIP.RangeOr(pm.From.DeclRange), fmt.Sprintf("Tier %q sends PROXY headers that tier %q does not accept", pm.From.Name, pm.To.Name), msg, related("the receiving tier", pm.To)), pm))
				continue
			}
			if pm.From == nil {
				msg := fmt.Sprintf("Tier %q expects the PROXY protocol (real_ip_from = \"proxy_protocol\"), but clients connect to it directly and send no PROXY header: every connection is refused. Read the peer address here (real_ip_from = \"peer\"), or put a tier that sends the PROXY protocol in front.", pm.To.Name)
				out = append(out, intoHops(a, newFinding(pm.To.Name, pm.To.RealIPFrom.RangeOr(pm.To.DeclRange), fmt.Sprintf("Tier %q expects PROXY headers, and clients send none", pm.To.Name), msg), pm))
				continue
			}
			msg := fmt.Sprintf("Tier %q expects the PROXY protocol (real_ip_from = \"proxy_protocol\"), but tier %q in front does not send it (forwards_client_ip = %q): every connection is refused as a malformed PROXY header. Send it from %q (forwards_client_ip = \"proxy_protocol\"), or read the address another way.",
				pm.To.Name, pm.From.Name, pm.From.ForwardsClientIP.Value, pm.From.Name)
			out = append(out, intoHops(a, newFinding(pm.To.Name, pm.To.RealIPFrom.RangeOr(pm.To.DeclRange), fmt.Sprintf("Tier %q expects PROXY headers that tier %q does not send", pm.To.Name, pm.From.Name), msg, related("the tier in front", pm.From)), pm))
		}
		return out
	},
}

// intoHops returns f about the hops by which connections of mismatch pm reach
// its receiving tier: the hops into pm.To on every flow that passes pm.From
// before it, or the entry of every client of pm.To when pm.From is nil.
func intoHops(a *analysis.Analysis, f finding.Finding, pm analysis.ProxyMismatch) finding.Finding {
	if pm.From == nil {
		for _, c := range a.Topology.Clients {
			if c.Entry.Value == pm.To {
				f.Hops = appendHop(f.Hops, finding.Hop{Client: c.Name})
			}
		}
		return f
	}
	for _, fl := range a.Flows {
		for k := 1; k < len(fl.Hops); k++ {
			if fl.Hops[k].Tier == pm.To && passesBefore(fl, pm.From, k) {
				f = onHops(f, fl.Hops[k-1])
			}
		}
	}
	return f
}

// passesBefore reports whether flow f passes tier t before position k.
func passesBefore(f *analysis.Flow, t *topology.Tier, k int) bool {
	for j := 0; j < k; j++ {
		if f.Hops[j].Tier == t {
			return true
		}
	}
	return false
}
