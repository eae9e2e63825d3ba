package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/internal/termsafe"
	"github.com/topolint/topo/internal/version"
)

// Run runs topo with args and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	return exitCode(err, stderr)
}

// exitCode prints the message of a command's error and returns its exit
// code: the code of an exitError, else ExitError.
func exitCode(err error, stderr io.Writer) int {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "Error:", termsafe.Text(ee.msg))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "Error:", termsafe.Text(err.Error()))
	return ExitError
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "topo",
		Short: "Lint Socket.IO load-balancer chains and render configs that keep every session",
		Long: `topo reads a chain of load balancers in front of Socket.IO (client → ALB/NLB/F5/LVS →
nginx/HAProxy tiers → socket.io nodes), declared in HCL, analyses it hop by hop, and renders
nginx, HAProxy and AWS ALB configurations that keep every session on its node.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.Version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().Int64("max-file-size", safeio.DefaultLimit, "the largest topology file topo reads, in bytes")
	root.PersistentFlags().String("config", "", "the project configuration (default: .topo.hcl in the working directory or its nearest parent)")
	root.PersistentFlags().Bool("no-config", false, "ignore the project configuration")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fail(ExitError, "%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	// Every subcommand, listed here and nowhere else.
	root.AddCommand(newLintCmd(), newRulesCmd(), newExplainCmd(), newRenderCmd(), newImportCmd(), newSimulateCmd(), newGraphCmd(), newFmtCmd(), newServeCmd(), newVersionCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print topo's version and how it was built",
		Long: `version prints topo's version on its first line, then the module version, the source
revision (with "modified" when the checkout had uncommitted changes) and the Go toolchain, as the
Go toolchain recorded them in the binary.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			b := version.Info()
			w := c.OutOrStdout()
			fmt.Fprintf(w, "topo %s\n", b.Version)
			if b.Module != "" {
				fmt.Fprintf(w, "module %s %s\n", b.Module, b.ModuleVersion)
			}
			if b.Revision != "" {
				rev := b.Revision
				if b.Time != "" {
					rev += " " + b.Time
				}
				if b.Modified {
					rev += " (modified)"
				}
				fmt.Fprintf(w, "revision %s\n", rev)
			}
			if b.GoVersion != "" {
				fmt.Fprintf(w, "built with %s\n", b.GoVersion)
			}
			return nil
		},
	}
}

// inputLimit is the --max-file-size of the command line.
func inputLimit(c *cobra.Command) int64 {
	n, err := c.Flags().GetInt64("max-file-size")
	if err != nil || n <= 0 {
		return safeio.DefaultLimit
	}
	return n
}

// pathArg returns the topology path argument, "." when none is given.
func pathArg(args []string) string {
	if len(args) == 0 {
		return "."
	}
	return args[0]
}
