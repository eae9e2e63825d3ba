package report

import (
	"encoding/json"
	"io"

	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

// JSONFormatVersion is the value of "format_version" in the json format. It
// changes only when a field is removed or changes meaning.
const JSONFormatVersion = "1"

// The json* types are the json format's contract (see the topology-language
// spec, "Exit codes and JSON"). Struct fields fix the key order; slices are
// always allocated so that arrays are never null.
type jsonOutput struct {
	FormatVersion string        `json:"format_version"`
	Findings      []jsonFinding `json:"findings"`
	Errors        []jsonError   `json:"errors"`
	Summary       jsonSummary   `json:"summary"`
}

// jsonFinding: rule, severity, tier, message and range are the
// specification's; summary and detail give a finding the shape of an HCL
// diagnostic (detail is the same text as message, which stays for the
// contract); client, hops, related and docs are topo's additions.
type jsonFinding struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	Tier     string        `json:"tier"`
	Client   string        `json:"client"`
	Hops     []jsonHop     `json:"hops"`
	Summary  string        `json:"summary"`
	Detail   string        `json:"detail"`
	Message  string        `json:"message"`
	Range    jsonRange     `json:"range"`
	Related  []jsonRelated `json:"related"`
	Docs     string        `json:"docs"`
}

// jsonHop is a hop a finding is about: the way out of a tier (route "" for
// its default) or a client's connection to its entry tier.
type jsonHop struct {
	Tier   string `json:"tier,omitempty"`
	Route  string `json:"route,omitempty"`
	Client string `json:"client,omitempty"`
}

type jsonRelated struct {
	Message string    `json:"message"`
	Range   jsonRange `json:"range"`
}

type jsonError struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail"`
	Range    *jsonRange `json:"range"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type jsonSummary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Notice  int `json:"notice"`
}

func toJSONRange(r hcl.Range) jsonRange {
	return jsonRange{
		Filename: r.Filename,
		Start:    jsonPos{Line: r.Start.Line, Column: r.Start.Column},
		End:      jsonPos{Line: r.End.Line, Column: r.End.Column},
	}
}

func writeJSON(w io.Writer, in Input) error {
	out := jsonOutput{
		FormatVersion: JSONFormatVersion,
		Findings:      make([]jsonFinding, 0, len(in.Findings)),
		Errors:        make([]jsonError, 0, len(in.Diagnostics)),
	}
	for _, f := range in.Findings {
		jf := jsonFinding{
			Rule:     f.Rule,
			Severity: f.Severity.String(),
			Tier:     f.Tier,
			Client:   f.Client,
			Hops:     make([]jsonHop, 0, len(f.Hops)),
			Summary:  f.Summary,
			Detail:   f.Message,
			Message:  f.Message,
			Range:    toJSONRange(f.Range),
			Related:  make([]jsonRelated, 0, len(f.Related)),
			Docs:     f.DocsURL,
		}
		for _, h := range f.Hops {
			jf.Hops = append(jf.Hops, jsonHop{Tier: h.Tier, Route: h.Route, Client: h.Client})
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{Message: r.Message, Range: toJSONRange(r.Range)})
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, d := range in.Diagnostics {
		if d == nil {
			continue
		}
		je := jsonError{Severity: diagSeverity(d), Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			r := toJSONRange(*d.Subject)
			je.Range = &r
		}
		out.Errors = append(out.Errors, je)
	}
	errs, warns, notes := finding.Count(in.Findings)
	out.Summary = jsonSummary{Error: errs, Warning: warns, Notice: notes}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out) // Encode ends the document with a newline.
}
