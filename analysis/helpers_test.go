package analysis_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/topology"
)

// fileName is the name every inline source is decoded under.
const fileName = "t.hcl"

// src trims the leading newline of a raw string literal, so that the first
// line of the literal is line 1.
func src(s string) string { return strings.TrimPrefix(s, "\n") }

// analyze decodes inline HCL, failing the test on any diagnostic (warnings
// included: a test topology must be clean input), and analyses it.
func analyze(t *testing.T, text string) *analysis.Analysis {
	t.Helper()
	top, diags := topology.Decode(topology.Source{Name: fileName, Bytes: []byte(src(text))})
	if len(diags) > 0 {
		t.Fatalf("test topology does not decode cleanly:\n%s", diagText(diags))
	}
	return analysis.Analyze(top)
}

func diagText(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "  %s\n", d.Error())
	}
	return b.String()
}
