package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// The benchmarks build topologies in memory as HCL text and time the whole
// lint pipeline on them: decode, analyse, run every rule. The sizes are those
// of docs/performance.md; the goal is the largest under 100 ms and 100 MB per
// operation, with growth close to linear in the number of nodes.

// benchSize is one generated topology.
type benchSize struct {
	name string
	gen  func() []byte
}

var benchSizes = []benchSize{
	// (a) 3 tiers × 10 nodes: nginx → haproxy → socketio.
	{"3tiers-10nodes", func() []byte { return chainTopology(3, 10) }},
	// (b) 30 tiers × 1,000 nodes: a chain of 29 proxy tiers and one socketio
	// tier, every tier with 1,000 nodes (30,000 nodes).
	{"30tiers-1000nodes", func() []byte { return chainTopology(30, 1000) }},
	// (c) 100 tiers, 10,000 socket.io nodes: 25 client populations, each
	// entering its own chain lvs (2 nodes) → nginx (3) → haproxy (3) →
	// socketio (400): 75 proxy tiers fanning to 25 socketio tiers.
	{"100tiers-10000sio-fanout", func() []byte { return fanoutTopology(25, 400) }},
	// (c') 100 tiers, 10,000 socket.io nodes, deepest: 99 proxy tiers of
	// 3 nodes chained in front of one socketio tier of 10,000 nodes.
	{"100tiers-10000sio-chain", func() []byte { return deepChainTopology(99, 3, 10000) }},
}

// addr returns a unique IPv4 listen address for node j of tier i.
func addr(i, j, port int) string {
	return fmt.Sprintf("10.%d.%d.%d:%d", i%250, j/250, j%250+1, port)
}

func writeNodes(b *strings.Builder, tier, n, port int) {
	b.WriteString("  nodes = [")
	for j := 0; j < n; j++ {
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + addr(tier, j, port) + `"`)
	}
	b.WriteString("]\n")
}

func header(b *strings.Builder, name string) {
	fmt.Fprintf(b, "topology %q {\n  expected_connections = 100000\n}\n\n", name)
	b.WriteString("socketio {\n  version = \"4.8\"\n  adapter = \"redis\"\n  related_paths = [\"/api/jobs\"]\n}\n\n")
}

// chainTopology is a chain of tiers-1 proxy tiers (alternating nginx and
// haproxy, each forwarding X-Forwarded-For and the first hashing it
// consistently) in front of one socketio tier; every tier has nodes nodes.
func chainTopology(tiers, nodes int) []byte {
	var b strings.Builder
	header(&b, "chain")
	b.WriteString("client \"browser\" {\n  entry = tier.t0\n}\n\n")
	b.WriteString("client \"android\" {\n  entry   = tier.t0\n  cookies = false\n  addresses = \"nat\"\n}\n\n")
	for i := 0; i < tiers; i++ {
		fmt.Fprintf(&b, "tier \"t%d\" {\n", i)
		if i == tiers-1 {
			b.WriteString("  kind = \"socketio\"\n")
			writeNodes(&b, i, nodes, 3000)
			b.WriteString("}\n\n")
			continue
		}
		if i%2 == 0 {
			b.WriteString("  kind = \"nginx\"\n  version = \"1.24.0\"\n  websocket = true\n")
		} else {
			b.WriteString("  kind = \"haproxy\"\n  version = \"2.8\"\n  websocket = true\n")
		}
		writeNodes(&b, i, nodes, 80)
		b.WriteString("  forwards_client_ip = \"x_forwarded_for\"\n")
		if i > 0 {
			b.WriteString("  real_ip_from = \"x_forwarded_for\"\n")
		}
		if i == 0 {
			b.WriteString("  balance    = \"hash\"\n  hash_key   = \"client_ip\"\n  consistent = true\n")
		}
		fmt.Fprintf(&b, "  to = tier.t%d\n}\n\n", i+1)
	}
	return []byte(b.String())
}

// fanoutTopology has groups client populations, each with its own chain
// lvs (2 nodes) → nginx (3) → haproxy (3) → socketio (sio nodes).
func fanoutTopology(groups, sio int) []byte {
	var b strings.Builder
	header(&b, "fanout")
	for g := 0; g < groups; g++ {
		fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.lvs%d\n  share = %g\n}\n\n", g, g, 1/float64(groups))
	}
	for g := 0; g < groups; g++ {
		base := g * 4
		fmt.Fprintf(&b, "tier \"lvs%d\" {\n  kind = \"lvs\"\n", g)
		writeNodes(&b, base, 2, 443)
		fmt.Fprintf(&b, "  to = tier.edge%d\n}\n\n", g)

		fmt.Fprintf(&b, "tier \"edge%d\" {\n  kind = \"nginx\"\n  version = \"1.24.0\"\n  websocket = true\n", g)
		writeNodes(&b, base+1, 3, 80)
		b.WriteString("  balance = \"hash\"\n  hash_key = \"client_ip\"\n  consistent = true\n")
		b.WriteString("  forwards_client_ip = \"x_forwarded_for\"\n")
		fmt.Fprintf(&b, "  to = tier.ha%d\n}\n\n", g)

		fmt.Fprintf(&b, "tier \"ha%d\" {\n  kind = \"haproxy\"\n  version = \"2.8\"\n  websocket = true\n", g)
		writeNodes(&b, base+2, 3, 80)
		b.WriteString("  real_ip_from = \"x_forwarded_for\"\n")
		b.WriteString("  balance = \"hash\"\n  hash_key = \"x_forwarded_for\"\n  consistent = true\n")
		fmt.Fprintf(&b, "  to = tier.app%d\n}\n\n", g)

		fmt.Fprintf(&b, "tier \"app%d\" {\n  kind = \"socketio\"\n", g)
		writeNodes(&b, base+3, sio, 3000)
		b.WriteString("}\n\n")
	}
	return []byte(b.String())
}

// deepChainTopology chains proxies proxy tiers of nodes nodes each in front
// of one socketio tier of sio nodes.
func deepChainTopology(proxies, nodes, sio int) []byte {
	var b strings.Builder
	header(&b, "deep")
	b.WriteString("client \"browser\" {\n  entry = tier.p0\n}\n\n")
	for i := 0; i < proxies; i++ {
		fmt.Fprintf(&b, "tier \"p%d\" {\n  kind = \"nginx\"\n  websocket = true\n", i)
		writeNodes(&b, i, nodes, 80)
		b.WriteString("  forwards_client_ip = \"x_forwarded_for\"\n")
		if i > 0 {
			b.WriteString("  real_ip_from = \"x_forwarded_for\"\n")
		}
		if i == proxies-1 {
			b.WriteString("  balance = \"hash\"\n  hash_key = \"x_forwarded_for\"\n  consistent = true\n")
		}
		if i < proxies-1 {
			fmt.Fprintf(&b, "  to = tier.p%d\n}\n\n", i+1)
		} else {
			b.WriteString("  to = tier.app\n}\n\n")
		}
	}
	b.WriteString("tier \"app\" {\n  kind = \"socketio\"\n")
	// The socketio nodes use their own address block: 10.250-255.x.y.
	b.WriteString("  nodes = [")
	for j := 0; j < sio; j++ {
		if j > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"10.%d.%d.%d:3000\"", 250+j/62500, (j/250)%250, j%250+1)
	}
	b.WriteString("]\n}\n")
	return []byte(b.String())
}

// lintOnce is the pipeline under test.
func lintOnce(tb testing.TB, src []byte) int {
	t, diags := topology.Decode(topology.Source{Name: "bench.hcl", Bytes: src})
	if diags.HasErrors() {
		tb.Fatalf("generated topology does not decode: %s", diags.Error())
	}
	a := analysis.Analyze(t)
	return len(rules.Run(a))
}

// TestBenchTopologiesDecode keeps the generators honest in plain `go test`:
// each generated topology decodes without errors and lints.
func TestBenchTopologiesDecode(t *testing.T) {
	for _, s := range benchSizes[:1] {
		lintOnce(t, s.gen())
	}
	if testing.Short() {
		return
	}
	for _, s := range benchSizes[1:] {
		lintOnce(t, s.gen())
	}
}

// TestWriteBenchTopologies writes the generated topologies to the directory
// named by TOPO_BENCH_DIR, to time the CLI on them (peak memory with
// /usr/bin/time -v topo lint FILE). It does nothing otherwise.
func TestWriteBenchTopologies(t *testing.T) {
	dir := os.Getenv("TOPO_BENCH_DIR")
	if dir == "" {
		t.Skip("TOPO_BENCH_DIR not set")
	}
	for _, s := range benchSizes {
		if err := os.WriteFile(filepath.Join(dir, s.name+".hcl"), s.gen(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkLint(b *testing.B) {
	for _, s := range benchSizes {
		src := s.gen()
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			findings := 0
			for b.Loop() {
				findings = lintOnce(b, src)
			}
			b.ReportMetric(float64(findings), "findings")
		})
	}
}

// BenchmarkLintPhases splits the pipeline of each size into its phases, to
// see where the time goes.
func BenchmarkLintPhases(b *testing.B) {
	for _, s := range benchSizes {
		src := s.gen()
		b.Run(s.name+"/decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := topology.Decode(topology.Source{Name: "bench.hcl", Bytes: src}); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
		})
		t, _ := topology.Decode(topology.Source{Name: "bench.hcl", Bytes: src})
		b.Run(s.name+"/analyze", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				analysis.Analyze(t)
			}
		})
		a := analysis.Analyze(t)
		b.Run(s.name+"/run", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rules.Run(a)
			}
		})
	}
}

// BenchmarkNodeListGrowth lints one proxy in front of one socketio tier of n
// nodes, doubling n: with linear growth ns/op doubles from one size to the
// next.
func BenchmarkNodeListGrowth(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000, 8000, 16000} {
		src := deepChainTopology(1, 2, n)
		b.Run(fmt.Sprintf("sio-nodes-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				lintOnce(b, src)
			}
		})
	}
}

// populationsTopology has n client populations entering one nginx tier (3
// nodes) in front of 3 socket.io nodes, with or without
// expected_connections (which turns on connection-capacity's arithmetic).
func populationsTopology(n int, expected bool) []byte {
	var b strings.Builder
	if expected {
		b.WriteString("topology \"pops\" {\n  expected_connections = 100000\n}\n\n")
	} else {
		b.WriteString("topology \"pops\" {}\n\n")
	}
	b.WriteString("socketio {\n  adapter = \"redis\"\n}\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.edge\n  share = %g\n}\n\n", i, 1/float64(n))
	}
	b.WriteString("tier \"edge\" {\n  kind       = \"nginx\"\n  nodes      = [\"10.0.1.1:80\", \"10.0.1.2:80\", \"10.0.1.3:80\"]\n  balance    = \"hash\"\n  hash_key   = \"client_ip\"\n  consistent = true\n  websocket  = true\n  to         = tier.app\n}\n\n")
	b.WriteString("tier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.2.1:3000\", \"10.0.2.2:3000\", \"10.0.2.3:3000\"]\n}\n")
	return []byte(b.String())
}

// BenchmarkPopulations lints n client populations with and without
// expected_connections: linear growth doubles ns/op from one n to the next,
// and the two variants stay close.
func BenchmarkPopulations(b *testing.B) {
	for _, n := range []int{800, 1600, 3200, 20000, 100000} {
		for _, expected := range []bool{false, true} {
			src := populationsTopology(n, expected)
			b.Run(fmt.Sprintf("n=%d/expected=%v", n, expected), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					lintOnce(b, src)
				}
			})
		}
	}
}
