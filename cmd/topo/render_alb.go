package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render/alb"
	"github.com/topolint/topo/report"
)

// init attaches `alb` to the `render` command registered by render.go: it
// wraps the registered command constructors so that the one named "render"
// gets the alb subcommand. (Files of a package are initialised in file name
// order, so render.go has registered its constructor by now; the CLI tests
// check that `topo render alb` exists.)
// albFlags are the flags of `topo render alb`.
type albFlags struct {
	out   string
	check bool
	force bool
}

// newRenderALBCmd builds `topo render alb`.
func newRenderALBCmd() *cobra.Command {
	var fl albFlags
	c := &cobra.Command{
		Use:   "alb [PATH]",
		Short: "Render the target groups and listener rules of every alb tier, as aws-sdk-go-v2 inputs (JSON) and Terraform",
		Long: `render alb runs lint, refuses when there are error findings (unless --force), and writes two files
per alb tier: <tier>.alb.json, the plan as aws-sdk-go-v2 elasticloadbalancingv2 inputs
(CreateTargetGroupInput, target group attributes, targets, CreateRuleInput, the listener's default
actions, the load balancer's idle timeout), and <tier>.alb.tf, the same plan as Terraform.

Polling sessions (the handshake, every request with a sid, the upgrade) reach a target group with
cookie stickiness; websocket requests without a sid may go to a group without stickiness. ARNs not
known before creation are the placeholders ${listener_arn}, ${vpc_id} and ${target_group:<name>}.

Files are written atomically into --out; a file that topo did not generate is never overwritten.
Without --out the files go to stdout, each after a "==> NAME <==" line. --check compares with the
files in --out and exits 1 when they differ.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runRenderALB(c, pathArg(args), fl)
		},
	}
	c.Flags().StringVarP(&fl.out, "out", "o", "", "directory to write the files into (default: print to stdout)")
	c.Flags().BoolVar(&fl.check, "check", false, "compare with the files in --out; exit 1 when they differ")
	c.Flags().BoolVar(&fl.force, "force", false, "render even when lint reports errors")
	return c
}

func runRenderALB(c *cobra.Command, path string, fl albFlags) error {
	if fl.check && fl.out == "" {
		return fail(ExitError, "--check needs --out DIR: the directory to compare with")
	}
	res, err := lint.Path(path, lint.Options{})
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
		in := report.Input{Findings: errs, Files: res.Files, Rules: ruleInfos(), ToolName: "topo", ToolVersion: version.Version}
		_ = report.Write("text", stderr, in)
		if !fl.force {
			return fail(ExitFindings, "render refused: the topology has %d error finding(s) that break sessions; fix them, or render anyway with --force. Nothing was written.", len(errs))
		}
		fmt.Fprintf(stderr, "topo: rendering despite %d error finding(s) (--force).\n", len(errs))
	}
	plans, err := alb.Build(res.Analysis, alb.Options{TopoVersion: version.Version, Source: filepath.ToSlash(path)})
	if err != nil {
		return fail(ExitFindings, "cannot render alb: %v\nNothing was written.", err)
	}
	var files []alb.File
	for _, p := range plans {
		fs, err := alb.Files(p)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		files = append(files, fs...)
	}
	if len(files) == 0 && !fl.check {
		fmt.Fprintln(stderr, "topo: the topology has no alb tier; nothing to render.")
		return nil
	}
	switch {
	case fl.out == "":
		for i, f := range files {
			if i > 0 {
				printf(c, "\n")
			}
			printf(c, "==> %s <==\n%s", f.Name, f.Data)
		}
	case fl.check:
		diffs, err := alb.Check(fl.out, files)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		if len(diffs) > 0 {
			return fail(ExitFindings, "rendered alb files differ from %s:\n  %s\nRun topo render alb %s --out %s to update them.", fl.out, strings.Join(diffs, "\n  "), path, fl.out)
		}
		fmt.Fprintf(stderr, "topo: %d alb files in %s are up to date.\n", len(files), fl.out)
	default:
		if err := os.MkdirAll(fl.out, 0o755); err != nil {
			return fail(ExitError, "%v", err)
		}
		if err := alb.WriteFiles(fl.out, files); err != nil {
			if errors.Is(err, alb.ErrNotGenerated) {
				return fail(ExitFindings, "%v. Nothing was written.", err)
			}
			return fail(ExitError, "%v", err)
		}
		for _, f := range files {
			fmt.Fprintf(stderr, "wrote %s\n", filepath.Join(fl.out, f.Name))
		}
	}
	return nil
}
