// Package config reads topo's project configuration, .topo.hcl: the
// severities and rules a team wants, the exit threshold, the default output
// format and the topology to lint, so that every pipeline and every
// developer runs topo the same way without repeating flags. It is found the
// way golangci-lint finds its file: in the working directory or the nearest
// parent that has one. Flags given on the command line override it.
//
//	config {
//	  fail_on = "warning"
//	  format  = "sarif"
//	  path    = "deploy/topology.hcl"
//	  baseline = "topo-baseline.json"
//	}
//
//	rule "single-point-of-failure" {
//	  enabled = false
//	}
//
//	rule "hash-not-consistent" {
//	  severity = "error"
//	}
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/internal/suggest"
	"github.com/zclconf/go-cty/cty"
)

// FileName is the name of the configuration file.
const FileName = ".topo.hcl"

// maxSize bounds the configuration file.
const maxSize = 1 << 20

// Config is a decoded configuration file.
type Config struct {
	// Path is the file it was read from.
	Path string
	// FailOn is the lowest severity that makes lint exit 1; nil when the
	// file does not say.
	FailOn *finding.Severity
	// Format is the default output format; "" when the file does not say.
	Format string
	// Topology is the topology to lint when no path is given, relative to
	// the working directory (the file writes it relative to itself); "" when
	// the file does not say.
	Topology string
	// Baseline is the baseline file topo lint filters its findings with
	// when neither --baseline nor --baseline-write is given, relative to the
	// working directory (the file writes it relative to itself); "" when
	// the file does not say.
	Baseline string
	// Rules are the per-rule settings, by rule ID.
	Rules map[string]Rule
}

// Rule is the setting of one rule.
type Rule struct {
	// Enabled is false to turn the rule off; nil when not written.
	Enabled *bool
	// Severity replaces the rule's default severity; nil when not written.
	Severity *finding.Severity
}

// Disabled returns the IDs of the rules the file turns off, sorted.
func (c *Config) Disabled() []string {
	var out []string
	for id, r := range c.Rules {
		if r.Enabled != nil && !*r.Enabled {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Severities returns the severity overrides, by rule ID.
func (c *Config) Severities() map[string]finding.Severity {
	out := map[string]finding.Severity{}
	for id, r := range c.Rules {
		if r.Severity != nil {
			out[id] = *r.Severity
		}
	}
	return out
}

// Find returns the configuration file of dir: dir/.topo.hcl, or that of the
// nearest parent that has one; "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Lstat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

var (
	rootSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "config"},
		{Type: "rule", LabelNames: []string{"id"}},
	}}
	configSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "fail_on"}, {Name: "format"}, {Name: "path"}, {Name: "baseline"}}}
	ruleSchema   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "enabled"}, {Name: "severity"}}}
)

// Load reads the configuration file at path. ruleIDs and formats are what a
// rule block's label and format may name. The error is for a file that
// cannot be read; problems in it are diagnostics (with files for their
// snippets), and the configuration is nil when they hold an error.
func Load(path string, ruleIDs, formats []string) (*Config, map[string]*hcl.File, hcl.Diagnostics, error) {
	src, err := safeio.ReadFile(path, maxSize)
	if err != nil {
		return nil, nil, nil, err
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	files := map[string]*hcl.File{path: file}
	if diags.HasErrors() {
		return nil, files, diags, nil
	}
	cfg := &Config{Path: path, Rules: map[string]Rule{}}
	content, d := file.Body.Content(rootSchema)
	diags = append(diags, d...)
	seenConfig := false
	ruleRanges := map[string]hcl.Range{}
	for _, b := range content.Blocks {
		switch b.Type {
		case "config":
			if seenConfig {
				diags = append(diags, errorAt(b.DefRange, "Duplicate config block", "Write the settings in one config block."))
				continue
			}
			seenConfig = true
			diags = append(diags, cfg.decodeConfig(b, formats)...)
		case "rule":
			id := b.Labels[0]
			rng := b.LabelRanges[0]
			if !contains(ruleIDs, id) {
				detail := fmt.Sprintf("There is no rule %q (topo rules lists them).", id)
				if s := suggest.Closest(id, ruleIDs); s != "" {
					detail += fmt.Sprintf(" Did you mean %q?", s)
				}
				diags = append(diags, errorAt(rng, "Unknown rule", detail))
				continue
			}
			if prev, dup := ruleRanges[id]; dup {
				diags = append(diags, errorAt(b.DefRange, "Duplicate rule block", fmt.Sprintf("Rule %q is already configured at line %d; write its settings in one block.", id, prev.Start.Line)))
				continue
			}
			ruleRanges[id] = b.DefRange
			r, d := decodeRule(b)
			diags = append(diags, d...)
			cfg.Rules[id] = r
		}
	}
	if diags.HasErrors() {
		return nil, files, diags, nil
	}
	for _, p := range []*string{&cfg.Topology, &cfg.Baseline} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(filepath.Dir(path), *p)
		}
	}
	return cfg, files, diags, nil
}

func (cfg *Config) decodeConfig(b *hcl.Block, formats []string) hcl.Diagnostics {
	content, diags := b.Body.Content(configSchema)
	if a, ok := content.Attributes["fail_on"]; ok {
		s, d := str(a)
		diags = append(diags, d...)
		if s != "" {
			sev, err := finding.ParseSeverity(s)
			if err != nil {
				diags = append(diags, errorAt(a.Expr.Range(), "Invalid fail_on", "fail_on is the lowest severity that makes topo lint exit 1: \"error\", \"warning\" or \"notice\"."))
			} else {
				cfg.FailOn = &sev
			}
		}
	}
	if a, ok := content.Attributes["format"]; ok {
		s, d := str(a)
		diags = append(diags, d...)
		if s != "" && !contains(formats, s) {
			detail := fmt.Sprintf("format is one of %s.", strings.Join(formats, ", "))
			if m := suggest.Closest(s, formats); m != "" {
				detail += fmt.Sprintf(" Did you mean %q?", m)
			}
			diags = append(diags, errorAt(a.Expr.Range(), "Invalid format", detail))
		} else {
			cfg.Format = s
		}
	}
	if a, ok := content.Attributes["path"]; ok {
		s, d := str(a)
		diags = append(diags, d...)
		cfg.Topology = s
	}
	if a, ok := content.Attributes["baseline"]; ok {
		s, d := str(a)
		diags = append(diags, d...)
		cfg.Baseline = s
	}
	return diags
}

func decodeRule(b *hcl.Block) (Rule, hcl.Diagnostics) {
	var r Rule
	content, diags := b.Body.Content(ruleSchema)
	if a, ok := content.Attributes["enabled"]; ok {
		v, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() {
			if v.Type() != cty.Bool || v.IsNull() || !v.IsKnown() {
				diags = append(diags, errorAt(a.Expr.Range(), "Invalid enabled", "enabled is true or false."))
			} else {
				e := v.True()
				r.Enabled = &e
			}
		}
	}
	if a, ok := content.Attributes["severity"]; ok {
		s, d := str(a)
		diags = append(diags, d...)
		if s != "" {
			sev, err := finding.ParseSeverity(s)
			if err != nil {
				diags = append(diags, errorAt(a.Expr.Range(), "Invalid severity", "severity is \"error\", \"warning\" or \"notice\"."))
			} else {
				r.Severity = &sev
			}
		}
	}
	return r, diags
}

// str evaluates a string attribute without variables or functions.
func str(a *hcl.Attribute) (string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	if v.Type() != cty.String || v.IsNull() || !v.IsKnown() {
		return "", append(diags, errorAt(a.Expr.Range(), "Invalid "+a.Name, a.Name+" is a string."))
	}
	if v.AsString() == "" {
		return "", append(diags, errorAt(a.Expr.Range(), "Invalid "+a.Name, a.Name+" must not be empty."))
	}
	return v.AsString(), diags
}

func errorAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
