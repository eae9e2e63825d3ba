package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/finding"
)

var (
	ids     = []string{"single-point-of-failure", "hash-not-consistent", "ip-hash-collapse"}
	formats = []string{"text", "json", "sarif", "github"}
)

func load(t *testing.T, src string) (*Config, string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _, diags, err := Load(p, ids, formats)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Subject.String()+": "+d.Summary+": "+d.Detail)
	}
	return cfg, strings.Join(msgs, "\n")
}

func TestLoad(t *testing.T) {
	cfg, diags := load(t, `
config {
  fail_on = "warning"
  format  = "sarif"
  path    = "deploy/topology.hcl"
}

rule "single-point-of-failure" {
  enabled = false
}

rule "hash-not-consistent" {
  severity = "error"
}
`)
	if cfg == nil {
		t.Fatalf("diagnostics: %s", diags)
	}
	if cfg.FailOn == nil || *cfg.FailOn != finding.Warning || cfg.Format != "sarif" {
		t.Errorf("fail_on %v format %q", cfg.FailOn, cfg.Format)
	}
	if want := filepath.Join(filepath.Dir(cfg.Path), "deploy", "topology.hcl"); cfg.Topology != want {
		t.Errorf("path %q, want %q (relative to the file)", cfg.Topology, want)
	}
	if d := cfg.Disabled(); len(d) != 1 || d[0] != "single-point-of-failure" {
		t.Errorf("disabled %v", d)
	}
	if s := cfg.Severities(); len(s) != 1 || s["hash-not-consistent"] != finding.Error {
		t.Errorf("severities %v", s)
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"unknown key", "config {\n  fail_onn = \"error\"\n}\n", []string{":2,3-11: Unsupported argument", `Did you mean "fail_on"?`}},
		{"unknown block", "rules \"x\" {}\n", []string{"Unsupported block type", `Did you mean "rule"?`}},
		{"unknown rule", "rule \"hash-not-consistant\" {\n  enabled = false\n}\n", []string{":1,6-27: Unknown rule", `Did you mean "hash-not-consistent"?`}},
		{"bad severity", "rule \"ip-hash-collapse\" {\n  severity = \"fatal\"\n}\n", []string{":2,14-21: Invalid severity", `"error", "warning" or "notice"`}},
		{"bad fail_on", "config {\n  fail_on = \"warn\"\n}\n", []string{"Invalid fail_on"}},
		{"bad format", "config {\n  format = \"sariff\"\n}\n", []string{"Invalid format", `Did you mean "sarif"?`}},
		{"enabled not a bool", "rule \"ip-hash-collapse\" {\n  enabled = \"no\"\n}\n", []string{"Invalid enabled"}},
		{"duplicate rule", "rule \"ip-hash-collapse\" {}\nrule \"ip-hash-collapse\" {}\n", []string{"Duplicate rule block", "line 1"}},
		{"duplicate config", "config {}\nconfig {}\n", []string{"Duplicate config block"}},
		{"syntax", "config {\n", []string{"Unclosed configuration block"}},
		{"variables", "config {\n  format = var.x\n}\n", []string{"Variables not allowed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, diags := load(t, tc.src)
			if cfg != nil {
				t.Fatal("a configuration with errors was returned")
			}
			for _, w := range tc.want {
				if !strings.Contains(diags, w) {
					t.Errorf("diagnostics lack %q:\n%s", w, diags)
				}
			}
		})
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != "" {
		t.Fatalf("no file: %q %v", p, err)
	}
	want := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(want, []byte("config {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != want {
		t.Fatalf("Find = %q %v, want %q", p, err, want)
	}
}

func TestUnreadable(t *testing.T) {
	if _, _, _, err := Load(filepath.Join(t.TempDir(), "missing.hcl"), ids, formats); err == nil {
		t.Fatal("a missing file is not an error")
	}
}
