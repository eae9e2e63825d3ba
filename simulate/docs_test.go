package simulate_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/topolint/topo/simulate"
)

var update = flag.Bool("update", false, "rewrite docs/simulate-*.svg")

// TestDocsChart keeps the chart the README shows equal to what topo
// simulate draws: the fixed field-report chain, 1,000 sessions, with
// app:2 down (go test ./simulate -update rewrites it).
func TestDocsChart(t *testing.T) {
	r := simulateExample(t, "nginx-m-xff-hash.hcl", simulate.Options{Clients: 1000, Seed: 1, Fail: []simulate.NodeRef{{Tier: "app", N: 2}}})
	got := simulate.SVG(r)
	const file = "../docs/simulate-fixed-chain.svg"
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what topo simulate draws; run go test ./simulate -update", file)
	}
}
