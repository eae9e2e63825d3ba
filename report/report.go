package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/topolint/topo/internal/termsafe"

	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

// RuleInfo describes a rule for formats that list rules (SARIF).
type RuleInfo struct {
	// ID is the stable rule ID, e.g. "ip-hash-collapse".
	ID string
	// Severity is the rule's default severity.
	Severity finding.Severity
	// Summary is a one-line description of what the rule checks.
	Summary string
	// DocsURL links to the rule's documentation page.
	DocsURL string
}

// Input is everything a format prints.
type Input struct {
	// Findings are the lint findings, already sorted and de-duplicated by the
	// caller (finding.Sort).
	Findings []finding.Finding
	// Diagnostics are the decode errors and warnings of the topology; may be
	// empty.
	Diagnostics hcl.Diagnostics
	// Files are the parsed sources by file name, used for snippets.
	Files map[string]*hcl.File
	// Rules lists every registered rule, sorted by ID.
	Rules []RuleInfo
	// ToolName is the name of the tool, "topo".
	ToolName string
	// ToolVersion is the tool's version, e.g. "0.1.0"; may be empty.
	ToolVersion string
}

// DecodeRuleID is the rule ID under which the sarif and github formats report
// decode diagnostics of the topology.
const DecodeRuleID = "topo-decode"

// InformationURI is the tool's home page, written to the SARIF driver.
const InformationURI = "https://github.com/topolint/topo"

// formatters maps each format name to its writer; formatNames fixes the order.
var (
	formatNames = []string{"text", "json", "sarif", "github", "gitlab"}
	formatters  = map[string]func(io.Writer, Input) error{
		"text":   writeText,
		"json":   writeJSON,
		"sarif":  writeSARIF,
		"github": writeGitHub,
		"gitlab": writeGitLab,
	}
)

// Formats returns the names of the supported formats, the default ("text")
// first.
func Formats() []string {
	out := make([]string, len(formatNames))
	copy(out, formatNames)
	return out
}

// Write prints in to w in the named format: "text", "json", "sarif",
// "github" or "gitlab" (a GitLab Code Quality report). An unknown format name is an error and nothing is written.
func Write(format string, w io.Writer, in Input) error {
	f, ok := formatters[format]
	if !ok {
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(formatNames, ", "))
	}
	return f(w, in)
}

// WriteDiagnostics prints decode diagnostics the way HCL tools do, with source
// snippets taken from files, without line wrapping, and with terminal colors
// when color is true.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) error {
	if len(diags) == 0 {
		return nil
	}
	safeFiles, safeDiags := safeForTerminal(files, diags)
	return hcl.NewDiagnosticTextWriter(w, safeFiles, 0, color).WriteDiagnostics(safeDiags)
}

// safeForTerminal returns copies of files and diags in which no control
// character of a source line, a file name or a message can reach the
// terminal (package termsafe); ranges keep their offsets.
func safeForTerminal(files map[string]*hcl.File, diags hcl.Diagnostics) (map[string]*hcl.File, hcl.Diagnostics) {
	out := make(map[string]*hcl.File, len(files))
	for name, f := range files {
		if f == nil {
			continue
		}
		cp := *f
		cp.Bytes = termsafe.Source(f.Bytes)
		out[termsafe.Line(name)] = &cp
	}
	safeRange := func(r *hcl.Range) *hcl.Range {
		if r == nil {
			return nil
		}
		cp := *r
		cp.Filename = termsafe.Line(r.Filename)
		return &cp
	}
	var ds hcl.Diagnostics
	for _, d := range diags {
		if d == nil {
			continue
		}
		cp := *d
		cp.Summary, cp.Detail = termsafe.Line(d.Summary), termsafe.Text(d.Detail)
		cp.Subject, cp.Context = safeRange(d.Subject), safeRange(d.Context)
		cp.Expression, cp.EvalContext = nil, nil
		ds = append(ds, &cp)
	}
	return out, ds
}

// diagText is the one-line text of a diagnostic: "Summary: Detail", or just
// the summary when there is no detail.
func diagText(d *hcl.Diagnostic) string {
	switch {
	case d.Detail == "":
		return d.Summary
	case d.Summary == "":
		return d.Detail
	}
	return d.Summary + ": " + d.Detail
}

// diagSeverity is the lower-case name of a diagnostic's severity.
func diagSeverity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}

// errWriter remembers the first write error so that printing code can write
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
