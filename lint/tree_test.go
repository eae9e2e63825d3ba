package lint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/lint"
)

const small = `topology "%s" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000"]
}
`

func put(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// One folder per deployment: each subfolder is a topology; with --each,
// each file; a directory with files of its own is one topology.
func TestTopologies(t *testing.T) {
	root := t.TempDir()
	put(t, filepath.Join(root, "eu", "chain.hcl"), strings.ReplaceAll(small, "%s", "eu"))
	put(t, filepath.Join(root, "us", "a.hcl"), strings.ReplaceAll(small, "%s", "us"))
	put(t, filepath.Join(root, "us", "b.hcl"), "# the rest of us\n")
	put(t, filepath.Join(root, ".hidden", "x.hcl"), "broken {")
	put(t, filepath.Join(root, "README.md"), "not hcl")

	got, err := lint.Topologies(root, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(root, "eu"), filepath.Join(root, "us")}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("subfolders: %v, want %v", got, want)
	}
	got, _ = lint.Topologies(root, true)
	if len(got) != 3 {
		t.Fatalf("--each: %v", got)
	}
	got, _ = lint.Topologies(filepath.Join(root, "us"), false)
	if len(got) != 1 || got[0] != filepath.Join(root, "us") {
		t.Fatalf("a directory with files: %v", got)
	}
	if _, err := lint.Topologies(filepath.Join(root, ".hidden", ".."), false); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	if _, err := lint.Topologies(empty, false); err == nil || !strings.Contains(err.Error(), "no *.hcl files") {
		t.Fatalf("empty directory: %v", err)
	}

	// Each topology is linted on its own and the reports merged: no
	// duplicate-block errors between them.
	var results []*lint.Result
	for _, p := range []string{filepath.Join(root, "eu"), filepath.Join(root, "us")} {
		r, err := lint.Path(p, lint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Decoded() {
			t.Fatalf("%s: %v", p, r.Diagnostics)
		}
		results = append(results, r)
	}
	m := lint.Merge(results)
	if !m.Decoded() || len(m.Files) != 3 || len(m.Findings) != len(results[0].Findings)+len(results[1].Findings) {
		t.Fatalf("merged: decoded %v, %d files, %d findings", m.Decoded(), len(m.Files), len(m.Findings))
	}
}

// Files of one directory that each declare a topology get one diagnostic
// each, pointing to --each, not a cascade of duplicate blocks.
func TestSeveralTopologiesInOneDirectory(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "a.hcl"), strings.ReplaceAll(small, "%s", "a"))
	put(t, filepath.Join(dir, "b.hcl"), strings.ReplaceAll(small, "%s", "b"))
	res, err := lint.Path(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Summary != "Several topologies in one directory" || !strings.Contains(res.Diagnostics[0].Detail, "--each") {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
}
