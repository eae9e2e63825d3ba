package main

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/config"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/rules"
)

// projectConfig loads the configuration the command runs with: --config
// FILE, else .topo.hcl in the working directory or its nearest parent that
// has one; none with --no-config or when there is no file. A file that
// cannot be read or does not decode stops the command (exit 2) with its
// diagnostics on stderr.
func projectConfig(c *cobra.Command) (*config.Config, error) {
	if off, _ := c.Flags().GetBool("no-config"); off {
		return &config.Config{Rules: map[string]config.Rule{}}, nil
	}
	path, _ := c.Flags().GetString("config")
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fail(ExitError, "%v", err)
		}
		if path, err = config.Find(wd); err != nil {
			return nil, fail(ExitError, "looking for %s: %v", config.FileName, err)
		}
		if path == "" {
			return &config.Config{Rules: map[string]config.Rule{}}, nil
		}
		// Messages name it as the user would: from the working directory.
		if rel, err := filepath.Rel(wd, path); err == nil {
			path = rel
		}
	}
	var ids []string
	for _, r := range rules.All {
		ids = append(ids, r.ID)
	}
	cfg, files, diags, err := config.Load(path, ids, report.Formats())
	if err != nil {
		return nil, fail(ExitError, "configuration: %v", err)
	}
	if diags.HasErrors() {
		_ = report.WriteDiagnostics(c.ErrOrStderr(), files, diags, false)
		return nil, fail(ExitError, "the configuration %s has errors; fix them, or run with --no-config", path)
	}
	return cfg, nil
}

// effectiveSeverity is rule r's severity under cfg.
func effectiveSeverity(cfg *config.Config, r *rules.Rule) finding.Severity {
	if s, ok := cfg.Severities()[r.ID]; ok {
		return s
	}
	return r.Severity
}

// mergeDisabled returns the rules the flags and the configuration turn off.
func mergeDisabled(cfg *config.Config, flags []string) []string {
	return append(cfg.Disabled(), flags...)
}
