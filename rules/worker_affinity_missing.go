package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// WorkerAffinityMissing reports socket.io nodes that run several worker
// processes behind one port (Node cluster, pm2) without balancing them by
// sid: the node's own round robin is a hop without affinity (facts S1, SW,
// SC: @socket.io/sticky routes by the sid query parameter, the cluster
// engine shares sessions).
var WorkerAffinityMissing = &Rule{
	ID:       "worker-affinity-missing",
	Severity: finding.Error,
	Summary:  "socketio nodes with several workers, polling possible, no sticky workers or cluster engine",
	Check: func(a *analysis.Analysis) []finding.Finding {
		if a.WorkersShareSessions() {
			return nil
		}
		var out []finding.Finding
		for _, t := range a.Topology.Tiers {
			if !t.IsSocketIO() || t.Workers.Value < 2 || t.StickyWorkers.Value {
				continue
			}
			var clients []*topology.Client
			for _, s := range a.Sessions {
				if s.Flows[0].End() == t {
					clients = append(clients, s.Client)
				}
			}
			if len(clients) == 0 {
				continue
			}
			msg := fmt.Sprintf("Each node of tier %q runs %d socket.io worker processes behind one port, and the node balances them without affinity: polls of %s can reach a worker that never saw their sid and get HTTP 400 \"Session ID unknown\". Set sticky_workers = true and balance the workers with @socket.io/sticky (setupMaster/setupWorker), or set engine = \"cluster-engine\" on the socketio block, or run one process per port and list each as a node.",
				t.Name, t.Workers.Value, clientList(clients))
			out = append(out, newFinding(t.Name, t.Workers.Range, fmt.Sprintf("The %d workers of each node of tier %q are balanced without affinity", t.Workers.Value, t.Name), msg))
		}
		return out
	},
}
