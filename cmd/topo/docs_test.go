package main

// Docs that cannot drift: every rule table in the README and the docs is
// generated from rules.All, and every command output they show is the real
// output of this binary. `go test ./cmd/topo -update` rewrites them.
//
// The conventions, in Markdown:
//
//   - A ```console block whose first line is "$ topo ARGS" (or "$ cd DIR &&
//     topo ARGS") shows that command's standard output; "$ echo $?" after
//     it shows its exit code. "topo lint example.hcl" runs on the ```hcl
//     block above the console block, saved as example.hcl.
//   - A line "<!-- $ topo ARGS -->" right before a fenced block says the
//     block holds that command's standard output, run from the repository
//     root.
//   - "<!-- rules table -->" … "<!-- end rules table -->" encloses a table
//     generated from the registry.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/topolint/topo/rules"
)

// repoRoot returns the absolute repository root (this package is cmd/topo).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// docFiles are the Markdown files whose outputs and tables are checked, as
// absolute paths: README.md and docs/rules/*.md.
func docFiles(t *testing.T) []string {
	t.Helper()
	root := repoRoot(t)
	pages, err := filepath.Glob(filepath.Join(root, "docs", "rules", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no rule pages: %v", err)
	}
	return append([]string{filepath.Join(root, "README.md")}, pages...)
}

// fence is one fenced block of a Markdown file: the lines between the
// fences, and what precedes the opening fence.
type fence struct {
	lang        string
	start, end  int // line indexes of the first and last content line + 1
	annotation  string
	previousHCL *fence
}

var annotationRE = regexp.MustCompile(`^<!-- \$ (topo .*) -->$`)

// fences finds the fenced blocks of lines.
func fences(lines []string) []*fence {
	var out []*fence
	var lastHCL *fence
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok {
			continue
		}
		f := &fence{lang: lang, start: i + 1, previousHCL: lastHCL}
		if i > 0 {
			if m := annotationRE.FindStringSubmatch(lines[i-1]); m != nil {
				f.annotation = m[1]
			}
		}
		j := i + 1
		for j < len(lines) && lines[j] != "```" {
			j++
		}
		f.end = j
		out = append(out, f)
		if lang == "hcl" {
			lastHCL = f
		}
		i = j
	}
	return out
}

// runIn runs topo with args in dir and returns stdout and the exit code.
func runIn(t *testing.T, dir string, args []string) (string, int) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := Run(args, &out, &errOut)
	return out.String(), code
}

var cdRE = regexp.MustCompile(`^\$ (?:cd (\S+) && )?topo (.*)$`)

// expected computes what block f of file must hold, or "", false when f
// shows no command.
func expected(t *testing.T, root, file string, lines []string, f *fence) (string, bool) {
	t.Helper()
	if f.annotation != "" {
		out, _ := runIn(t, root, strings.Fields(strings.TrimPrefix(f.annotation, "topo ")))
		return out, true
	}
	if f.lang != "console" || f.start >= f.end {
		return "", false
	}
	m := cdRE.FindStringSubmatch(lines[f.start])
	if m == nil {
		return "", false
	}
	args := strings.Fields(m[2])
	dir := filepath.Join(root, m[1])
	if m[1] == "" {
		// "topo lint example.hcl": the hcl block above, in a fresh directory.
		if f.previousHCL == nil {
			t.Fatalf("%s:%d: %q has no ```hcl block above it", file, f.start+1, lines[f.start])
		}
		dir = t.TempDir()
		src := strings.Join(lines[f.previousHCL.start:f.previousHCL.end], "\n") + "\n"
		if err := os.WriteFile(filepath.Join(dir, "example.hcl"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, code := runIn(t, dir, args)
	var b strings.Builder
	b.WriteString(lines[f.start] + "\n" + out)
	for _, l := range lines[f.start+1 : f.end] {
		if l == "$ echo $?" {
			fmt.Fprintf(&b, "$ echo $?\n%d\n", code)
		}
	}
	return b.String(), true
}

// rulesTable is the rule table of a Markdown file in dir (links relative to
// it).
func rulesTable(file string) string {
	var b strings.Builder
	b.WriteString("| rule | severity | what it catches |\n|---|---|---|\n")
	prefix := "docs/rules/"
	if filepath.Base(filepath.Dir(file)) == "rules" {
		prefix = ""
	}
	for _, r := range rules.All {
		fmt.Fprintf(&b, "| [`%s`](%s%s.md) | %s | %s |\n", r.ID, prefix, r.ID, r.Severity, r.Summary)
	}
	return b.String()
}

// TestDocsShowRealOutput regenerates every command output and rule table
// the Markdown files show and compares; -update rewrites the files.
func TestDocsShowRealOutput(t *testing.T) {
	root := repoRoot(t)
	files := docFiles(t)
	checked := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		var out []string
		last := 0
		for _, f := range fences(lines) {
			want, ok := expected(t, root, file, lines, f)
			if !ok {
				continue
			}
			checked++
			got := strings.Join(lines[f.start:f.end], "\n") + "\n"
			if got != want {
				if !*update {
					t.Errorf("%s:%d: the block does not show the real output (run go test ./cmd/topo -update):\n--- shown\n%s--- real\n%s", file, f.start, got, want)
				}
			}
			out = append(out, lines[last:f.start]...)
			out = append(out, strings.Split(strings.TrimSuffix(want, "\n"), "\n")...)
			last = f.end
		}
		out = append(out, lines[last:]...)
		text := strings.Join(out, "\n")
		// The rule table.
		const begin, end = "<!-- rules table -->\n", "<!-- end rules table -->"
		if i := strings.Index(text, begin); i >= 0 {
			j := strings.Index(text[i:], end)
			if j < 0 {
				t.Fatalf("%s: %q without %q", file, begin, end)
			}
			checked++
			table := rulesTable(file)
			if text[i+len(begin):i+j] != table && !*update {
				t.Errorf("%s: the rule table differs from the registry (run go test ./cmd/topo -update):\n%s", file, table)
			}
			text = text[:i+len(begin)] + table + text[i+j:]
		}
		if *update && text != string(data) {
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d generated blocks found; the conventions in this file's comment are not followed", checked)
	}
}
