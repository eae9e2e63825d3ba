package simulate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"

	"github.com/topolint/topo/analysis"
)

// chain is an nginx tier of n nodes (hash client_ip consistent) in front
// of an HAProxy tier of n nodes (balance source, consistent, the client
// address from X-Forwarded-For) in front of n socket.io nodes: a 3-tier
// chain of 3n nodes.
func chain(b *testing.B, n int) *plan.Plan {
	nodes := func(prefix string, port int) string {
		var s []string
		for i := 0; i < n; i++ {
			s = append(s, fmt.Sprintf("%q", fmt.Sprintf("%s.%d.%d:%d", prefix, i/250, i%250+1, port)))
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	src := fmt.Sprintf(`topology "bench" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind               = "nginx"
  nodes              = %s
  balance            = "hash"
  hash_key           = "client_ip"
  consistent         = true
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  to                 = tier.lb
}
tier "lb" {
  kind         = "haproxy"
  nodes        = %s
  real_ip_from = "x_forwarded_for"
  balance      = "source_ip"
  consistent   = true
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = %s
}
`, nodes("10.1", 80), nodes("10.2", 80), nodes("10.3", 3000))
	t, diags := topology.Decode(topology.Source{Name: "bench.hcl", Bytes: []byte(src)})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return plan.Build(analysis.Analyze(t), plan.Options{})
}

// BenchmarkSimulate follows sessions through the 3-tier chain of 3,000
// nodes; one op is one whole run.
func BenchmarkSimulate(b *testing.B) {
	p := chain(b, 1000)
	for _, sessions := range []int{250_000, 500_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dsessions-3x1000nodes", sessions), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := simulate.Run(p, simulate.Options{Clients: sessions, Seed: 1})
				if err != nil || r.Clients != sessions {
					b.Fatal(err)
				}
			}
		})
	}
}
