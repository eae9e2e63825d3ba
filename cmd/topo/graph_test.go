package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Fixtures of package graph, as a user would type them from here.
const (
	graphRoutes = "../../graph/testdata/routes-split.hcl"
	graphMixed  = "../../graph/testdata/mixed-entries.hcl" // decodes with a warning: a tier nothing reaches
)

// runGraphCLI runs topo in-process.
func runGraphCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// graphNeedsDot skips without Graphviz, except in CI, where it must be there.
func graphNeedsDot(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Graphviz `dot` is not installed, and CI must render graphs: install the Debian package graphviz (%v)", err)
		}
		t.Skipf("Graphviz `dot` is not installed: %v", err)
	}
}

func writeGraphFixture(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGraphCmdExitCodes(t *testing.T) {
	broken := writeGraphFixture(t, "broken.hcl", `
topology "x" {}
socketio {}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind    = "nginx"
  nodes   = ["10.0.1.11:80"]
  balanse = "ip_hash"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21"]
}
`)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings; "" alone: must be empty
		stderr []string
	}{
		{"dot by default", []string{"graph", graphRoutes}, ExitOK, []string{"digraph topology {", `"tier:alb" -> "tier:app"`, "ERROR: affinity-missing"}, []string{""}},
		{"dot named", []string{"graph", "--format", "dot", graphRoutes}, ExitOK, []string{"digraph topology {"}, []string{""}},
		{"mermaid", []string{"graph", "-f", "mermaid", graphRoutes}, ExitOK, []string{"flowchart LR\n", "ERROR: affinity-missing", "linkStyle"}, []string{""}},
		{"decode warning printed, graph drawn", []string{"graph", graphMixed}, ExitOK, []string{"digraph topology {"}, []string{"Warning: Tier not used"}},
		{"decode error", []string{"graph", broken}, ExitFindings, []string{""}, []string{"Error: Unsupported argument", `Did you mean "balance"?`, "Error: Invalid node address"}},
		{"decode error, mermaid", []string{"graph", "-f", "mermaid", broken}, ExitFindings, []string{""}, []string{"Error: Unsupported argument"}},
		{"missing path", []string{"graph", "no-such.hcl"}, ExitError, []string{""}, []string{"Error: ", "no-such.hcl"}},
		{"bad format", []string{"graph", "--format", "svg", graphRoutes}, ExitError, []string{""}, []string{`Error: unknown format "svg"`, "dot, mermaid"}},
		{"bad extension", []string{"graph", "--out", "x.pdf", graphRoutes}, ExitError, []string{""}, []string{`unknown extension ".pdf"`}},
		{"mermaid to svg", []string{"graph", "-f", "mermaid", "--out", "x.svg", graphRoutes}, ExitError, []string{""}, []string{"--format mermaid cannot be rendered"}},
		{"format and extension differ", []string{"graph", "-f", "mermaid", "--out", "x.dot", graphRoutes}, ExitError, []string{""}, []string{"--out x.dot holds dot, but --format is mermaid"}},
		{"bad flag", []string{"graph", "--bogus", graphRoutes}, ExitError, []string{""}, []string{"unknown flag: --bogus"}},
		{"two paths", []string{"graph", graphRoutes, graphMixed}, ExitError, []string{""}, []string{"Error: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runGraphCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			for _, pair := range []struct {
				name, got string
				want      []string
			}{{"stdout", stdout, tc.stdout}, {"stderr", stderr, tc.stderr}} {
				if len(pair.want) == 1 && pair.want[0] == "" {
					if pair.got != "" {
						t.Errorf("%s is not empty:\n%s", pair.name, pair.got)
					}
					continue
				}
				for _, w := range pair.want {
					if !strings.Contains(pair.got, w) {
						t.Errorf("%s lacks %q:\n%s", pair.name, w, pair.got)
					}
				}
			}
		})
	}
}

// TestGraphCmdMatchesGolden: the command prints what package graph's golden
// files hold.
func TestGraphCmdMatchesGolden(t *testing.T) {
	for format, ext := range map[string]string{"dot": ".dot", "mermaid": ".mmd"} {
		_, stdout, _ := runGraphCLI(t, "graph", "-f", format, graphRoutes)
		want, err := os.ReadFile("../../graph/testdata/golden/routes-split" + ext)
		if err != nil {
			t.Fatal(err)
		}
		if stdout != string(want) {
			t.Errorf("topo graph -f %s differs from the golden file:\n%s", format, stdout)
		}
	}
}

func leftovers(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want %v (no temporary file left behind)", dir, got, want)
	}
}

func TestGraphCmdOutText(t *testing.T) {
	dir := t.TempDir()
	_, dotOut, _ := runGraphCLI(t, "graph", graphRoutes)
	_, mmdOut, _ := runGraphCLI(t, "graph", "-f", "mermaid", graphRoutes)
	for _, tc := range []struct {
		file string
		args []string
		want string
	}{
		{"chain.dot", nil, dotOut},
		{"chain.gv", []string{"--format", "dot"}, dotOut},
		{"chain.mmd", nil, mmdOut},
		{"chain.mermaid", []string{"-f", "mermaid"}, mmdOut},
	} {
		out := filepath.Join(dir, tc.file)
		args := append([]string{"graph", "--out", out}, tc.args...)
		code, stdout, stderr := runGraphCLI(t, append(args, graphRoutes)...)
		if code != ExitOK || stdout != "" || stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", tc.file, code, stdout, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s holds something else than stdout would:\n%s", tc.file, got)
		}
	}
	leftovers(t, dir, "chain.dot", "chain.gv", "chain.mermaid", "chain.mmd")

	// Replacing keeps the file's mode.
	out := filepath.Join(dir, "chain.dot")
	if err := os.Chmod(out, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runGraphCLI(t, "graph", "--out", out, graphMixed); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after replacing, want 0600", fi.Mode().Perm())
	}
	if got, _ := os.ReadFile(out); !bytes.Contains(got, []byte(`"tier:spare"`)) {
		t.Errorf("the file was not replaced:\n%s", got)
	}
	leftovers(t, dir, "chain.dot", "chain.gv", "chain.mermaid", "chain.mmd")

	// An unwritable place is exit 2 and names the file.
	bad := filepath.Join(dir, "no-such-dir", "x.dot")
	if code, _, stderr := runGraphCLI(t, "graph", "--out", bad, graphRoutes); code != ExitError || !strings.Contains(stderr, bad) {
		t.Errorf("exit %d, stderr %q; want 2 naming %s", code, stderr, bad)
	}
}

func TestGraphCmdOutPicture(t *testing.T) {
	graphNeedsDot(t)
	dir := t.TempDir()
	svgPath := filepath.Join(dir, "chain.svg")
	pngPath := filepath.Join(dir, "chain.png")
	for _, out := range []string{svgPath, pngPath} {
		code, stdout, stderr := runGraphCLI(t, "graph", "--out", out, graphRoutes)
		if code != ExitOK || stdout != "" || stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", out, code, stdout, stderr)
		}
	}
	data, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte("affinity&#45;missing")) && !bytes.Contains(data, []byte("affinity-missing")) {
		t.Errorf("chain.svg is not the picture with the failing route:\n%.2000s", data)
	}
	data, err = os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("chain.png is not a PNG")
	}
	// The stamp keeps the PNG valid (its chunk has the right CRC).
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("chain.png does not decode: %v", err)
	}
	// topo replaces its own pictures.
	for _, out := range []string{svgPath, pngPath} {
		if code, _, stderr := runGraphCLI(t, "graph", "--out", out, graphMixed); code != ExitOK {
			t.Errorf("replacing %s: exit %d: %s", out, code, stderr)
		}
	}
	leftovers(t, dir, "chain.png", "chain.svg")
}

// graph --out never replaces a file topo graph did not write (it used to
// replace a hand-made .svg or .dot), and refuses what is not a regular file.
func TestGraphCmdKeepsForeignFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"hand.dot": "digraph hand { a -> b }\n",
		"hand.mmd": "flowchart LR\n  a --> b\n",
		"hand.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
	} {
		out := filepath.Join(dir, name)
		os.WriteFile(out, []byte(content), 0o644)
		code, _, stderr := runGraphCLI(t, "graph", "--out", out, graphRoutes)
		if code != ExitFindings || !strings.Contains(stderr, "was not written by topo graph") {
			t.Errorf("%s: exit %d: %s", name, code, stderr)
		}
		if got, _ := os.ReadFile(out); string(got) != content {
			t.Errorf("%s was changed", name)
		}
	}
	fifo := filepath.Join(dir, "pipe.dot")
	syscall.Mkfifo(fifo, 0o644)
	if code, _, stderr := runGraphCLI(t, "graph", "--out", fifo, graphRoutes); code != ExitError || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("fifo: exit %d: %s", code, stderr)
	}
}

func TestGraphCmdWithoutGraphviz(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "chain.svg")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr := runGraphCLI(t, "graph", "--out", out, graphRoutes)
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	if stdout != "" || !strings.Contains(stderr, "graphviz") || !strings.Contains(stderr, "apt-get install graphviz") || !strings.Contains(stderr, out) {
		t.Errorf("stderr does not say to install graphviz for %s:\n%s", out, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != "old" {
		t.Errorf("the old file was touched: %q", got)
	}
	leftovers(t, dir, "chain.svg")
	// Text output needs no Graphviz.
	if code, _, stderr := runGraphCLI(t, "graph", "--out", filepath.Join(dir, "chain.dot"), graphRoutes); code != ExitOK {
		t.Errorf("writing DOT without Graphviz: exit %d: %s", code, stderr)
	}
}
