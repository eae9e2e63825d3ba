package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/topolint/topo/finding"
)

func writeString(t *testing.T, format string, in Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(format, &buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTextNoFindings(t *testing.T) {
	in := fixture(t)
	in.Findings = nil
	// Decode diagnostics are not part of the text format.
	if got := writeString(t, "text", in); got != "No findings.\n" {
		t.Errorf("got %q, want %q", got, "No findings.\n")
	}
}

func TestTextSummary(t *testing.T) {
	f := func(s finding.Severity) finding.Finding {
		return finding.Finding{Rule: "r", Severity: s, Message: "m"}
	}
	cases := []struct {
		findings []finding.Finding
		want     string
	}{
		{[]finding.Finding{f(finding.Error)}, "1 error, 0 warnings, 0 notices.\n"},
		{[]finding.Finding{f(finding.Warning), f(finding.Warning), f(finding.Notice)}, "0 errors, 2 warnings, 1 notice.\n"},
		{[]finding.Finding{f(finding.Error), f(finding.Error), f(finding.Warning)}, "2 errors, 1 warning, 0 notices.\n"},
	}
	for _, c := range cases {
		got := writeString(t, "text", Input{Findings: c.findings})
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if last := lines[len(lines)-1] + "\n"; last != c.want {
			t.Errorf("summary %q, want %q", last, c.want)
		}
	}
}

func TestTextFinding(t *testing.T) {
	src := "tier \"edge\" {\n  kind = \"nginx\"\n  balance = \"ip_hash\"\n}\n"
	p := hclparse.NewParser()
	if _, diags := p.ParseHCL([]byte(src), "t.hcl"); diags.HasErrors() {
		t.Fatal(diags)
	}
	rng := func(l1, c1, l2, c2 int) hcl.Range {
		return hcl.Range{Filename: "t.hcl", Start: hcl.Pos{Line: l1, Column: c1}, End: hcl.Pos{Line: l2, Column: c2}}
	}
	cases := []struct {
		name string
		f    finding.Finding
		want string
	}{
		{
			name: "one line, related without message, no docs",
			f: finding.Finding{Rule: "r1", Severity: finding.Warning, Message: "Bad balance.", Range: rng(3, 3, 3, 22),
				Related: []finding.Related{{Range: rng(2, 3, 2, 17)}}},
			want: "Warning: Bad balance. (r1)\n\n" +
				"  on t.hcl line 3:\n" +
				"  3:   balance = \"ip_hash\"\n" +
				"  (related: t.hcl:2,3)\n\n" +
				"0 errors, 1 warning, 0 notices.\n",
		},
		{
			name: "range ending at column 1 of the next line",
			f:    finding.Finding{Rule: "r2", Severity: finding.Notice, Message: "M.", Range: rng(2, 1, 3, 1), DocsURL: "https://x/r2"},
			want: "Notice: M. (r2)\n\n" +
				"  on t.hcl line 2:\n" +
				"  2:   kind = \"nginx\"\n\n" +
				"Reference: https://x/r2\n\n" +
				"0 errors, 0 warnings, 1 notice.\n",
		},
		{
			name: "whole block",
			f:    finding.Finding{Rule: "r3", Severity: finding.Error, Message: "M.", Range: rng(1, 1, 4, 2)},
			want: "Error: M. (r3)\n\n" +
				"  on t.hcl line 1:\n" +
				"  1: tier \"edge\" {\n" +
				"  2:   kind = \"nginx\"\n" +
				"  3:   balance = \"ip_hash\"\n" +
				"  4: }\n\n" +
				"1 error, 0 warnings, 0 notices.\n",
		},
		{
			name: "file not parsed: no snippet",
			f: finding.Finding{Rule: "r4", Severity: finding.Error, Message: "M.",
				Range: hcl.Range{Filename: "other.hcl", Start: hcl.Pos{Line: 7, Column: 1}, End: hcl.Pos{Line: 7, Column: 5}}},
			want: "Error: M. (r4)\n\n" +
				"  on other.hcl line 7:\n\n" +
				"1 error, 0 warnings, 0 notices.\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := writeString(t, "text", Input{Findings: []finding.Finding{c.f}, Files: p.Files()})
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextLineNumberWidth(t *testing.T) {
	var src strings.Builder
	for i := range 12 {
		fmt.Fprintf(&src, "a%d = 1\n", i+1)
	}
	p := hclparse.NewParser()
	if _, diags := p.ParseHCL([]byte(src.String()), "w.hcl"); diags.HasErrors() {
		t.Fatal(diags)
	}
	f := finding.Finding{Rule: "r", Severity: finding.Error, Message: "M.",
		Range: hcl.Range{Filename: "w.hcl", Start: hcl.Pos{Line: 9, Column: 1}, End: hcl.Pos{Line: 10, Column: 6}}}
	got := writeString(t, "text", Input{Findings: []finding.Finding{f}, Files: p.Files()})
	if !strings.Contains(got, "\n   9: a9 = 1\n  10: a10 = 1\n") {
		t.Errorf("line numbers not aligned:\n%s", got)
	}
}
