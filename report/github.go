package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

// writeGitHub prints one GitHub Actions workflow command per finding, then one
// per decode diagnostic:
//
//	::error file=topology.hcl,line=27,col=3,endLine=27,endColumn=22,title=ip-hash-collapse::<message>
//
// Findings use ::error, ::warning or ::notice by severity; decode diagnostics
// use ::error (or ::warning for HCL warnings) with the title topo-decode.
func writeGitHub(w io.Writer, in Input) error {
	ew := &errWriter{w: w}
	for _, f := range in.Findings {
		cmd := "notice"
		switch f.Severity {
		case finding.Error:
			cmd = "error"
		case finding.Warning:
			cmd = "warning"
		}
		ew.printf("%s\n", workflowCommand(cmd, &f.Range, f.Rule, f.Message))
	}
	for _, d := range in.Diagnostics {
		if d == nil {
			continue
		}
		ew.printf("%s\n", workflowCommand(diagSeverity(d), d.Subject, DecodeRuleID, diagText(d)))
	}
	return ew.err
}

// workflowCommand builds "::cmd file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message".
// Position properties are left out when rng is nil or names no file.
func workflowCommand(cmd string, rng *hcl.Range, title, message string) string {
	var props []string
	if rng != nil && rng.Filename != "" {
		props = append(props, "file="+escapeProperty(rng.Filename))
		if rng.Start.Line >= 1 {
			props = append(props, "line="+strconv.Itoa(rng.Start.Line))
			if rng.Start.Column >= 1 {
				props = append(props, "col="+strconv.Itoa(rng.Start.Column))
			}
			if rng.End.Line >= rng.Start.Line {
				props = append(props, "endLine="+strconv.Itoa(rng.End.Line))
				if rng.End.Column >= 1 {
					props = append(props, "endColumn="+strconv.Itoa(rng.End.Column))
				}
			}
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(cmd)
	if len(props) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(props, ","))
	}
	b.WriteString("::")
	b.WriteString(escapeData(message))
	return b.String()
}

// escapeData escapes a workflow command's message: % (first), CR and LF.
func escapeData(s string) string {
	return dataEscaper.Replace(s)
}

// escapeProperty escapes a workflow command's property value: as escapeData,
// plus : and ,.
func escapeProperty(s string) string {
	return propertyEscaper.Replace(s)
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
