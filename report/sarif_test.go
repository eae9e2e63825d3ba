package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/topolint/topo/finding"
)

// sarifSchema compiles the vendored OASIS SARIF 2.1.0 schema (draft-04) with
// format assertions on.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := doc.(map[string]any)["id"].(string); id != SARIFSchemaURI {
		t.Fatalf("vendored schema has id %q, want %q", id, SARIFSchemaURI)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(SARIFSchemaURI, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SARIFSchemaURI)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("sarif output is not JSON: %v\n%s", err, out)
	}
	return sch.Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := sarifSchema(t)
	noVersion := fixture(t)
	noVersion.ToolVersion = ""
	noVersion.ToolName = ""
	odd := Input{
		Findings: []finding.Finding{{
			Rule: "not-registered", Severity: finding.Warning, Message: "m",
			Range:   hcl.Range{Filename: "dir with space/a,b.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 1}},
			Related: []finding.Related{{Range: hcl.Range{}}},
		}, {
			Rule: "no-range", Severity: finding.Notice, Message: "m",
		}},
	}
	cases := map[string]Input{
		"fixture":              fixture(t),
		"empty":                {},
		"no version, no name":  noVersion,
		"odd names and ranges": odd,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			out := []byte(writeString(t, "sarif", in))
			if err := validateSARIF(t, sch, out); err != nil {
				t.Errorf("output does not validate: %v\n%s", err, out)
			}
		})
	}
}

// TestSARIFSchemaRejects makes sure the validator is really checking: small
// breakages of valid output must fail.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := sarifSchema(t)
	good := writeString(t, "sarif", fixture(t))
	breakages := map[string][2]string{
		"bad level":     {`"level": "note"`, `"level": "info"`},
		"bad version":   {`"version": "2.1.0"`, `"version": "2.0.0"`},
		"line 0":        {`"startLine": 14`, `"startLine": 0`},
		"uri with \\":   {`"uri": "deploy/topology.hcl"`, `"uri": "deploy\\topology.hcl"`},
		"unknown field": {`"ruleId": "topo-decode"`, `"ruleId": "topo-decode", "rule_id": "x"`},
		"message no obj": {`"message": {
            "text": "Tier \"f5\" is on every path and has one node."
          }`, `"message": "Tier f5"`},
	}
	for name, b := range breakages {
		if !strings.Contains(good, b[0]) {
			t.Fatalf("%s: output lacks %q", name, b[0])
		}
		bad := strings.Replace(good, b[0], b[1], 1)
		if err := validateSARIF(t, sch, []byte(bad)); err == nil {
			t.Errorf("%s: broken output validates", name)
		}
	}
}

// sarifLog is the part of a SARIF log the content test reads.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations        []sarifLocationJSON `json:"locations"`
			RelatedLocations []sarifLocationJSON `json:"relatedLocations"`
			Fingerprints     map[string]string   `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifLocationJSON struct {
	ID               int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region struct {
			StartLine, StartColumn, EndLine, EndColumn int
		} `json:"region"`
	} `json:"physicalLocation"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
}

func TestSARIFContent(t *testing.T) {
	in := fixture(t)
	var log sarifLog
	if err := json.Unmarshal([]byte(writeString(t, "sarif", in)), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema != SARIFSchemaURI {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "topo" || d.Version != "0.1.0" || d.InformationURI != InformationURI {
		t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
	}
	wantIDs := []string{"adapter-missing", "cookie-affinity-cookieless-client", "hash-not-consistent", "ip-hash-collapse", "single-point-of-failure", DecodeRuleID}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Errorf("rules %v, want %v", ids, wantIDs)
	}
	for i, r := range in.Rules {
		got := d.Rules[i]
		if got.ShortDescription.Text != r.Summary || got.HelpURI != r.DocsURL || got.DefaultConfiguration.Level != sarifLevel(r.Severity) {
			t.Errorf("rule %s: %+v", r.ID, got)
		}
	}
	if n := len(in.Findings) + len(in.Diagnostics); len(run.Results) != n {
		t.Fatalf("%d results, want %d", len(run.Results), n)
	}
	wantLevel := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Notice: "note"}
	prints := map[string]bool{}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(d.Rules) || d.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %v does not point at rule %s", i, res.RuleIndex, res.RuleID)
		}
		fp := res.Fingerprints[fingerprintKey]
		if len(fp) != 32 || prints[fp] {
			t.Errorf("result %d: fingerprint %q empty, malformed or repeated", i, fp)
		}
		prints[fp] = true
		if i >= len(in.Findings) {
			continue
		}
		f := in.Findings[i]
		if res.RuleID != f.Rule || res.Level != wantLevel[f.Severity] || res.Message.Text != f.Message {
			t.Errorf("result %d: %s %s %q, want %s %s %q", i, res.RuleID, res.Level, res.Message.Text, f.Rule, wantLevel[f.Severity], f.Message)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		checkLocation(t, res.Locations[0], f.Range)
		if len(res.RelatedLocations) != len(f.Related) {
			t.Fatalf("result %d: %d related locations, want %d", i, len(res.RelatedLocations), len(f.Related))
		}
		for j, r := range f.Related {
			got := res.RelatedLocations[j]
			checkLocation(t, got, r.Range)
			if got.ID != j+1 || got.Message.Text != r.Message {
				t.Errorf("result %d related %d: id %d message %q", i, j, got.ID, got.Message.Text)
			}
		}
	}
	decode := run.Results[len(in.Findings):]
	if decode[0].RuleID != DecodeRuleID || decode[0].Level != "error" || len(decode[0].Locations) != 1 {
		t.Errorf("decode error result: %+v", decode[0])
	}
	checkLocation(t, decode[0].Locations[0], *in.Diagnostics[0].Subject)
	if decode[1].Level != "warning" || len(decode[1].Locations) != 0 {
		t.Errorf("decode warning without subject: %+v", decode[1])
	}
}

func checkLocation(t *testing.T, got sarifLocationJSON, want hcl.Range) {
	t.Helper()
	pl := got.PhysicalLocation
	if pl.ArtifactLocation.URI != filepath.ToSlash(want.Filename) {
		t.Errorf("uri %q, want %q", pl.ArtifactLocation.URI, want.Filename)
	}
	r := pl.Region
	if r.StartLine != want.Start.Line || r.StartColumn != want.Start.Column || r.EndLine != want.End.Line || r.EndColumn != want.End.Column {
		t.Errorf("region %+v, want %s", r, want)
	}
}

func TestSARIFFingerprintStable(t *testing.T) {
	// The fingerprint ignores the line, so it survives edits above the finding,
	// and changes with the rule, the file or the message.
	base := fingerprint("r", "a/b.hcl", "m")
	if base != fingerprint("r", "a/b.hcl", "m") {
		t.Error("fingerprint is not stable")
	}
	for _, other := range []string{fingerprint("r2", "a/b.hcl", "m"), fingerprint("r", "a/c.hcl", "m"), fingerprint("r", "a/b.hcl", "m2"), fingerprint("r", "a/b.hclm", "")} {
		if other == base {
			t.Errorf("fingerprint collision with %s", other)
		}
	}
}

func TestSARIFRulesMerge(t *testing.T) {
	in := Input{
		Rules: []RuleInfo{{ID: "b", Severity: finding.Warning, Summary: "B"}},
		Findings: []finding.Finding{
			{Rule: "a", Severity: finding.Error, DocsURL: "https://x/a"},
			{Rule: "b", Severity: finding.Error}, // severity overridden by config
		},
	}
	got := sarifRules(in)
	want := []RuleInfo{
		{ID: "a", Severity: finding.Error, DocsURL: "https://x/a"},
		{ID: "b", Severity: finding.Warning, Summary: "B"},
		decodeRule,
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("rule %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	out := writeString(t, "sarif", in)
	if !strings.Contains(out, `"text": "a"`) {
		t.Errorf("rule without summary has no shortDescription text:\n%s", out)
	}
}

func TestArtifactURI(t *testing.T) {
	cases := map[string]string{
		"topology.hcl":           "topology.hcl",
		"deploy/topology.hcl":    "deploy/topology.hcl",
		"./deploy/topology.hcl":  "./deploy/topology.hcl",
		"../x/topology.hcl":      "../x/topology.hcl",
		"my dir/t.hcl":           "my%20dir/t.hcl",
		"a:b.hcl":                "./a:b.hcl",
		"/srv/topo/topology.hcl": "file:///srv/topo/topology.hcl",
		"100%.hcl":               "100%25.hcl",
	}
	for in, want := range cases {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
}
