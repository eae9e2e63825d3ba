package linttest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
)

func TestMarkers(t *testing.T) {
	src := "a = \"# want \\\"not-a-marker\\\"\" # want \"rule-a\" `x.*y` !`z` \"rule-b\"\n" +
		"// want \"rule-c\"\n" +
		"# a comment that wants nothing\n"
	ws, err := Markers("f.hcl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		var pats []string
		for _, re := range w.Match {
			pats = append(pats, re.String())
		}
		for _, re := range w.NoMatch {
			pats = append(pats, "!"+re.String())
		}
		got = append(got, w.File+":"+itoa(w.Line)+":"+w.Rule+"["+strings.Join(pats, ",")+"]")
	}
	want := []string{"f.hcl:1:rule-a[x.*y,!z]", "f.hcl:1:rule-b[]", "f.hcl:2:rule-c[]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("markers (-want +got):\n%s", diff)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMalformedMarkers(t *testing.T) {
	for _, src := range []string{
		"a = 1 # want rule-a\n",
		"a = 1 # want `pattern-first`\n",
		"a = 1 # want \"rule-a\" `(`\n",
		"a = 1 # want\n",
		"a = 1 # want \"\"\n",
		"a = 1 # want !\"rule\"\n",
	} {
		_, err := Markers("m.hcl", []byte(src))
		if err == nil || !strings.Contains(err.Error(), "m.hcl:1: malformed want marker") {
			t.Errorf("%q: error %v, want one at m.hcl:1", src, err)
		}
	}
}

func at(line int) hcl.Range {
	return hcl.Range{Filename: "f.hcl", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 5}}
}

func TestCompareIsExact(t *testing.T) {
	ws, err := Markers("f.hcl", []byte("a = 1 # want \"r1\" `round` !`cookie`\nb = 2 # want \"r2\"\nc = 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(ws, []finding.Finding{
		{Rule: "r1", Range: at(1), Message: "round robin with a cookie"},
		{Rule: "r3", Range: at(3), Message: "an extra one"},
	})
	want := []string{
		"f.hcl:1: r1 message must not match `cookie`: round robin with a cookie",
		"f.hcl:2: no r2 finding, but a want marker",
		"f.hcl:3: unexpected r3: an extra one",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := Compare(ws[:1], []finding.Finding{{Rule: "r1", Range: at(1), Message: "round"}}); got != nil {
		t.Errorf("a matching finding gives %v", got)
	}
}

// A mutated marker and an extra finding are reported with the file:line
// and the rule, through the real lint.
func TestCheckFileReportsFileLineAndRule(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.hcl")
	src := `topology "t" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.edge
}
tier "edge" { # want "affinity-mising"
  kind      = "haproxy"
  nodes     = ["10.0.1.1:80", "10.0.1.2:80"]
  websocket = true
  to        = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000", "10.0.2.2:3000"]
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, _, err := CheckFile(path, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.ToSlash(path)
	want := []string{
		file + ":8: no affinity-mising finding, but a want marker",
		file + ":8: unexpected affinity-missing: ",
	}
	if len(problems) != 2 || problems[0] != want[0] || !strings.HasPrefix(problems[1], want[1]) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}
