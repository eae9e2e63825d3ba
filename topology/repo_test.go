package topology

import (
	"os"
	"path/filepath"
	"testing"
)

// everyTopology globs the repository's topologies the decode comparisons
// run on: this package's testdata, the examples, the rule cases and the
// live cases.
var everyTopology = []string{"testdata/*.hcl", "../examples/*.hcl", "../rules/testdata/*/*.hcl", "../e2e/testdata/*.hcl"}

// fuzzSeeds globs the topologies the fuzzers start from.
var fuzzSeeds = []string{"testdata/*.hcl", "../examples/*.hcl"}

// readTopologies reads the files the globs match, in order.
func readTopologies(tb testing.TB, globs []string) (names []string, srcs [][]byte) {
	tb.Helper()
	for _, g := range globs {
		m, _ := filepath.Glob(g)
		for _, p := range m {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			names, srcs = append(names, p), append(srcs, b)
		}
	}
	return names, srcs
}
