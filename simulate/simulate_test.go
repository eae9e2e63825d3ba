package simulate_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"
)

// TestNginxIPHashFact checks the worked example of fact N1 (computed from
// the ip_hash formula): 10.0.1.5 and 10.0.1.200 hash to 2566, the 2nd of
// three servers; 10.0.2.5 to 2567 (the 3rd), 10.0.3.5 to 2568 (the 1st).
func TestNginxIPHashFact(t *testing.T) {
	p := simulate.NginxIPHash{N: 3}
	for addr, want := range map[string]int{"10.0.1.5": 1, "10.0.1.200": 1, "10.0.2.5": 2, "10.0.3.5": 0} {
		if got := p.Pick(addr, nil); got != want {
			t.Errorf("%s: server %d, want %d", addr, got, want)
		}
	}
	// A server that is down rehashes from the current hash: 2566 →
	// (2566*113 + 10)*113 ... chained over the same three bytes.
	if got := p.Pick("10.0.1.5", []bool{true, false, true}); got == 1 || got < 0 {
		t.Errorf("with server 2 down, 10.0.1.5 goes to %d", got)
	}
}

// TestConsistentMovesOnlyTheFailedNodesKeys checks the property that makes
// a hash consistent, for nginx's and HAProxy's rings: with one server down,
// only the keys that were on it move.
func TestConsistentMovesOnlyTheFailedNodesKeys(t *testing.T) {
	servers := []string{"10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"}
	for name, p := range map[string]simulate.Picker{
		"nginx":   simulate.NewNginxConsistent(servers),
		"haproxy": simulate.HAProxyConsistent{IDs: []int{1, 2, 3}, Avalanche: true},
	} {
		up := []bool{true, false, true}
		moved, onDown := 0, 0
		for i := 0; i < 5000; i++ {
			k := fmt.Sprintf("203.%d.%d.%d", i/65536%256, i/256%256, i%256)
			a, b := p.Pick(k, nil), p.Pick(k, up)
			if a == 1 {
				onDown++
			}
			if a != b {
				moved++
				if a != 1 {
					t.Fatalf("%s: %s moved from %d to %d, though server %d is up", name, k, a, b, a)
				}
			}
		}
		if moved != onDown || moved == 0 {
			t.Errorf("%s: %d keys moved, %d were on the failed server", name, moved, onDown)
		}
	}
	// Map-based hashing remaps most keys when a server goes down.
	m := simulate.HAProxyMap{N: 3}
	moved := 0
	for i := 0; i < 3000; i++ {
		k := fmt.Sprintf("203.0.%d.%d", i/256, i%256)
		if m.Pick(k, nil) != m.Pick(k, []bool{true, true, false}) {
			moved++
		}
	}
	if moved < 1500 {
		t.Errorf("map-based: only %d of 3000 keys moved", moved)
	}
}

func simulateExample(t *testing.T, file string, opts simulate.Options) *simulate.Result {
	t.Helper()
	res, err := lint.Path("../examples/"+file, lint.Options{})
	if err != nil || !res.Decoded() {
		t.Fatal(err, res.Diagnostics)
	}
	out, err := simulate.Run(plan.Build(res.Analysis, plan.Options{}), opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tierLoad(t *testing.T, r []simulate.TierLoad, tier string) simulate.TierLoad {
	t.Helper()
	for _, x := range r {
		if x.Tier == tier {
			return x
		}
	}
	t.Fatalf("no tier %q", tier)
	return simulate.TierLoad{}
}

// TestFieldReport: behind nginx-M, nginx-A/B's ip_hash sends every session
// to one socket.io node; the fixed chain spreads them, and a failed node
// moves only its own sessions.
func TestFieldReport(t *testing.T) {
	broken := simulateExample(t, "nginx-m-ip-hash.hcl", simulate.Options{Clients: 2000, Seed: 7})
	app := tierLoad(t, broken.Tiers, "app")
	if app.MaxOverMean != 2 || app.Nodes[0].Sessions+app.Nodes[1].Sessions != 2000 || app.Nodes[0].Sessions*app.Nodes[1].Sessions != 0 {
		t.Errorf("broken chain: want every session on one of 2 nodes, got %+v", app)
	}
	fixed := simulateExample(t, "nginx-m-xff-hash.hcl", simulate.Options{Clients: 2000, Seed: 7, Fail: []simulate.NodeRef{{Tier: "app", N: 2}}})
	app = tierLoad(t, fixed.Tiers, "app")
	if app.MaxOverMean > 1.2 {
		t.Errorf("fixed chain: want an even spread, got %+v", app)
	}
	if fixed.Failed == nil || fixed.Failed.Moved != app.Nodes[1].Sessions {
		t.Errorf("fixed chain with app:2 down: %d moved, want the %d on app:2", fixed.Failed.Moved, app.Nodes[1].Sessions)
	}
	// The same seed draws the same addresses: the result is reproducible.
	again := simulateExample(t, "nginx-m-xff-hash.hcl", simulate.Options{Clients: 2000, Seed: 7, Fail: []simulate.NodeRef{{Tier: "app", N: 2}}})
	if !reflect.DeepEqual(again, fixed) {
		t.Error("two runs with one seed differ")
	}
}

func TestParseNodeRef(t *testing.T) {
	if r, err := simulate.ParseNodeRef("nginx-ab:2"); err != nil || r.Tier != "nginx-ab" || r.N != 2 {
		t.Errorf("nginx-ab:2 = %+v, %v", r, err)
	}
	for _, bad := range []string{"app", "app:0", "app:x", ":1", "app:01"} {
		if _, err := simulate.ParseNodeRef(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestReshape adds a socket.io node to the fixed field-report chain: with
// nginx's consistent ring only the sessions the new node takes move; with
// the plain hash most sessions move.
func TestReshape(t *testing.T) {
	for _, c := range []struct {
		consistent bool
		check      func(moved, onNew, total int) bool
	}{
		{true, func(moved, onNew, total int) bool { return moved == onNew }},
		{false, func(moved, onNew, total int) bool { return moved > total/2 }},
	} {
		load := func() *plan.Plan {
			res, err := lint.Path("../examples/nginx-m-xff-hash.hcl", lint.Options{})
			if err != nil || !res.Decoded() {
				t.Fatal(err)
			}
			if !c.consistent {
				for _, tier := range res.Topology.Tiers {
					tier.Affinity.Consistent.Value = false
				}
				return plan.Build(analysis.Analyze(res.Topology), plan.Options{})
			}
			return plan.Build(res.Analysis, plan.Options{})
		}
		p, q := load(), load()
		change, err := simulate.Reshape(q.Analysis.Topology, nil, []string{"app"})
		if err != nil {
			t.Fatal(err)
		}
		q = plan.Build(analysis.Analyze(q.Analysis.Topology), plan.Options{})
		w, err := simulate.Compare(p, q, simulate.Options{Clients: 3000, Seed: 3}, change)
		if err != nil {
			t.Fatal(err)
		}
		app := tierLoad(t, w.Tiers, "app")
		onNew := app.Nodes[len(app.Nodes)-1].Sessions
		if len(app.Nodes) != 3 || !c.check(w.Moved, onNew, 3000) {
			t.Errorf("consistent=%v: %s: %d moved, %d on the new node %s", c.consistent, change, w.Moved, onNew, app.Nodes[len(app.Nodes)-1].Node)
		}
	}
}

// TestConsistentVariant: the other column of a what-if turns nginx's
// ip_hash into hash on the client address, consistent.
func TestConsistentVariant(t *testing.T) {
	res, err := lint.Path("../examples/nginx-m-ip-hash.hcl", lint.Options{})
	if err != nil || !res.Decoded() {
		t.Fatal(err)
	}
	tiers := simulate.Consistent(res.Topology)
	if fmt.Sprint(tiers) != "[nginx-m nginx-ab]" {
		t.Errorf("changed %v", tiers)
	}
	for _, tier := range res.Topology.Tiers[:2] {
		if af := tier.Affinity; af.Balance.Value != "hash" || af.HashKey.Value.Kind != "client_ip" || !af.Consistent.Value {
			t.Errorf("tier %s: %+v", tier.Name, af)
		}
	}
	if again := simulate.Consistent(res.Topology); len(again) != 0 {
		t.Errorf("consistent already, changed %v", again)
	}
}

// TestAddressFamily: clients of one subnet pile onto one node behind nginx
// ip_hash over IPv4 (the first three octets), and spread over IPv6 (the
// whole address, fact N1); dual-stack clients do both, half each.
func TestAddressFamily(t *testing.T) {
	load := func(family string) simulate.TierLoad {
		src := `topology "t" {}
socketio {}
client "school" {
  entry          = tier.edge
  addresses      = "single_subnet"
  address_family = "` + family + `"
}
tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000", "10.0.2.24:3000"]
}
`
		res := lint.Sources(lint.Options{}, topology.Source{Name: "t.hcl", Bytes: []byte(src)})
		if !res.Decoded() {
			t.Fatal(res.Diagnostics)
		}
		out, err := simulate.Run(plan.Build(res.Analysis, plan.Options{}), simulate.Options{Clients: 1000, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		return tierLoad(t, out.Tiers, "app")
	}
	if l := load("ipv4"); l.MaxOverMean != 4 {
		t.Errorf("IPv4 clients of one /24: want all on one of 4 nodes, got %+v", l)
	}
	if l := load("ipv6"); l.MaxOverMean > 1.25 {
		t.Errorf("IPv6 clients of one /64: want an even spread, got %+v", l)
	}
	if l := load("dual"); l.MaxOverMean < 2 || l.MaxOverMean > 3 {
		t.Errorf("dual-stack clients: want half on one node and half spread (max/mean about 2.5), got %+v", l)
	}
}
