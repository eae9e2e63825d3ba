package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/baseline"
	"github.com/topolint/topo/config"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/importer/nginxconf"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/internal/termsafe"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/rules"
)

type lintFlags struct {
	format        string
	failOn        string
	disable       []string
	noIgnore      bool
	baseline      string
	baselineWrite string
	each          bool
	app           string
	confDir       string
}

func newLintCmd() *cobra.Command {
	var fl lintFlags
	c := &cobra.Command{
		Use:   "lint [PATH | SOURCE...]",
		Short: "Analyse a topology hop by hop and report what breaks sessions",
		Long: `lint reads a topology (a file, or every *.hcl file of a directory; default: the current
directory), analyses the chain hop by hop and reports findings. A directory without *.hcl files
of its own holds one topology per subdirectory that has some (one folder per deployment), each
linted on its own; --each lints every *.hcl file on its own. The reports are merged.

Given deployed configurations instead (SOURCE: an nginx main file or nginx -T dump, an
haproxy.cfg, Terraform or AWS JSON, or FILE@HOST; see topo import), lint imports them and reports each finding at the
line of the configuration it comes from; --app adds the topology, socketio and client blocks
the files cannot say.

A project configuration (.topo.hcl in the working directory or its nearest parent, or
--config) can set the format, --fail-on, the topology path and each rule's severity or
enablement; flags override it.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on, or the
topology does not decode; 2 topo could not run (a configuration with errors among them).`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				for _, a := range args {
					if !importer.IsConfig(a) {
						return fail(ExitError, "lint takes one topology PATH, or deployed configurations: %s is neither a configuration nor FILE@HOST", a)
					}
				}
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"hcl"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 && importer.IsConfig(args[0]) {
				return runLintConfigs(c, args, fl)
			}
			if fl.app != "" {
				return fail(ExitError, "--app is for linting deployed configurations, not a topology")
			}
			path := ""
			if len(args) > 0 {
				path = args[0]
			}
			return runLint(c, path, fl)
		},
	}
	c.Flags().StringVarP(&fl.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	c.Flags().StringVar(&fl.failOn, "fail-on", "error", "lowest severity that makes topo exit 1: error, warning or notice")
	c.Flags().StringSliceVar(&fl.disable, "disable", nil, "rule IDs not to run (repeatable, comma-separated)")
	c.Flags().BoolVar(&fl.noIgnore, "no-inline-ignores", false, "ignore every `# topo-ignore:` comment")
	c.Flags().BoolVar(&fl.each, "each", false, "lint every *.hcl file of the directory (and below) as a topology of its own")
	c.Flags().StringVar(&fl.baseline, "baseline", "", "report only findings that the baseline `FILE` does not record, and list its entries that no longer occur")
	c.Flags().StringVar(&fl.app, "app", "", "with deployed configurations: an HCL `FILE` of topology, socketio and client blocks")
	c.Flags().StringVar(&fl.confDir, "nginx-conf-dir", nginxconf.DefaultConfDir, "with nginx configurations: the `DIR` nginx.conf is deployed in; absolute includes under it are read from beside each main file")
	c.Flags().StringVar(&fl.baselineWrite, "baseline-write", "", "record today's findings in `FILE` (and exit 0), for --baseline")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return report.Formats(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"error", "warning", "notice"}, cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("disable", completeRules)
	return c
}

func completeRules(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	var ids []string
	for _, r := range rules.All {
		ids = append(ids, r.ID+"\t"+r.Summary)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// validFormat checks --format before anything runs.
func validFormat(f string) error {
	for _, x := range report.Formats() {
		if x == f {
			return nil
		}
	}
	return fail(ExitError, "unknown format %q: want one of %s", f, strings.Join(report.Formats(), ", "))
}

// runLintConfigs lints deployed configurations.
func runLintConfigs(c *cobra.Command, args []string, fl lintFlags) error {
	srcs, err := importer.ReadSources(args, inputLimit(c))
	if err != nil {
		return fail(ExitError, "%v", err)
	}
	iopts := importer.Options{MaxFileSize: inputLimit(c), NginxConfDir: fl.confDir}
	if fl.app != "" {
		b, err := safeio.ReadFile(fl.app, inputLimit(c))
		if err != nil {
			return fail(ExitError, "--app: %v", err)
		}
		iopts.Overlay, iopts.OverlayName = b, fl.app
	}
	return lintWith(c, "", fl, srcs, iopts)
}

func runLint(c *cobra.Command, path string, fl lintFlags) error {
	return lintWith(c, path, fl, nil, importer.Options{})
}

// lintWith lints the topology at path, or the deployed configurations
// when configs is not nil.
func lintWith(c *cobra.Command, path string, fl lintFlags, configs []deployed.Source, iopts importer.Options) error {
	if fl.baseline != "" && fl.baselineWrite != "" {
		return fail(ExitError, "--baseline and --baseline-write cannot be combined")
	}
	cfg, err := projectConfig(c)
	if err != nil {
		return err
	}
	// Flags override the configuration, which overrides the defaults.
	if fl.baseline == "" && fl.baselineWrite == "" {
		fl.baseline = cfg.Baseline
	}
	if !c.Flags().Changed("format") && cfg.Format != "" {
		fl.format = cfg.Format
	}
	if err := validFormat(fl.format); err != nil {
		return err
	}
	failOn, err := finding.ParseSeverity(fl.failOn)
	if err != nil {
		return fail(ExitError, "--fail-on: %v", err)
	}
	if !c.Flags().Changed("fail-on") && cfg.FailOn != nil {
		failOn = *cfg.FailOn
	}
	if path == "" {
		path = "."
		if cfg.Topology != "" {
			path = cfg.Topology
		}
	}
	for _, id := range fl.disable {
		if rules.Lookup(id) == nil {
			return fail(ExitError, "--disable: there is no rule %q%s", id, didYouMean(id))
		}
	}
	opts := lint.Options{Disabled: mergeDisabled(cfg, fl.disable), NoInlineIgnores: fl.noIgnore, MaxFileSize: inputLimit(c), Severity: cfg.Severities()}
	var res *lint.Result
	if configs != nil {
		var imp *importer.Result
		res, imp = lint.Configs(configs, iopts, opts)
		if fl.format == "text" {
			for _, n := range imp.Notes {
				fmt.Fprintf(c.ErrOrStderr(), "topo: not imported: %s:%d: %s\n", termsafe.Line(n.Range.Filename), n.Range.Start.Line, termsafe.Line(n.Text))
			}
		}
	} else {
		paths, err := lint.Topologies(path, fl.each)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		var results []*lint.Result
		for _, p := range paths {
			r, err := lint.Path(p, opts)
			if err != nil {
				return fail(ExitError, "%v", err)
			}
			results = append(results, r)
		}
		res = lint.Merge(results)
	}
	if fl.baselineWrite != "" && res.Decoded() {
		b := baseline.New(res.Findings, res.Files)
		if err := writeNew(fl.baselineWrite, b.Marshal()); err != nil {
			return fail(ExitError, "--baseline-write: %v", err)
		}
		if err := writeResult(c, fl.format, res, cfg); err != nil {
			return err
		}
		fmt.Fprintf(c.ErrOrStderr(), "topo: recorded %d finding(s) in %s; lint with --baseline %s to report only new ones.\n", len(b.Entries), termsafe.Line(fl.baselineWrite), termsafe.Line(fl.baselineWrite))
		return nil
	}
	if fl.baseline != "" && res.Decoded() {
		data, err := safeio.ReadFile(fl.baseline, 32<<20)
		if err != nil {
			return fail(ExitError, "--baseline: %v", err)
		}
		b, err := baseline.Parse(data)
		if err != nil {
			return fail(ExitError, "--baseline %s: %v", fl.baseline, err)
		}
		fresh, gone := b.Filter(res.Findings, res.Files)
		known := len(res.Findings) - len(fresh)
		res.Findings = fresh
		if err := writeResult(c, fl.format, res, cfg); err != nil {
			return err
		}
		stderr := c.ErrOrStderr()
		if known > 0 {
			fmt.Fprintf(stderr, "topo: %d finding(s) recorded in the baseline %s are not reported.\n", known, termsafe.Line(fl.baseline))
		}
		if len(gone) > 0 {
			fmt.Fprintf(stderr, "topo: %d baseline entr%s no longer occur (fixed, or changed); lint with --baseline-write %s to drop them:\n", len(gone), map[bool]string{true: "y", false: "ies"}[len(gone) == 1], termsafe.Line(fl.baseline))
			for _, e := range gone {
				fmt.Fprintf(stderr, "  %s %s (%s): %s\n", e.Rule, termsafe.Line(e.Tier), termsafe.Line(e.Location), termsafe.Line(e.Summary))
			}
		}
		if finding.AtOrAbove(res.Findings, failOn) {
			return fail(ExitFindings, "")
		}
		return nil
	}
	if err := writeResult(c, fl.format, res, cfg); err != nil {
		return err
	}
	if !res.Decoded() || finding.AtOrAbove(res.Findings, failOn) {
		return fail(ExitFindings, "")
	}
	return nil
}

// writeResult prints a lint result: findings on stdout in the format, and,
// for the text format, decode diagnostics on stderr with the HCL writer.
func writeResult(c *cobra.Command, format string, res *lint.Result, cfg *config.Config) error {
	in := report.Input{
		Findings:    res.Findings,
		Diagnostics: res.Diagnostics,
		Files:       res.Files,
		Rules:       ruleInfos(cfg),
		ToolName:    "topo",
		ToolVersion: version.Version,
	}
	if format == "text" && len(res.Diagnostics) > 0 {
		if err := report.WriteDiagnostics(c.ErrOrStderr(), res.Files, res.Diagnostics, false); err != nil {
			return fail(ExitError, "%v", err)
		}
		if !res.Decoded() {
			return nil
		}
	}
	if err := report.Write(format, c.OutOrStdout(), in); err != nil {
		return fail(ExitError, "%v", err)
	}
	return nil
}

// ruleInfos describes every rule for the reports, with its severity under
// cfg (nil: the defaults).
func ruleInfos(cfg *config.Config) []report.RuleInfo {
	out := make([]report.RuleInfo, 0, len(rules.All))
	for _, r := range rules.All {
		sev := r.Severity
		if cfg != nil {
			sev = effectiveSeverity(cfg, r)
		}
		out = append(out, report.RuleInfo{ID: r.ID, Severity: sev, Summary: r.Summary, DocsURL: r.DocsURL()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// printf writes to the command's stdout.
func printf(c *cobra.Command, format string, args ...any) {
	fmt.Fprintf(c.OutOrStdout(), format, args...)
}

// writeNew writes data to path atomically: a temporary file next to it,
// renamed over it. An existing path must be a regular file.
func writeNew(path string, data []byte) error {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
