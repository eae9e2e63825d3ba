package rules

import (
	"fmt"
	"strings"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
)

// PathMismatch reports clients whose engine.io requests reach the
// socket.io nodes under another path than the server's: engine.io answers
// only requests whose path starts with its own and leaves the others to the
// HTTP server (fact S10), so the client never connects. Prefixes stripped on
// the way (route strip_prefix) are followed.
var PathMismatch = &Rule{
	ID:       "path-mismatch",
	Severity: finding.Error,
	Summary:  "a client's engine.io requests reach the socket.io nodes under another path than the server's (a sub-path not stripped, or stripped twice)",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		sp := a.Topology.SocketIO.Path
		for _, c := range a.Topology.Clients {
			var f *analysis.Flow
			for _, g := range a.FlowsOf(c) {
				if g.Request != analysis.Related && !strings.HasPrefix(g.AppPath, sp.Value) {
					f = g
					break
				}
			}
			if f == nil {
				continue
			}
			way := "unchanged"
			var rel []finding.Related
			for _, r := range f.StrippedBy {
				strips := fmt.Sprintf("route %q of tier %q strips %q", r.Name, r.Tier.Name, r.StripPrefix.Value)
				rel = append(rel, finding.Related{Message: strips, Range: r.StripPrefix.Range})
				way = "after " + strips // the last one names where the path ends up
			}
			fix := fmt.Sprintf("Strip the prefix on the way (strip_prefix on the route that carries %s: nginx rewrite, HAProxy replace-path, ingress-nginx rewrite-target), or serve Socket.IO under the client's path (socketio path = %q, new Server({ path }))", quote(c.Path.Value), c.Path.Value)
			if len(f.StrippedBy) > 0 && !strings.HasPrefix(c.Path.Value, sp.Value) && len(f.AppPath) < len(sp.Value) {
				fix = "Strip only the prefix in front of the server's path (strip_prefix), or give the client the path the server expects behind the rewrite"
			}
			msg := fmt.Sprintf("Client %q requests the engine.io path %q, which reaches the socket.io nodes %s as %q; the server's path is %q. engine.io answers only requests under its own path and leaves the others to the HTTP server (usually HTTP 404), so the client never connects (socket.io-client: connect_error). %s.",
				c.Name, c.Path.Value, way, f.AppPath, sp.Value, fix)
			rel = append(rel, finding.Related{Message: "the server's path", Range: sp.RangeOr(a.Topology.SocketIO.DeclRange)})
			fd := newFinding("", c.Path.RangeOr(c.DeclRange), fmt.Sprintf("Client %q reaches the socket.io nodes under %q, not the server's path", c.Name, f.AppPath), msg, rel...)
			fd.Client = c.Name
			out = append(out, fd)
		}
		return out
	},
}
