package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/topolint/topo/finding"
)

// codeQualityIssue is one issue of a GitLab Code Quality report: the subset
// of the Code Climate issue format that GitLab reads
// (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format").
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// writeGitLab prints a GitLab Code Quality report: a JSON array with one
// issue per finding, then per decode diagnostic. Severities map error to
// critical, warning to major and notice to info. The fingerprint is
// finding.Fingerprint, which survives line moves, so that GitLab tells new
// issues of a merge request from old ones; a second issue with the same
// fingerprint gets a suffix, since GitLab shows one issue per fingerprint.
func writeGitLab(w io.Writer, in Input) error {
	issues := []codeQualityIssue{}
	seen := map[string]int{}
	add := func(check, desc, severity, fp, path string, line int) {
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s-%d", fp, n)
		}
		issues = append(issues, codeQualityIssue{
			Description: desc, CheckName: check, Fingerprint: fp, Severity: severity,
			Location: codeQualityLocation{Path: filepath.ToSlash(path), Lines: codeQualityLines{Begin: max(line, 1)}},
		})
	}
	for _, f := range in.Findings {
		sev := "info"
		switch f.Severity {
		case finding.Error:
			sev = "critical"
		case finding.Warning:
			sev = "major"
		}
		add(f.Rule, f.Message, sev, finding.Fingerprint(f, in.Files), f.Range.Filename, f.Range.Start.Line)
	}
	for _, d := range in.Diagnostics {
		if d == nil {
			continue
		}
		sev := "major"
		if diagSeverity(d) == "error" {
			sev = "blocker"
		}
		path, line := "", 1
		if d.Subject != nil {
			path, line = d.Subject.Filename, d.Subject.Start.Line
		}
		// A diagnostic is fingerprinted like a finding of the rule
		// topo-decode whose "tier" is its summary: two diagnostics of one
		// line differ.
		f := finding.Finding{Rule: DecodeRuleID, Tier: d.Summary}
		if d.Subject != nil {
			f.Range = *d.Subject
		}
		add(DecodeRuleID, diagText(d), sev, finding.Fingerprint(f, in.Files), path, line)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}
