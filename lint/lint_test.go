package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

const fileName = "t.hcl"

// base is nginx ip_hash facing the clients: its only finding is
// hash-not-consistent (warning) at the balance attribute, line 14.
// Each case replaces one marker line with a comment.
const base = `topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

const balanceLine = `  balance   = "ip_hash"`

// lintSrc lints one in-memory file.
func lintSrc(t *testing.T, text string, opts lint.Options) *lint.Result {
	t.Helper()
	return lint.Sources(opts, topology.Source{Name: fileName, Bytes: []byte(text)})
}

// withLine replaces the line equal to old with repl (which may hold
// several lines).
func withLine(t *testing.T, text, old, repl string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	n := 0
	for i, l := range lines {
		if l == old {
			lines[i] = repl
			n++
		}
	}
	if n != 1 {
		t.Fatalf("line %q occurs %d times", old, n)
	}
	return strings.Join(lines, "\n")
}

// span returns the range of the only occurrence of s in text.
func span(t *testing.T, text, s string) hcl.Range {
	t.Helper()
	if strings.Count(text, s) != 1 {
		t.Fatalf("%q occurs %d times in the source", s, strings.Count(text, s))
	}
	for i, l := range strings.Split(text, "\n") {
		if c := strings.Index(l, s); c >= 0 {
			return hcl.Range{Filename: fileName, Start: hcl.Pos{Line: i + 1, Column: c + 1}, End: hcl.Pos{Line: i + 1, Column: c + 1 + len(s)}}
		}
	}
	panic("unreachable")
}

type got struct {
	Rule     string
	Severity finding.Severity
	Tier     string
	Range    hcl.Range
}

var rangeOpts = cmpopts.IgnoreFields(hcl.Pos{}, "Byte")

func project(fs []finding.Finding) []got {
	out := []got{}
	for _, f := range fs {
		out = append(out, got{f.Rule, f.Severity, f.Tier, f.Range})
	}
	return out
}

func hashNotConsistent(t *testing.T, text string) got {
	return got{"hash-not-consistent", finding.Warning, "edge", span(t, text, `balance   = "ip_hash"`)}
}

func ignoreUnused(t *testing.T, text, comment string) got {
	return got{"ignore-unused", finding.Warning, "", span(t, text, comment)}
}

func TestBaseline(t *testing.T) {
	res := lintSrc(t, base, lint.Options{})
	if !res.Decoded() || len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	if res.Topology == nil || res.Analysis == nil {
		t.Fatal("Topology and Analysis must be set when the source decodes")
	}
	want := []got{hashNotConsistent(t, base)}
	if diff := cmp.Diff(want, project(res.Findings), rangeOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSuppressions(t *testing.T) {
	const reason = "-- ip_hash is what the legacy upstream supports"
	cases := []struct {
		name    string
		text    func(t *testing.T) string
		opts    lint.Options
		want    func(t *testing.T, text string) []got
		comment string // for documentation of the case only
	}{
		{
			name: "same line",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+" # topo-ignore: hash-not-consistent "+reason)
			},
			want: func(t *testing.T, text string) []got { return []got{} },
		},
		{
			name: "line above",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, "  # topo-ignore: hash-not-consistent "+reason+"\n"+balanceLine)
			},
			want: func(t *testing.T, text string) []got { return []got{} },
		},
		{
			name: "line above, // comment",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, "  // topo-ignore: hash-not-consistent "+reason+"\n"+balanceLine)
			},
			want: func(t *testing.T, text string) []got { return []got{} },
		},
		{
			name: "several rules in one comment, one of them unused",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, "  # topo-ignore: hash-not-consistent, redundant-affinity "+reason+"\n"+balanceLine)
			},
			want: func(t *testing.T, text string) []got {
				return []got{ignoreUnused(t, text, "# topo-ignore: hash-not-consistent, redundant-affinity "+reason)}
			},
		},
		{
			name: "two lines above does not reach the finding",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, "  # topo-ignore: hash-not-consistent "+reason+"\n\n"+balanceLine)
			},
			want: func(t *testing.T, text string) []got {
				return []got{
					ignoreUnused(t, text, "# topo-ignore: hash-not-consistent "+reason),
					hashNotConsistent(t, text),
				}
			},
		},
		{
			name: "line below does not reach the finding",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+"\n  # topo-ignore: hash-not-consistent "+reason)
			},
			want: func(t *testing.T, text string) []got {
				return []got{
					hashNotConsistent(t, text),
					ignoreUnused(t, text, "# topo-ignore: hash-not-consistent "+reason),
				}
			},
		},
		{
			name: "another rule's ignore does not suppress",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+" # topo-ignore: ip-hash-ipv4-prefix "+reason)
			},
			want: func(t *testing.T, text string) []got {
				return []got{
					hashNotConsistent(t, text),
					ignoreUnused(t, text, "# topo-ignore: ip-hash-ipv4-prefix "+reason),
				}
			},
		},
		{
			name: "unused ignore elsewhere",
			text: func(t *testing.T) string {
				return withLine(t, base, `  entry = tier.edge`, "  # topo-ignore: transport-mismatch -- old clients are gone\n  entry = tier.edge")
			},
			want: func(t *testing.T, text string) []got {
				return []got{
					ignoreUnused(t, text, "# topo-ignore: transport-mismatch -- old clients are gone"),
					hashNotConsistent(t, text),
				}
			},
		},
		{
			name: "ignore-unused cannot be suppressed by an ignore",
			text: func(t *testing.T) string {
				return withLine(t, base, `  entry = tier.edge`, "  # topo-ignore: ignore-unused -- silence\n  entry = tier.edge")
			},
			want: func(t *testing.T, text string) []got {
				return []got{
					ignoreUnused(t, text, "# topo-ignore: ignore-unused -- silence"),
					hashNotConsistent(t, text),
				}
			},
		},
		{
			name: "--disable of the rule",
			text: func(t *testing.T) string { return base },
			opts: lint.Options{Disabled: []string{"hash-not-consistent"}},
			want: func(t *testing.T, text string) []got { return []got{} },
		},
		{
			name: "--disable of a rule named by an ignore: the ignore is not reported unused",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+" # topo-ignore: hash-not-consistent "+reason)
			},
			opts: lint.Options{Disabled: []string{"hash-not-consistent"}},
			want: func(t *testing.T, text string) []got { return []got{} },
		},
		{
			name: "--disable ignore-unused",
			text: func(t *testing.T) string {
				return withLine(t, base, `  entry = tier.edge`, "  # topo-ignore: transport-mismatch -- old clients are gone\n  entry = tier.edge")
			},
			opts: lint.Options{Disabled: []string{"ignore-unused"}},
			want: func(t *testing.T, text string) []got { return []got{hashNotConsistent(t, text)} },
		},
		{
			name: "NoInlineIgnores reports the finding and no ignore-unused",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+" # topo-ignore: hash-not-consistent "+reason+"\n  # topo-ignore: transport-mismatch -- unused")
			},
			opts: lint.Options{NoInlineIgnores: true},
			want: func(t *testing.T, text string) []got { return []got{hashNotConsistent(t, text)} },
		},
		{
			name: "NoInlineIgnores does not parse malformed ignores",
			text: func(t *testing.T) string {
				return withLine(t, base, balanceLine, balanceLine+" # topo-ignore: hash-not-consistant")
			},
			opts: lint.Options{NoInlineIgnores: true},
			want: func(t *testing.T, text string) []got { return []got{hashNotConsistent(t, text)} },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := c.text(t)
			res := lintSrc(t, text, c.opts)
			if len(res.Diagnostics) != 0 {
				t.Fatalf("diagnostics: %v", res.Diagnostics)
			}
			if res.Findings == nil {
				t.Error("Findings is nil; want an empty slice")
			}
			if diff := cmp.Diff(c.want(t, text), project(res.Findings), rangeOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, f := range res.Findings {
				if f.Rule != "ignore-unused" {
					continue
				}
				if f.DocsURL != rules.IgnoreUnused.DocsURL() {
					t.Errorf("ignore-unused DocsURL %q", f.DocsURL)
				}
				if !strings.Contains(f.Message, "no ") || !regexp.MustCompile(`remove it`).MatchString(f.Message) {
					t.Errorf("ignore-unused message: %s", f.Message)
				}
			}
		})
	}
}

func TestMalformedIgnores(t *testing.T) {
	cases := []struct {
		name    string
		comment string
		summary string
		detail  []string
	}{
		{"no reason", "# topo-ignore: hash-not-consistent", "topo-ignore without a reason", []string{`-- REASON`}},
		{"empty reason", "# topo-ignore: hash-not-consistent --   ", "topo-ignore without a reason", nil},
		{"no rule", "# topo-ignore: -- legacy", "topo-ignore without a rule", []string{`RULE`}},
		{"unknown rule with a near match", "# topo-ignore: hash-not-consistant -- legacy", "Unknown rule in topo-ignore",
			[]string{`"hash-not-consistant"`, `Did you mean "hash-not-consistent"\?`}},
		{"unknown rule, one of several", "# topo-ignore: hash-not-consistent, ip-hash-colapse -- legacy", "Unknown rule in topo-ignore",
			[]string{`Did you mean "ip-hash-collapse"\?`}},
		{"unknown rule far from any", "# topo-ignore: everything -- legacy", "Unknown rule in topo-ignore",
			[]string{`"everything"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := withLine(t, base, balanceLine, balanceLine+" "+c.comment)
			res := lintSrc(t, text, lint.Options{})
			if res.Decoded() {
				t.Fatal("a malformed ignore must be an error diagnostic")
			}
			if res.Findings == nil || len(res.Findings) != 0 {
				t.Errorf("findings must be an empty slice on errors, got %v", res.Findings)
			}
			if res.Analysis != nil {
				t.Error("Analysis must be nil when there are error diagnostics")
			}
			if len(res.Diagnostics) != 1 {
				t.Fatalf("want 1 diagnostic, got %v", res.Diagnostics)
			}
			d := res.Diagnostics[0]
			if d.Severity != hcl.DiagError || d.Summary != c.summary {
				t.Errorf("diagnostic %v %q, want error %q", d.Severity, d.Summary, c.summary)
			}
			if d.Subject == nil {
				t.Fatal("diagnostic without a range")
			}
			want := span(t, text, strings.TrimRight(c.comment, " "))
			if c.name == "empty reason" {
				// The range covers the comment as written, trailing
				// spaces included.
				want = span(t, text, c.comment)
			}
			if diff := cmp.Diff(want, *d.Subject, rangeOpts); diff != "" {
				t.Errorf("diagnostic range (-want +got):\n%s", diff)
			}
			for _, p := range c.detail {
				if !regexp.MustCompile(p).MatchString(d.Detail) {
					t.Errorf("detail does not match %q: %s", p, d.Detail)
				}
			}
		})
	}
}

func TestIgnoreMarkerOnlyAtCommentStart(t *testing.T) {
	// A comment that mentions topo-ignore: in its text is not a suppression.
	text := withLine(t, base, balanceLine, balanceLine+" # see docs: topo-ignore: hash-not-consistent -- x")
	res := lintSrc(t, text, lint.Options{})
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	if diff := cmp.Diff([]got{hashNotConsistent(t, text)}, project(res.Findings), rangeOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestIgnoreIsPerFile: a topology split over two files; an ignore in one
// file does not suppress a finding in the other at the same line.
func TestIgnoreIsPerFile(t *testing.T) {
	a := `topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}
# topo-ignore: hash-not-consistent -- not this file
`
	b := `tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  websocket = true
  to        = tier.app
  balance   = "ip_hash"
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`
	res := lint.Sources(lint.Options{}, topology.Source{Name: "a.hcl", Bytes: []byte(a)}, topology.Source{Name: "b.hcl", Bytes: []byte(b)})
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	want := []got{
		{"ignore-unused", finding.Warning, "", hcl.Range{Filename: "a.hcl", Start: hcl.Pos{Line: 10, Column: 1}, End: hcl.Pos{Line: 10, Column: 1 + len("# topo-ignore: hash-not-consistent -- not this file")}}},
		{"hash-not-consistent", finding.Warning, "edge", hcl.Range{Filename: "b.hcl", Start: hcl.Pos{Line: 6, Column: 3}, End: hcl.Pos{Line: 6, Column: 24}}},
	}
	if diff := cmp.Diff(want, project(res.Findings), rangeOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeErrors(t *testing.T) {
	res := lintSrc(t, strings.Replace(base, `kind      = "nginx"`, `kind      = "ngnix"`, 1), lint.Options{})
	if res.Decoded() {
		t.Fatal("want decode errors")
	}
	if res.Topology != nil || res.Analysis != nil {
		t.Error("Topology and Analysis must be nil on decode errors")
	}
	if res.Findings == nil || len(res.Findings) != 0 {
		t.Errorf("Findings must be an empty slice, got %#v", res.Findings)
	}
	if res.Files[fileName] == nil {
		t.Error("Files must hold the parsed source for snippets")
	}
}

// chain has findings on several lines and of several rules, for ordering.
const chain = `topology "chat" {
  expected_connections = 40000
}

socketio {
  version = "4.8"
}

client "browser" {
  entry = tier.f5
}

client "android" {
  entry   = tier.f5
  cookies = false
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind         = "nginx"
  version      = "1.22.1"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  balance      = "ip_hash"
  idle_timeout = "30s"
  to           = tier.app
}

tier "app" {
  kind    = "socketio"
  nodes   = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
  workers = 2
}
`

func TestOutputSortedAndDeterministic(t *testing.T) {
	first := lintSrc(t, chain, lint.Options{})
	if len(first.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", first.Diagnostics)
	}
	if len(first.Findings) < 5 {
		t.Fatalf("want several findings to order, got %d", len(first.Findings))
	}
	if !cmp.Equal(first.Findings, finding.Sort(first.Findings)) {
		t.Errorf("findings are not sorted and de-duplicated")
	}
	for i := 1; i < len(first.Findings); i++ {
		a, b := first.Findings[i-1], first.Findings[i]
		if a.Range.Start.Line > b.Range.Start.Line ||
			(a.Range.Start.Line == b.Range.Start.Line && a.Range.Start.Column > b.Range.Start.Column) {
			t.Errorf("finding %d (%s at %s) comes after %s at %s", i, b.Rule, b.Range, a.Rule, a.Range)
		}
	}
	for i := 0; i < 20; i++ {
		again := lintSrc(t, chain, lint.Options{})
		if diff := cmp.Diff(first.Findings, again.Findings); diff != "" {
			t.Fatalf("run %d differs:\n%s", i, diff)
		}
	}
	// Same rule set through a directory on disk.
	dir := t.TempDir()
	p := filepath.Join(dir, "topology.hcl")
	if err := os.WriteFile(p, []byte(chain), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := lint.Path(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var a, b []string
	for _, f := range first.Findings {
		a = append(a, fmt.Sprintf("%s@%d:%d", f.Rule, f.Range.Start.Line, f.Range.Start.Column))
	}
	for _, f := range res.Findings {
		if f.Range.Filename != p {
			t.Errorf("finding %s in file %q, want %q", f.Rule, f.Range.Filename, p)
		}
		b = append(b, fmt.Sprintf("%s@%d:%d", f.Rule, f.Range.Start.Line, f.Range.Start.Column))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Path and Sources differ:\n%s", diff)
	}
}

// TestDisableEveryRule: disabling every rule leaves no finding, even
// with ignores in the source.
func TestDisableEveryRule(t *testing.T) {
	var all []string
	for _, r := range rules.All {
		all = append(all, r.ID)
	}
	text := withLine(t, chain, `  balance      = "ip_hash"`, `  balance      = "ip_hash" # topo-ignore: ip-hash-collapse -- known`)
	res := lintSrc(t, text, lint.Options{Disabled: all})
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	if len(res.Findings) != 0 {
		t.Errorf("want no findings, got %v", project(res.Findings))
	}
}

// TestDisableUnknownRule: Options.Disabled is not validated here (the CLI
// validates flags); an unknown ID is harmless.
func TestDisableUnknownRule(t *testing.T) {
	res := lintSrc(t, base, lint.Options{Disabled: []string{"no-such-rule"}})
	if diff := cmp.Diff([]got{hashNotConsistent(t, base)}, project(res.Findings), rangeOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPathErrors(t *testing.T) {
	if _, err := lint.Path(filepath.Join(t.TempDir(), "missing.hcl"), lint.Options{}); err == nil {
		t.Error("missing file: want an error")
	}
	if _, err := lint.Path(t.TempDir(), lint.Options{}); err == nil {
		t.Error("directory without *.hcl: want an error")
	}
}

func TestTestdataDirectory(t *testing.T) {
	// testdata/split: app.hcl and tiers.hcl are one topology. The ignore on
	// line 5 of tiers.hcl suppresses hash-not-consistent on line 6 and
	// names redundant-affinity, which does not fire there.
	res, err := lint.Path(filepath.Join("testdata", "split"), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	tiers := filepath.Join("testdata", "split", "tiers.hcl")
	comment := "# topo-ignore: redundant-affinity, hash-not-consistent -- one suppressed, one unused"
	want := []got{
		{"ignore-unused", finding.Warning, "", hcl.Range{
			Filename: tiers,
			Start:    hcl.Pos{Line: 5, Column: 3}, End: hcl.Pos{Line: 5, Column: 3 + len(comment)}}},
	}
	if diff := cmp.Diff(want, project(res.Findings), rangeOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(res.Findings) == 1 && !strings.Contains(res.Findings[0].Message, "redundant-affinity") {
		t.Errorf("ignore-unused must name the unused rule: %s", res.Findings[0].Message)
	}
	noIgnores, err := lint.Path(filepath.Join("testdata", "split"), lint.Options{NoInlineIgnores: true})
	if err != nil {
		t.Fatal(err)
	}
	want = []got{
		{"hash-not-consistent", finding.Warning, "edge", hcl.Range{
			Filename: tiers,
			Start:    hcl.Pos{Line: 6, Column: 3}, End: hcl.Pos{Line: 6, Column: 22}}},
	}
	if diff := cmp.Diff(want, project(noIgnores.Findings), rangeOpts); diff != "" {
		t.Errorf("NoInlineIgnores (-want +got):\n%s", diff)
	}
}
