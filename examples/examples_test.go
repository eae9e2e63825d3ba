// Package examples holds topologies of the field reports topo grew from, one
// per architecture. Each says in its opening comment what `topo lint` reports
// on it, and carries a "# want" marker on every line that gets a finding; the
// test here keeps the markers exact (package linttest).
package examples

import (
	"path/filepath"
	"testing"

	"github.com/topolint/topo/lint/linttest"
)

// TestExamplesReportWhatTheirMarkersSay lints every example and compares the
// findings with its "# want" markers, line by line.
func TestExamplesReportWhatTheirMarkersSay(t *testing.T) {
	files, err := filepath.Glob("*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	linttest.Run(t, files...)
}
