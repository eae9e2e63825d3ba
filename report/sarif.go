package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/topolint/topo/finding"
)

// fingerprintKey names topo's partial fingerprint in SARIF results. The value
// is a hash of the rule ID, the artifact URI and the message, so that a
// finding keeps its identity when lines above it move.
const fingerprintKey = "topo/v1"

// SARIFSchemaURI is the "$schema" of the sarif format: the OASIS SARIF 2.1.0
// schema (errata 01), the one the tests validate against.
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// decodeRule describes the pseudo-rule under which decode diagnostics are
// reported.
var decodeRule = RuleInfo{
	ID:       DecodeRuleID,
	Severity: finding.Error,
	Summary:  "The topology could not be decoded",
}

// writeSARIF prints a SARIF 2.1.0 log with a single run. The driver's rules
// are every rule of in.Rules, any rule a finding names that in.Rules lacks,
// and the pseudo-rule topo-decode, sorted by ID. Findings come first as
// results, then decode diagnostics as results of topo-decode.
func writeSARIF(w io.Writer, in Input) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	log.Schema = SARIFSchemaURI
	name := in.ToolName
	if name == "" {
		name = "topo"
	}
	driver := sarif.NewDriver(name).WithInformationURI(InformationURI)
	if in.ToolVersion != "" {
		driver.WithVersion(in.ToolVersion)
	}

	for _, r := range sarifRules(in) {
		desc := r.Summary
		if desc == "" {
			desc = r.ID
		}
		d := sarif.NewRule(r.ID).
			WithDescription(desc).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
		if r.DocsURL != "" {
			d.WithHelpURI(r.DocsURL)
		}
		driver.AddRule(d)
	}

	run := sarif.NewRun(*sarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	for _, f := range in.Findings {
		res := sarif.NewRuleResult(f.Rule).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message))
		if loc := sarifLocation(f.Range); loc != nil {
			res.AddLocation(loc)
		}
		for i, r := range f.Related {
			loc := sarifLocation(r.Range)
			if loc == nil {
				loc = sarif.NewLocation()
			}
			loc.WithId(i + 1)
			if r.Message != "" {
				loc.WithMessage(sarif.NewTextMessage(r.Message))
			}
			res.AddRelatedLocation(loc)
		}
		res.WithPartialFingerPrints(map[string]any{fingerprintKey: fingerprint(f.Rule, f.Range.Filename, f.Message)})
		run.AddResult(res) // sets ruleIndex from the driver's rules
	}
	for _, d := range in.Diagnostics {
		if d == nil {
			continue
		}
		text := diagText(d)
		res := sarif.NewRuleResult(DecodeRuleID).
			WithLevel(diagSeverity(d)).
			WithMessage(sarif.NewTextMessage(text))
		file := ""
		if d.Subject != nil {
			file = d.Subject.Filename
			if loc := sarifLocation(*d.Subject); loc != nil {
				res.AddLocation(loc)
			}
		}
		res.WithPartialFingerPrints(map[string]any{fingerprintKey: fingerprint(DecodeRuleID, file, text)})
		run.AddResult(res)
	}
	log.AddRun(run)

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRules merges in.Rules, the rules findings name, and topo-decode, and
// sorts them by ID. The first description of an ID wins.
func sarifRules(in Input) []RuleInfo {
	seen := make(map[string]bool)
	var out []RuleInfo
	add := func(r RuleInfo) {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	for _, r := range in.Rules {
		add(r)
	}
	for _, f := range in.Findings {
		add(RuleInfo{ID: f.Rule, Severity: f.Severity, DocsURL: f.DocsURL})
	}
	add(decodeRule)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// sarifLevel maps a severity to a SARIF level: error, warning or note.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// sarifLocation turns an HCL range into a SARIF location with one physical
// location, or nil when the range names no file.
func sarifLocation(r hcl.Range) *sarif.Location {
	if r.Filename == "" {
		return nil
	}
	pl := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(r.Filename)))
	if r.Start.Line >= 1 {
		region := sarif.NewRegion().WithStartLine(r.Start.Line)
		if r.Start.Column >= 1 {
			region.WithStartColumn(r.Start.Column)
		}
		if r.End.Line >= r.Start.Line {
			region.WithEndLine(r.End.Line)
			if r.End.Column >= 1 {
				region.WithEndColumn(r.End.Column)
			}
		}
		pl.WithRegion(region)
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// artifactURI turns a file name into a URI reference: a relative name stays
// relative, with forward slashes and URI escaping (a space becomes %20); an
// absolute name becomes a file:// URI.
func artifactURI(filename string) string {
	p := filepath.ToSlash(filename)
	if filepath.IsAbs(filename) {
		if p[0] != '/' {
			p = "/" + p // Windows: C:/x -> /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// fingerprint is a stable hash of a result's rule, file and message.
func fingerprint(rule, filename, message string) string {
	h := sha256.New()
	for _, s := range []string{rule, filepath.ToSlash(filename), message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
