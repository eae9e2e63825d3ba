package render_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// renderExample lints and renders one example for nginx and HAProxy. It
// returns nil files when the example has error findings (render refuses it).
func renderExample(t *testing.T, path string) (nginxFiles, haproxyFiles []render.File, refused bool) {
	t.Helper()
	res, err := lint.Path(path, lint.Options{})
	if err != nil || !res.Decoded() {
		t.Fatalf("%s: %v %v", path, err, res.Diagnostics)
	}
	if finding.AtOrAbove(res.Findings, finding.Error) {
		return nil, nil, true
	}
	opts := render.Options{Source: filepath.ToSlash(path), TopoVersion: "test", LoadModules: []string{"/usr/lib/nginx/modules/ngx_stream_module.so"}}
	nginxFiles, err = render.Nginx(res.Analysis, opts)
	if err != nil {
		t.Fatalf("render nginx %s: %v", path, err)
	}
	haproxyFiles, err = render.HAProxy(res.Analysis, opts)
	if err != nil {
		t.Fatalf("render haproxy %s: %v", path, err)
	}
	return nginxFiles, haproxyFiles, false
}

// TestExamplesGolden renders every example that lints without errors and
// compares each file with testdata/golden/<example>/<file>.
func TestExamplesGolden(t *testing.T) {
	examples, _ := filepath.Glob("../examples/*.hcl")
	if len(examples) == 0 {
		t.Fatal("no examples found")
	}
	rendered := 0
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			ng, hp, refused := renderExample(t, ex)
			dir := filepath.Join("testdata", "golden", name)
			if refused {
				if _, err := os.Stat(dir); err == nil && !*update {
					t.Fatalf("%s has error findings now but has golden files in %s", ex, dir)
				}
				return
			}
			files := append(append([]render.File{}, ng...), hp...)
			rendered += len(files)
			if *update {
				_ = os.RemoveAll(dir)
				if len(files) > 0 {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				for _, f := range files {
					if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			for _, f := range files {
				want, err := os.ReadFile(filepath.Join(dir, f.Name))
				if err != nil {
					t.Fatalf("missing golden file (run go test ./render -update): %v", err)
				}
				if diff := cmp.Diff(string(want), string(f.Data)); diff != "" {
					t.Errorf("%s differs from its golden file (-want +got):\n%s", f.Name, diff)
				}
			}
			// Determinism: a second render is byte-identical.
			ng2, hp2, _ := renderExample(t, ex)
			again := append(append([]render.File{}, ng2...), hp2...)
			for i := range files {
				if !bytes.Equal(files[i].Data, again[i].Data) {
					t.Errorf("%s: two renders differ", files[i].Name)
				}
			}
		})
	}
	if !*update && rendered < 5 {
		t.Errorf("only %d files rendered from the examples; expected the clean examples to produce nginx and HAProxy configs", rendered)
	}
}

// TestExamplesPassRealCheckers runs every rendered nginx file through the
// real `nginx -t` (in a private network namespace, so that it can bind the
// examples' addresses) and every HAProxy file through `haproxy -c`.
func TestExamplesPassRealCheckers(t *testing.T) {
	configcheck.RequireNginx(t)
	configcheck.RequireHAProxy(t)
	examples, _ := filepath.Glob("../examples/*.hcl")
	checked := 0
	for _, ex := range examples {
		ng, hp, refused := renderExample(t, ex)
		if refused {
			continue
		}
		for _, f := range ng {
			dir := t.TempDir()
			// A tier that terminates TLS reads <tier>.pem and its key.
			writeTestCert(t, dir, tierOfFile(f.Name)+".pem")
			file := filepath.Join(dir, f.Name)
			if err := os.WriteFile(file, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := configcheck.NginxTest(ctx, file, dir); err != nil {
				t.Errorf("%s: %s: nginx -t: %v", ex, f.Name, err)
			}
			cancel()
			checked++
		}
		for _, f := range hp {
			dir := t.TempDir()
			writeTestCert(t, dir, tierOfFile(f.Name)+".pem")
			file := filepath.Join(dir, f.Name)
			if err := os.WriteFile(file, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := configcheck.HAProxyCheck(ctx, file); err != nil {
				t.Errorf("%s: %s: haproxy -c: %v", ex, f.Name, err)
			}
			cancel()
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("only %d rendered files checked", checked)
	}
	t.Logf("%d rendered files passed nginx -t / haproxy -c", checked)
}

// tierOfFile is the tier of a rendered file named <tier>-<n>.conf or .cfg.
func tierOfFile(name string) string {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if i := strings.LastIndex(stem, "-"); i > 0 {
		return stem[:i]
	}
	return stem
}
