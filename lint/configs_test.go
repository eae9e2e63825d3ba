package lint_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/lint/linttest"
)

// TestConfigsAnnotated lints each directory of testdata/configs as
// deployed configurations (its files in name order, app.hcl as the
// overlay) and checks the findings against the "# want" markers of those
// files, exactly: every finding lands on a line of a given file.
func TestConfigsAnnotated(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/configs/*")
	if len(dirs) < 4 {
		t.Fatalf("only %d cases", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			sort.Strings(names)
			var srcs []deployed.Source
			var wants []linttest.Want
			opts := importer.Options{}
			for _, n := range names {
				p := filepath.Join(dir, n)
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				var ws []linttest.Want
				switch {
				case n == "README":
					continue
				case n == "want":
					// Markers for files that cannot hold comments (JSON):
					// FILE:LINE followed by a marker's rule IDs.
					for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
						at, rest, _ := strings.Cut(l, " ")
						file, line, _ := strings.Cut(at, ":")
						n, err := strconv.Atoi(line)
						if err != nil {
							t.Fatalf("%s:%d: want FILE:LINE", p, i+1)
						}
						w, err := linttest.LineMarkers(filepath.Join(dir, file), []byte(strings.Repeat("\n", n-1)+"# want "+rest))
						if err != nil {
							t.Fatal(err)
						}
						wants = append(wants, w...)
					}
					continue
				case n == "app.hcl":
					opts.Overlay, opts.OverlayName = b, p
					ws, err = linttest.Markers(p, b)
				default:
					srcs = append(srcs, deployed.Source{Path: p, Bytes: b})
					ws, err = linttest.LineMarkers(p, b)
				}
				if err != nil {
					t.Fatal(err)
				}
				wants = append(wants, ws...)
			}
			res, imp := lint.Configs(srcs, opts, lint.Options{})
			if !res.Decoded() {
				t.Fatalf("does not decode: %v\n%s", res.Diagnostics, imp.HCL)
			}
			for _, d := range res.Diagnostics {
				t.Errorf("diagnostic: %v", d)
			}
			if bad := linttest.Compare(wants, res.Findings); len(bad) > 0 {
				t.Errorf("\n%s\nimported:\n%s", strings.Join(bad, "\n"), imp.HCL)
			}
		})
	}
}
