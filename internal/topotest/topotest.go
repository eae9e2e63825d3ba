// Package topotest decodes and analyses topologies written inline in tests.
package topotest

import (
	"strings"
	"testing"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/topology"
)

// FileName is the name every inline source is decoded under.
const FileName = "t.hcl"

// Decode decodes text (a leading newline of a raw string literal is
// dropped, so that its first line is line 1) and fails the test on any
// diagnostic, warnings included: a test topology must be clean input.
func Decode(t testing.TB, text string) *topology.Topology {
	t.Helper()
	top, diags := topology.Decode(topology.Source{Name: FileName, Bytes: []byte(strings.TrimPrefix(text, "\n"))})
	if len(diags) > 0 {
		var b strings.Builder
		for _, d := range diags {
			b.WriteString("  " + d.Error() + "\n")
		}
		t.Fatalf("test topology does not decode cleanly:\n%s", b.String())
	}
	return top
}

// Analyze decodes text as Decode does and analyses it.
func Analyze(t testing.TB, text string) *analysis.Analysis {
	t.Helper()
	return analysis.Analyze(Decode(t, text))
}
