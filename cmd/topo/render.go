package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
	"github.com/topolint/topo/report"
)

// renderers maps a render target to the function that builds its files from
// a lint result that decoded.
var renderers = map[string]func(res *lint.Result, opts render.Options) ([]render.File, error){
	"nginx": func(res *lint.Result, opts render.Options) ([]render.File, error) {
		return render.Nginx(res.Analysis, opts)
	},
	"haproxy": func(res *lint.Result, opts render.Options) ([]render.File, error) {
		return render.HAProxy(res.Analysis, opts)
	},
}

// suffixes are the file name endings of each target, so that --check leaves
// the files of other targets in a shared directory alone.
var suffixes = map[string]string{"nginx": ".conf", "haproxy": ".cfg"}

type renderFlags struct {
	out         string
	check       bool
	force       bool
	loadModules []string
}

func init() {
	extraCommands = append(extraCommands, newRenderCmd)
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
"==> NAME <==" line. --check compares with the files in --out and exits 1 when they differ.`,
	}
	targets := make([]string, 0, len(renderers))
	for name := range renderers {
		targets = append(targets, name)
	}
	sort.Strings(targets)
	for _, name := range targets {
		c.AddCommand(newRenderTargetCmd(name))
	}
	c.AddCommand(newRenderALBCmd())
	return c
}

func newRenderTargetCmd(target string) *cobra.Command {
	var fl renderFlags
	c := &cobra.Command{
		Use:   target + " [PATH]",
		Short: "Render " + target + " configs, one per node of every " + target + " tier",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runRender(c, target, pathArg(args), fl)
		},
	}
	c.Flags().StringVarP(&fl.out, "out", "o", "", "directory to write the files into (default: print to stdout)")
	c.Flags().BoolVar(&fl.check, "check", false, "compare with the files in --out; exit 1 when they differ")
	c.Flags().BoolVar(&fl.force, "force", false, "render even when lint reports errors")
	if target == "nginx" {
		c.Flags().StringSliceVar(&fl.loadModules, "load-module", nil, "dynamic module to load in layer 4 (stream) configs, e.g. /usr/lib/nginx/modules/ngx_stream_module.so (Debian)")
	}
	return c
}

func runRender(c *cobra.Command, target, path string, fl renderFlags) error {
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
	if finding.AtOrAbove(res.Findings, finding.Error) && !fl.force {
		var errs []finding.Finding
		for _, f := range res.Findings {
			if f.Severity == finding.Error {
				errs = append(errs, f)
			}
		}
		_ = report.Write("text", stderr, report.Input{Findings: errs, Files: res.Files, Rules: ruleInfos(), ToolName: "topo", ToolVersion: version.Version})
		return fail(ExitFindings, "render refused: the topology has %d error finding(s) that break sessions; fix them, or render anyway with --force. Nothing was written.", len(errs))
	}
	files, err := renderers[target](res, render.Options{Source: path, TopoVersion: version.Version, LoadModules: fl.loadModules})
	if err != nil {
		var re *render.Error
		if errors.As(err, &re) {
			return fail(ExitFindings, "cannot render %s: %v. Nothing was written.", target, err)
		}
		return fail(ExitError, "%v", err)
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "topo: the topology has no %s tier; nothing to render.\n", target)
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
		diffs, err := render.Check(fl.out, files, suffixes[target])
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		if len(diffs) > 0 {
			return fail(ExitFindings, "rendered %s configs differ from %s:\n  %s\nRun topo render %s %s --out %s to update them.", target, fl.out, strings.Join(diffs, "\n  "), target, path, fl.out)
		}
		fmt.Fprintf(stderr, "topo: %d %s files in %s are up to date.\n", len(files), target, fl.out)
	default:
		if err := os.MkdirAll(fl.out, 0o755); err != nil {
			return fail(ExitError, "%v", err)
		}
		if err := render.WriteFiles(fl.out, files); err != nil {
			return fail(ExitFindings, "%v. Nothing was written.", err)
		}
		for _, f := range files {
			fmt.Fprintf(stderr, "wrote %s\n", fl.out+string(os.PathSeparator)+f.Name)
		}
	}
	return nil
}
