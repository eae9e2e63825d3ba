package main

// CLI cases that read best as one file: testdata/script/*.txtar. Each
// archive's comment is the command line (one line: the arguments after
// "topo"); its files are written into an empty directory the command runs
// in, except the sections "stdout", "stderr" and "exit", which hold what the
// command must print and its exit code. `go test ./cmd/topo -update`
// rewrites those three sections from the real run.

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// expectations are the sections of an archive that say what must come out.
var expectations = map[string]bool{"stdout": true, "stderr": true, "exit": true}

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			abs, err := filepath.Abs(file)
			if err != nil {
				t.Fatal(err)
			}
			ar, err := txtar.ParseFile(abs)
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Fields(strings.TrimSpace(string(ar.Comment)))
			if len(args) == 0 {
				t.Fatalf("%s: the comment must hold the command line", file)
			}
			dir := t.TempDir()
			want := map[string]string{}
			for _, f := range ar.Files {
				if expectations[f.Name] {
					want[f.Name] = string(f.Data)
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := Run(args, &stdout, &stderr)
			got := map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "exit": strconv.Itoa(code) + "\n"}
			if *update {
				var kept []txtar.File
				for _, f := range ar.Files {
					if !expectations[f.Name] {
						kept = append(kept, f)
					}
				}
				for _, name := range []string{"stdout", "stderr", "exit"} {
					if got[name] != "" {
						kept = append(kept, txtar.File{Name: name, Data: []byte(got[name])})
					}
				}
				ar.Files = kept
				if err := os.WriteFile(abs, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"exit", "stdout", "stderr"} {
				if got[name] != want[name] {
					t.Errorf("%s: %s differs (go test ./cmd/topo -update rewrites it)\n--- want\n%s--- got\n%s", file, name, want[name], got[name])
				}
			}
		})
	}
}
