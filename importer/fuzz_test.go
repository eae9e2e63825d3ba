package importer_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

// FuzzImport feeds arbitrary files to the importer, as nginx (the first
// input) and HAProxy (the second, when it reads like one) configurations:
// it must not panic or hang, and what it writes must decode as a topology
// or be refused with a diagnostic.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob("../lint/testdata/configs/*/*")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err == nil && filepath.Ext(p) != ".hcl" {
			f.Add(b, []byte("defaults\n  mode http\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n"))
		}
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		srcs := []deployed.Source{{Path: "a.conf", Bytes: a}, {Path: "b.cfg", Bytes: b}}
		res, diags := importer.Import(srcs, importer.Options{})
		if diags.HasErrors() {
			for _, d := range diags {
				if d.Severity == 0 || d.Summary == "" {
					t.Fatalf("a diagnostic without a summary: %#v", d)
				}
			}
			return
		}
		// What import writes is HCL topo reads: it decodes, or its
		// diagnostics name a line.
		_, ds := topology.Decode(topology.Source{Name: res.Name, Bytes: res.HCL})
		for _, d := range ds {
			if d.Subject == nil {
				t.Fatalf("a decode diagnostic without a place: %v\n%s", d, res.HCL)
			}
		}
		_ = lint.Sources(lint.Options{}, topology.Source{Name: res.Name, Bytes: res.HCL})
	})
}
