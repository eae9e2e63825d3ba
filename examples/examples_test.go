// Package examples holds topologies of the field reports topo grew from, one
// per architecture, each with a comment saying what `topo lint` reports. The
// test here keeps those comments true.
package examples

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/topolint/topo/lint"
)

// TestExamplesReportWhatTheirCommentSays lints every example and compares the
// findings (rule@tier) with the example's "# expect:" line.
func TestExamplesReportWhatTheirCommentSays(t *testing.T) {
	files, err := filepath.Glob("*.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := expectLine(string(src))
			if !ok {
				t.Fatalf("%s has no `# expect:` line", file)
			}
			res, err := lint.Path(file, lint.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Decoded() {
				t.Fatalf("%s does not decode: %v", file, res.Diagnostics)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Rule+"@"+f.Tier)
			}
			got = uniqueSorted(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: findings differ from its `# expect:` comment (-want +got):\n%s", file, diff)
			}
		})
	}
}

func expectLine(src string) ([]string, bool) {
	for _, line := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(line, "# expect:"); ok {
			return uniqueSorted(strings.Fields(rest)), true
		}
	}
	return nil, false
}

func uniqueSorted(in []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
