package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const unformatted = "tier \"edge\" {\n  kind = \"nginx\"\n    nodes     = [\"10.0.1.1:80\"]\n}\n"
const formatted = "tier \"edge\" {\n  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n}\n"

func fmtRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot(&out, &errb)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	code = ExitOK
	if err := root.Execute(); err != nil {
		code = exitCode(err, &errb)
	}
	return code, out.String(), errb.String()
}

func write(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmtRewritesAndLists(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")
	write(t, a, unformatted, 0o640)
	write(t, b, formatted, 0o644)
	write(t, filepath.Join(dir, "notes.txt"), unformatted, 0o644)
	code, out, errs := fmtRun(t, "", "fmt", dir)
	if code != ExitOK || out != a+"\n" || errs != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if read(t, a) != formatted || read(t, filepath.Join(dir, "notes.txt")) != unformatted {
		t.Fatal("a.hcl not formatted, or a non-.hcl file touched")
	}
	if info, _ := os.Stat(a); info.Mode().Perm() != 0o640 {
		t.Errorf("permissions %v, want 0640 kept", info.Mode().Perm())
	}
	if code, out, _ := fmtRun(t, "", "fmt", dir); code != ExitOK || out != "" {
		t.Fatalf("second run: exit %d, listed %q", code, out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestFmtCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.hcl")
	write(t, a, unformatted, 0o644)
	code, out, errs := fmtRun(t, "", "fmt", "--check", "--diff", a)
	if code != ExitFindings || !strings.Contains(errs, "1 file(s) are not formatted") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if read(t, a) != unformatted {
		t.Fatal("--check rewrote the file")
	}
	want := a + "\n--- old/" + filepath.ToSlash(a) + "\n+++ new/" + filepath.ToSlash(a) + "\n@@ -1,4 +1,4 @@\n tier \"edge\" {\n-  kind = \"nginx\"\n-    nodes     = [\"10.0.1.1:80\"]\n+  kind  = \"nginx\"\n+  nodes = [\"10.0.1.1:80\"]\n }\n"
	if out != want {
		t.Fatalf("stdout\n%s\nwant\n%s", out, want)
	}
	write(t, a, formatted, 0o644)
	if code, _, _ := fmtRun(t, "", "fmt", "--check", a); code != ExitOK {
		t.Fatalf("--check of a formatted file: exit %d", code)
	}
}

// A file that does not parse is reported at its line and left as it is;
// the other files are still formatted.
func TestFmtSyntaxError(t *testing.T) {
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.hcl"), filepath.Join(dir, "good.hcl")
	write(t, bad, "tier \"x\" {\n  kind = \n", 0o644)
	write(t, good, unformatted, 0o644)
	code, _, errs := fmtRun(t, "", "fmt", dir)
	if code != ExitFindings || !strings.Contains(errs, "bad.hcl line 2") || !strings.Contains(errs, "1 file(s) do not parse") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if read(t, bad) != "tier \"x\" {\n  kind = \n" || read(t, good) != formatted {
		t.Fatal("the broken file was touched, or the good one not formatted")
	}
}

func TestFmtStdin(t *testing.T) {
	code, out, _ := fmtRun(t, unformatted, "fmt", "-")
	if code != ExitOK || out != formatted {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if code, _, _ := fmtRun(t, unformatted, "fmt", "--check", "-"); code != ExitFindings {
		t.Fatalf("--check of unformatted stdin: exit %d", code)
	}
	if code, _, _ := fmtRun(t, "", "fmt", "-", "x.hcl"); code != ExitError {
		t.Fatalf("- with another path: exit %d", code)
	}
}

func TestFmtRecursive(t *testing.T) {
	dir := t.TempDir()
	sub, hidden := filepath.Join(dir, "prod", "eu.hcl"), filepath.Join(dir, ".cache", "x.hcl")
	write(t, sub, unformatted, 0o644)
	write(t, hidden, unformatted, 0o644)
	if code, out, _ := fmtRun(t, "", "fmt", dir); code != ExitOK || out != "" {
		t.Fatalf("without -r: exit %d, listed %q", code, out)
	}
	if code, out, _ := fmtRun(t, "", "fmt", "-r", dir); code != ExitOK || out != sub+"\n" {
		t.Fatalf("-r: exit %d, listed %q", code, out)
	}
	if read(t, hidden) != unformatted {
		t.Fatal("a hidden directory was formatted")
	}
}

func TestFmtRefusesAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "x.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here")
	}
	if code, _, errs := fmtRun(t, "", "fmt", fifo); code != ExitError || !strings.Contains(errs, "not a regular file") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// The topologies this repository ships are in the canonical layout.
func TestBundledTopologiesAreFormatted(t *testing.T) {
	code, out, errs := fmtRun(t, "", "fmt", "--check", "-r", "../../examples", "../../e2e/testdata", "../../rules/testdata")
	if code != ExitOK {
		t.Fatalf("topo fmt --check: exit %d; not formatted (run topo fmt -r on them):\n%s%s", code, out, errs)
	}
}

// Shell completion offers rule IDs and formats (cobra's __complete is what
// the completion scripts call).
func TestCompletionOffersRulesAndFormats(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "explain", "ip-"}, []string{"ip-hash-collapse", "ip-hash-ipv4-prefix"}},
		{[]string{"__complete", "lint", "--format", ""}, []string{"text", "json", "sarif", "github", "gitlab"}},
		{[]string{"__complete", "lint", "--disable", ""}, []string{"affinity-missing", "cross-site-cookie"}},
		{[]string{"__complete", "lint", "--fail-on", ""}, []string{"error", "warning", "notice"}},
	} {
		code, out, _ := fmtRun(t, "", tc.args...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d", tc.args, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, "\n"+w) && !strings.HasPrefix(out, w) {
				t.Errorf("%v: %q not offered:\n%s", tc.args, w, out)
			}
		}
	}
}
