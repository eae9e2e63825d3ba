package graph

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

// FuzzGraph draws arbitrary topologies. Whatever decodes must draw without
// panicking, the same way twice, stamped, with no control character outside
// what the formats escape, and (when Graphviz is installed) as DOT that
// Graphviz accepts. The seeds are the examples; fuzz with
//
//	go test ./graph -run='^$' -fuzz=FuzzGraph -fuzztime=1m
func FuzzGraph(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*.hcl")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err == nil {
			f.Add(data)
		}
	}
	_, dotErr := exec.LookPath("dot")
	f.Fuzz(func(t *testing.T, src []byte) {
		res := lint.Sources(lint.Options{}, topology.Source{Name: "fuzz.hcl", Bytes: src})
		if !res.Decoded() {
			return
		}
		g := Build(res.Analysis, res.Findings)
		dot, mmd := g.DOT(), g.Mermaid()
		again := Build(res.Analysis, res.Findings)
		if !bytes.Equal(dot, again.DOT()) || !bytes.Equal(mmd, again.Mermaid()) {
			t.Fatal("two drawings of one topology differ")
		}
		if !Stamped(dot) || !Stamped(mmd) {
			t.Fatal("a drawing without its stamp")
		}
		for _, out := range [][]byte{dot, mmd} {
			for _, c := range out {
				if c < 0x20 && c != '\n' {
					t.Fatalf("control character %#x in the output", c)
				}
			}
		}
		if dotErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := Render(ctx, dot, "svg"); err != nil {
				t.Fatalf("Graphviz refuses the DOT: %v\n%s", err, dot)
			}
		}
	})
}
