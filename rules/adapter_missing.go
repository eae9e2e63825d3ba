package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// AdapterMissing reports several socket.io processes without an adapter:
// a broadcast reaches only the clients of the process that sends it (fact S2:
// the adapter forwards broadcasts; it does not replace affinity). The
// cluster adapter relays over the Node cluster's IPC channel, between the
// workers of one node only (fact SA): with several nodes it is an adapter
// for none of them.
var AdapterMissing = &Rule{
	ID:       "adapter-missing",
	Severity: finding.Warning,
	Summary:  "several socket.io nodes and no adapter: broadcasts miss clients on other nodes",
	Check: func(a *analysis.Analysis) []finding.Finding {
		s := a.Topology.SocketIO
		if s.Adapter.Value == "cluster" {
			nodes := 0
			for _, t := range a.Topology.Tiers {
				if t.IsSocketIO() {
					nodes += t.NodeCount()
				}
			}
			if nodes < 2 {
				return nil
			}
			msg := fmt.Sprintf("adapter = \"cluster\" (@socket.io/cluster-adapter) relays broadcasts over the Node cluster's IPC channel, between the workers of one node; the application runs on %d nodes, so io.emit() and room broadcasts reach only the clients of the node that sends them. Use an adapter that reaches every node: adapter = \"redis\" (@socket.io/redis-adapter), \"postgres\" or \"mongo\".", nodes)
			f := newFinding("", s.Adapter.RangeOr(s.DeclRange), fmt.Sprintf("The cluster adapter does not reach the other %d nodes", nodes-1), msg)
			f.App = true
			return []finding.Finding{f}
		}
		if a.Processes < 2 || s.Adapter.Value != "none" {
			return nil
		}
		msg := fmt.Sprintf("The application runs %d socket.io processes and no adapter: io.emit() and room broadcasts reach only the clients connected to the process that sends them. Set adapter = \"redis\" (@socket.io/redis-adapter) or another adapter. An adapter forwards broadcasts; it does not make affinity unnecessary.", a.Processes)
		f := newFinding("", s.Adapter.RangeOr(s.DeclRange), fmt.Sprintf("%d socket.io processes and no adapter", a.Processes), msg)
		f.App = true
		return []finding.Finding{f}
	},
}
