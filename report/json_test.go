package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

// keysInOrder returns the keys of the JSON object in data in document order.
func keysInOrder(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestJSONStructure(t *testing.T) {
	in := fixture(t)
	out := writeString(t, "json", in)
	if !strings.HasSuffix(out, "}\n") || strings.HasSuffix(out, "\n\n") {
		t.Errorf("output does not end in exactly one newline: %q", out[len(out)-3:])
	}
	if !strings.HasPrefix(out, "{\n  \"format_version\": \"1\",\n") {
		t.Errorf("output is not indented with two spaces:\n%s", out)
	}
	if want := []string{"format_version", "findings", "errors", "summary"}; !slices.Equal(keysInOrder(t, []byte(out)), want) {
		t.Errorf("top-level keys %v, want %v", keysInOrder(t, []byte(out)), want)
	}

	var doc struct {
		FormatVersion string                       `json:"format_version"`
		Findings      []map[string]json.RawMessage `json:"findings"`
		Errors        []map[string]json.RawMessage `json:"errors"`
		Summary       map[string]int               `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.FormatVersion != "1" {
		t.Errorf("format_version %q", doc.FormatVersion)
	}
	if diff := cmp.Diff(map[string]int{"error": 2, "warning": 1, "notice": 1}, doc.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(doc.Findings) != len(in.Findings) {
		t.Fatalf("%d findings, want %d", len(doc.Findings), len(in.Findings))
	}
	for i, f := range in.Findings {
		got := doc.Findings[i]
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"client", "detail", "docs", "hops", "message", "range", "related", "rule", "severity", "summary", "tier"}; !slices.Equal(keys, want) {
			t.Errorf("finding %d keys %v, want %v", i, keys, want)
		}
		str := func(k string) string {
			var s string
			if err := json.Unmarshal(got[k], &s); err != nil {
				t.Errorf("finding %d %s: %v", i, k, err)
			}
			return s
		}
		if str("rule") != f.Rule || str("severity") != f.Severity.String() || str("tier") != f.Tier ||
			str("message") != f.Message || str("docs") != f.DocsURL {
			t.Errorf("finding %d: %s", i, mustJSON(got))
		}
		var rng jsonRange
		if err := json.Unmarshal(got["range"], &rng); err != nil {
			t.Fatal(err)
		}
		if rng != toJSONRange(f.Range) {
			t.Errorf("finding %d range %+v, want %s", i, rng, f.Range)
		}
		var related []jsonRelated
		if string(got["related"]) == "null" {
			t.Errorf("finding %d: related is null", i)
		}
		if err := json.Unmarshal(got["related"], &related); err != nil {
			t.Fatal(err)
		}
		if len(related) != len(f.Related) {
			t.Fatalf("finding %d: %d related, want %d", i, len(related), len(f.Related))
		}
		for j, r := range f.Related {
			if related[j].Message != r.Message || related[j].Range != toJSONRange(r.Range) {
				t.Errorf("finding %d related %d: %+v", i, j, related[j])
			}
		}
	}

	if len(doc.Errors) != 2 {
		t.Fatalf("%d errors, want 2", len(doc.Errors))
	}
	var e0 jsonError
	if err := json.Unmarshal([]byte(mustJSON(doc.Errors[0])), &e0); err != nil {
		t.Fatal(err)
	}
	d0 := in.Diagnostics[0]
	if e0.Severity != "error" || e0.Summary != d0.Summary || e0.Detail != d0.Detail || e0.Range == nil || *e0.Range != toJSONRange(*d0.Subject) {
		t.Errorf("errors[0] = %+v", e0)
	}
	if string(doc.Errors[1]["range"]) != "null" || string(doc.Errors[1]["severity"]) != `"warning"` {
		t.Errorf("errors[1] = %s, want a warning with range null", mustJSON(doc.Errors[1]))
	}
	// No HTML escaping: messages read as written.
	if !strings.Contains(out, `cookies & polls first, so an affinity cookie <io>`) {
		t.Error("message was HTML-escaped")
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestJSONEmptyArrays(t *testing.T) {
	want := `{
  "format_version": "1",
  "findings": [],
  "errors": [],
  "summary": {
    "error": 0,
    "warning": 0,
    "notice": 0
  }
}
`
	if diff := cmp.Diff(want, writeString(t, "json", Input{})); diff != "" {
		t.Errorf("empty input (-want +got):\n%s", diff)
	}
	// A finding without related ranges still has "related": [].
	out := writeString(t, "json", Input{Findings: []finding.Finding{{Rule: "r", Severity: finding.Notice, Range: hcl.Range{Filename: "a.hcl"}}}})
	if !strings.Contains(out, `"related": []`) || strings.Contains(out, "null") {
		t.Errorf("finding without related:\n%s", out)
	}
	// A nil diagnostic is skipped, not printed as null.
	out = writeString(t, "json", Input{Diagnostics: hcl.Diagnostics{nil}})
	if !strings.Contains(out, `"errors": []`) {
		t.Errorf("nil diagnostic:\n%s", out)
	}
}
