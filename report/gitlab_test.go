package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/topolint/topo/finding"
)

// Every issue has the fields GitLab reads and a fingerprint of its own,
// also when two findings share a rule, tier and line; no finding is "[]".
func TestGitLabCodeQuality(t *testing.T) {
	in := fixture(t)
	in.Findings = append(in.Findings, in.Findings[0])
	var buf bytes.Buffer
	if err := Write("gitlab", &buf, in); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &issues); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, buf.Bytes())
	}
	if len(issues) != len(in.Findings)+len(in.Diagnostics) {
		t.Fatalf("%d issues for %d findings and %d diagnostics", len(issues), len(in.Findings), len(in.Diagnostics))
	}
	seen := map[string]bool{}
	for _, is := range issues {
		fp, _ := is["fingerprint"].(string)
		if fp == "" || seen[fp] {
			t.Errorf("fingerprint %q empty or repeated", fp)
		}
		seen[fp] = true
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if is["description"] == "" || is["check_name"] == "" || loc["path"] == nil || lines["begin"] == nil {
			t.Errorf("issue lacks a field GitLab reads: %v", is)
		}
		switch is["severity"] {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %v is not GitLab's", is["severity"])
		}
	}
	buf.Reset()
	if err := Write("gitlab", &buf, Input{Findings: []finding.Finding{}}); err != nil || buf.String() != "[]\n" {
		t.Fatalf("no finding: %q %v", buf.String(), err)
	}
}
