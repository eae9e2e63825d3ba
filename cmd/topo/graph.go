package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/graph"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/report"
)

// graphFormats are the text formats of topo graph, the default first.
var graphFormats = []string{"dot", "mermaid"}

// graphOutputs maps an --out extension to what is written: a text format, or
// a picture rendered by Graphviz from DOT.
var graphOutputs = map[string]string{
	".dot": "dot", ".gv": "dot",
	".mmd": "mermaid", ".mermaid": "mermaid",
	".svg": "svg", ".png": "png",
}

// renderTimeout bounds one run of Graphviz.
const renderTimeout = 2 * time.Minute

type graphFlags struct {
	format string
	out    string
}

func newGraphCmd() *cobra.Command {
	var fl graphFlags
	c := &cobra.Command{
		Use:   "graph [PATH]",
		Short: "Draw the chain: what each hop does and where it breaks (DOT, Mermaid, SVG, PNG)",
		Long: `graph reads a topology (a file, or every *.hcl file of a directory; default: the current
directory), lints it, and draws the chain left to right: the client populations, each tier
with its kind, layer, node count and balance method (the one topo chose for balance = "auto"),
and the socket.io tiers on the right. Each edge says what crosses it: polling, websocket (or
that the upgrade is blocked), and how the client address travels (as the source address, in
X-Forwarded-For, in a PROXY header, or lost). Routes are labelled edges. Tiers and edges with
error findings are red and name the rules; warnings are amber.

Output: DOT (default) or Mermaid (--format mermaid, for GitHub markdown) on stdout, or a file
with --out: FILE.dot or FILE.mmd (text), FILE.svg or FILE.png (rendered by Graphviz dot, from
the Debian package graphviz). Files are replaced atomically.

Exit codes: 0 the graph was written (whatever the findings; see topo lint); 1 the topology
does not decode; 2 topo could not run (bad flags, unreadable path, Graphviz missing or failing,
unwritable output).`,
		Example: `  topo graph topology.hcl | dot -Tsvg > chain.svg
  topo graph --out chain.svg topology.hcl
  topo graph --format mermaid topology.hcl >> README.md`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"hcl"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runGraph(c, pathArg(args), fl)
		},
	}
	c.Flags().StringVarP(&fl.format, "format", "f", "dot", "text format: "+strings.Join(graphFormats, ", "))
	c.Flags().StringVarP(&fl.out, "out", "o", "", "write to FILE instead of stdout: .dot, .mmd, or .svg/.png (rendered by Graphviz dot)")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return graphFormats, cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("out", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"dot", "mmd", "svg", "png"}, cobra.ShellCompDirectiveFilterFileExt
	})
	return c
}

// graphOutput decides what to write: the text format, and the picture format
// ("svg", "png") when --out asks for one.
func graphOutput(c *cobra.Command, fl graphFlags) (text, image string, err error) {
	if fl.format != "dot" && fl.format != "mermaid" {
		return "", "", fail(ExitError, "unknown format %q: want one of %s", fl.format, strings.Join(graphFormats, ", "))
	}
	if fl.out == "" {
		return fl.format, "", nil
	}
	ext := strings.ToLower(filepath.Ext(fl.out))
	kind, ok := graphOutputs[ext]
	if !ok {
		return "", "", fail(ExitError, "--out %s: unknown extension %q: want .dot, .gv, .mmd, .mermaid, .svg or .png", fl.out, ext)
	}
	explicit := c.Flags().Changed("format")
	switch kind {
	case "svg", "png":
		if explicit && fl.format != "dot" {
			return "", "", fail(ExitError, "--out %s is rendered by Graphviz from DOT; --format %s cannot be rendered (write a .mmd file instead)", fl.out, fl.format)
		}
		return "dot", kind, nil
	default:
		if explicit && fl.format != kind {
			return "", "", fail(ExitError, "--out %s holds %s, but --format is %s: drop --format or change the extension", fl.out, kind, fl.format)
		}
		return kind, "", nil
	}
}

func runGraph(c *cobra.Command, path string, fl graphFlags) error {
	text, image, err := graphOutput(c, fl)
	if err != nil {
		return err
	}
	cfg, err := projectConfig(c)
	if err != nil {
		return err
	}
	res, err := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c), Disabled: cfg.Disabled(), Severity: cfg.Severities()})
	if err != nil {
		return fail(ExitError, "%v", err)
	}
	if len(res.Diagnostics) > 0 {
		if err := report.WriteDiagnostics(c.ErrOrStderr(), res.Files, res.Diagnostics, false); err != nil {
			return fail(ExitError, "%v", err)
		}
	}
	if !res.Decoded() {
		return fail(ExitFindings, "")
	}
	g := graph.Build(res.Analysis, res.Findings)
	data := g.DOT()
	if text == "mermaid" {
		data = g.Mermaid()
	}
	if image != "" {
		ctx, cancel := context.WithTimeout(c.Context(), renderTimeout)
		defer cancel()
		data, err = graph.Render(ctx, data, image)
		data = graph.Stamp(data, image)
		if errors.Is(err, graph.ErrNoDot) {
			return fail(ExitError, "cannot write %s: %v", fl.out, graph.ErrNoDot)
		}
		if err != nil {
			return fail(ExitError, "cannot write %s: %v", fl.out, err)
		}
	}
	if fl.out == "" {
		if _, err := c.OutOrStdout().Write(data); err != nil {
			return fail(ExitError, "%v", err)
		}
		return nil
	}
	if existing, err := safeio.ReadPrefix(fl.out, 8<<10); err == nil && !graph.Stamped(existing) {
		return fail(ExitFindings, "%s exists and was not written by topo graph; not replacing it (remove or rename it first)", fl.out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail(ExitError, "cannot write %s: %v", fl.out, err)
	}
	if err := writeFileAtomic(fl.out, data); err != nil {
		return fail(ExitError, "cannot write %s: %v", fl.out, err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// over path, so that readers see the old file or the new one, never a part.
// A new file gets mode 0644; an existing file keeps its mode.
func writeFileAtomic(path string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return errors.New("not a regular file")
		}
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
