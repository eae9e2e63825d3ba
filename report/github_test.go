package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

func TestGitHubEscapeData(t *testing.T) {
	cases := map[string]string{
		"plain":                  "plain",
		"50% done":               "50%25 done",
		"%0A is not a newline":   "%250A is not a newline",
		"line1\nline2":           "line1%0Aline2",
		"crlf\r\nend":            "crlf%0D%0Aend",
		"a: b, c":                "a: b, c",
		"::error::not a command": "::error::not a command",
	}
	for in, want := range cases {
		if got := escapeData(in); got != want {
			t.Errorf("escapeData(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubEscapeProperty(t *testing.T) {
	cases := map[string]string{
		"deploy/topology.hcl": "deploy/topology.hcl",
		"C:/x/t.hcl":          "C%3A/x/t.hcl",
		"a,b.hcl":             "a%2Cb.hcl",
		"100%.hcl":            "100%25.hcl",
		"new\nline\r":         "new%0Aline%0D",
		"%3A":                 "%253A",
	}
	for in, want := range cases {
		if got := escapeProperty(in); got != want {
			t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	rng := hcl.Range{Filename: "dir,1/a:b.hcl", Start: hcl.Pos{Line: 3, Column: 5}, End: hcl.Pos{Line: 4, Column: 1}}
	in := Input{
		Findings: []finding.Finding{
			{Rule: "r-error", Severity: finding.Error, Message: "Broken: fix it,\nnow 100%", Range: rng},
			{Rule: "r-warning", Severity: finding.Warning, Message: "w", Range: rng},
			{Rule: "r-notice", Severity: finding.Notice, Message: "n", Range: rng},
			{Rule: "no-range", Severity: finding.Error, Message: "m"},
		},
		Diagnostics: hcl.Diagnostics{
			{Severity: hcl.DiagError, Summary: "Invalid reference", Detail: "A reference to a\nresource.", Subject: &rng},
			{Severity: hcl.DiagError, Summary: "No topology block"},
			{Severity: hcl.DiagWarning, Summary: "Deprecated", Detail: "Use x."},
		},
	}
	want := "" +
		"::error file=dir%2C1/a%3Ab.hcl,line=3,col=5,endLine=4,endColumn=1,title=r-error::Broken: fix it,%0Anow 100%25\n" +
		"::warning file=dir%2C1/a%3Ab.hcl,line=3,col=5,endLine=4,endColumn=1,title=r-warning::w\n" +
		"::notice file=dir%2C1/a%3Ab.hcl,line=3,col=5,endLine=4,endColumn=1,title=r-notice::n\n" +
		"::error title=no-range::m\n" +
		"::error file=dir%2C1/a%3Ab.hcl,line=3,col=5,endLine=4,endColumn=1,title=topo-decode::Invalid reference: A reference to a%0Aresource.\n" +
		"::error title=topo-decode::No topology block\n" +
		"::warning title=topo-decode::Deprecated: Use x.\n"
	if diff := cmp.Diff(want, writeString(t, "github", in)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := writeString(t, "github", Input{}); got != "" {
		t.Errorf("empty input printed %q", got)
	}
}

func TestGitHubTitleEscaped(t *testing.T) {
	got := workflowCommand("error", nil, "a,b:c", "m")
	if want := "::error title=a%2Cb%3Ac::m"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := workflowCommand("notice", nil, "", "m"), "::notice::m"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
