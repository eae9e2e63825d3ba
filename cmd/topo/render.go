package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/termsafe"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
	"github.com/topolint/topo/render/output"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/topology"
)

// renderFlags are the flags of every `topo render <target>`.
type renderFlags struct {
	out         string
	check       bool
	force       bool
	loadModules []string
}

func newRenderCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "render TARGET [PATH]",
		Short: "Render the configs of every tier of one product from the topology",
		Long: `render runs lint, refuses when there are error findings (unless --force), and writes one
complete config per node of every tier of the target product: nginx (<tier>-<n>.conf) or haproxy
(<tier>-<n>.cfg), n = 1, 2, ... in the order of nodes; for alb, <tier>.alb.json (aws-sdk-go-v2
inputs) and <tier>.alb.tf (Terraform) per ALB tier. Files are written atomically into --out; a file
that topo did not generate is never overwritten. Without --out the files go to stdout, each after a
"==> NAME <==" line. --check compares with the files in --out and exits 1 when they differ, also
when the topology no longer has a tier of the target and --out still holds its files.`,
	}
	for _, t := range render.Targets {
		c.AddCommand(newRenderTargetCmd(t))
	}
	return c
}

// targetLong is the long help of each target beyond what every target does.
var targetLong = map[string]string{
	"alb": `render alb runs lint, refuses when there are error findings (unless --force), and writes two files
per alb tier: <tier>.alb.json, the plan as aws-sdk-go-v2 elasticloadbalancingv2 inputs
(CreateTargetGroupInput, target group attributes, targets, CreateRuleInput, the listener's default
actions, the load balancer's idle timeout), and <tier>.alb.tf, the same plan as Terraform.

Polling sessions (the handshake, every request with a sid, the upgrade) reach a target group with
cookie stickiness; websocket requests without a sid may go to a group without stickiness. ARNs not
known before creation are the placeholders ${listener_arn}, ${vpc_id} and ${target_group:<name>}.
`,
}

func newRenderTargetCmd(t render.Target) *cobra.Command {
	var fl renderFlags
	long := targetLong[t.Name]
	if long == "" {
		long = fmt.Sprintf("render %s runs lint, refuses when there are error findings (unless --force), and writes %s.\n", t.Name, t.Files)
	}
	long += `
Files are written atomically into --out; a file that topo did not generate is never overwritten.
Without --out the files go to stdout, each after a "==> NAME <==" line. --check compares with the
files in --out and exits 1 when they differ.`
	c := &cobra.Command{
		Use:   t.Name + " [PATH]",
		Short: "Render " + t.Files,
		Long:  long,
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runRender(c, t, pathArg(args), fl)
		},
	}
	c.Flags().StringVarP(&fl.out, "out", "o", "", "directory to write the files into (default: print to stdout)")
	c.Flags().BoolVar(&fl.check, "check", false, "compare with the files in --out; exit 1 when they differ")
	c.Flags().BoolVar(&fl.force, "force", false, "render even when lint reports errors")
	if t.Name == "nginx" {
		c.Flags().StringSliceVar(&fl.loadModules, "load-module", nil, "dynamic module to load in layer 4 (stream) configs, e.g. /usr/lib/nginx/modules/ngx_stream_module.so (Debian)")
	}
	return c
}

func runRender(c *cobra.Command, t render.Target, path string, fl renderFlags) error {
	if fl.check && fl.out == "" {
		return fail(ExitError, "--check needs --out DIR: the directory to compare with")
	}
	cfg, err := projectConfig(c)
	if err != nil {
		return err
	}
	res, err := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c), Disabled: cfg.Disabled(), Severity: cfg.Severities()})
	if err != nil {
		return fail(ExitError, "%v", err)
	}
	stderr := c.ErrOrStderr()
	if !res.Decoded() {
		_ = report.WriteDiagnostics(stderr, res.Files, res.Diagnostics, false)
		return fail(ExitFindings, "")
	}
	var errs []finding.Finding
	for _, f := range res.Findings {
		if f.Severity == finding.Error {
			errs = append(errs, f)
		}
	}
	if len(errs) > 0 {
		_ = report.Write("text", stderr, report.Input{Findings: errs, Files: res.Files, Rules: ruleInfos(cfg), ToolName: "topo", ToolVersion: version.Version})
		if !fl.force {
			return fail(ExitFindings, "render refused: the topology has %d error finding(s); fix them, or render anyway with --force. Nothing was written.", len(errs))
		}
		fmt.Fprintf(stderr, "topo: rendering despite %d error finding(s) (--force).\n", len(errs))
	}
	printUnrendered(stderr, res)
	opts := render.Options{Source: headerSource(path, fl.out), TopoVersion: version.Version, LoadModules: fl.loadModules}
	if fl.out == "" {
		// To stdout: render the whole set first, so that a tier that
		// cannot be rendered leaves no half of the output behind.
		files, err := render.Render(res.Analysis, t.Name, opts)
		if err != nil {
			return fail(ExitFindings, "cannot render %s: %v\nNothing was written.", t.Name, err)
		}
		if len(files) == 0 {
			fmt.Fprintf(stderr, "topo: the topology has no %s tier; nothing to render.\n", t.Kind)
			return nil
		}
		var notes []string
		for _, f := range files {
			notes = append(notes, f.Notes...)
		}
		printAssumed(stderr, notes)
		for i, f := range files {
			if i > 0 {
				printf(c, "\n")
			}
			printf(c, "==> %s <==\n%s", f.Name, f.Data)
		}
		return nil
	}
	if !fl.check && !hasTierOfKind(res, t.Kind) {
		fmt.Fprintf(stderr, "topo: the topology has no %s tier; nothing to render.\n", t.Kind)
		return nil
	}
	// Into --out: one file at a time, so that memory holds one file, not
	// the set. An error of the render itself is told apart from one of
	// writing or reading the directory.
	src, err := render.Source(res.Analysis, t.Name, opts)
	if err != nil {
		return fail(ExitError, "%v", err)
	}
	var (
		names     []string
		notes     []string
		ioErr     error
		renderErr error // an error of the render, not of yield
		written   int
	)
	counted := func(yield func(render.File) error) error {
		names, notes, ioErr, renderErr, written = nil, nil, nil, nil, 0
		err := src(func(f render.File) error {
			names = append(names, f.Name)
			if written == 0 || len(f.Notes) > 0 && (len(notes) == 0 || notes[len(notes)-1] != f.Notes[len(f.Notes)-1]) {
				notes = append(notes, f.Notes...) // once per tier: its files share the notes
			}
			written++
			if err := yield(f); err != nil {
				ioErr = err
				return err
			}
			return nil
		})
		if err != nil && ioErr == nil {
			renderErr = err
		}
		return err
	}
	renderFailed := func(err error) bool { return err != nil && renderErr != nil }
	if fl.check {
		diffs, err := output.CheckFrom(fl.out, counted, t.Suffixes...)
		switch {
		case renderFailed(err):
			return fail(ExitFindings, "cannot render %s: %v", t.Name, err)
		case err != nil:
			return fail(ExitError, "%v", err)
		}
		if len(diffs) > 0 {
			return fail(ExitFindings, "rendered %s files differ from %s:\n  %s\nRun topo render %s %s --out %s to update them.", t.Name, fl.out, strings.Join(diffs, "\n  "), t.Name, path, fl.out)
		}
		fmt.Fprintf(stderr, "topo: %d %s files in %s are up to date.\n", written, t.Name, fl.out)
		return nil
	}
	rep, err := output.WriteSetFrom(fl.out, counted)
	for _, l := range rep.Cleaned {
		fmt.Fprintf(stderr, "topo: removed %s, left by an interrupted render\n", l)
	}
	switch {
	case renderFailed(err):
		return fail(ExitFindings, "cannot render %s: %v\nNothing was written.", t.Name, err)
	case errors.Is(err, output.ErrNotGenerated):
		return fail(ExitFindings, "%v. Nothing was written.", err)
	case err != nil:
		return fail(ExitError, "%v. Nothing was written.", err)
	}
	printAssumed(stderr, notes)
	if rep.OneByOne {
		fmt.Fprintf(stderr, "topo: the file system could not swap the files in as one set; each was written atomically, one by one.\n")
	}
	for _, n := range names {
		fmt.Fprintf(stderr, "wrote %s\n", filepath.Join(fl.out, n))
	}
	return nil
}

// hasTierOfKind reports whether the linted topology has a tier of kind.
// printUnrendered names the proxy tiers no render target writes (an F5, a
// CDN, a Kubernetes Service, ...): topo lints them, and their product is
// configured by hand.
func printUnrendered(w io.Writer, res *lint.Result) {
	rendered := map[string]bool{topology.KindSocketIO: true}
	var kinds []string
	for _, t := range render.Targets {
		rendered[t.Kind] = true
		kinds = append(kinds, t.Kind)
	}
	var skipped []string
	for _, t := range res.Topology.Tiers {
		if !rendered[t.Kind.Value] {
			skipped = append(skipped, fmt.Sprintf("%q (%s)", t.Name, t.Kind.Value))
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "topo: not rendered: tier%s %s; topo renders %s tiers, and lints the others (configure them by hand).\n",
			map[bool]string{true: "s", false: ""}[len(skipped) > 1], strings.Join(skipped, ", "), strings.Join(kinds, ", "))
	}
}

func hasTierOfKind(res *lint.Result, kind string) bool {
	for _, t := range res.Topology.Tiers {
		if t.Kind.Value == kind {
			return true
		}
	}
	return false
}

// printAssumed prints, once per tier, what the plan assumed because the
// topology does not say it (plan.Tier.Assumed); the files say it too, under
// their header.
func printAssumed(w io.Writer, notes []string) {
	seen := map[string]bool{}
	for _, n := range notes {
		if !seen[n] {
			seen[n] = true
			fmt.Fprintf(w, "topo: assumed: %s\n", n)
		}
	}
}

// headerSource is how a rendered file's header names the topology: relative
// to the output directory when there is one, so that the header, and with it
// --check, does not depend on the working directory or on how the path was
// typed ("x.hcl", "./x.hcl" or an absolute path); relative to the working
// directory when the files go to stdout. Control characters are escaped.
func headerSource(path, out string) string {
	rel := filepath.Clean(path)
	if abs, err := filepath.Abs(path); err == nil {
		base := "."
		if out != "" {
			base = out
		}
		if absBase, err := filepath.Abs(base); err == nil {
			if r, err := filepath.Rel(absBase, abs); err == nil {
				rel = r
			}
		}
	}
	return termsafe.Line(filepath.ToSlash(rel))
}
