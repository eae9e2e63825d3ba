package main

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/nginxconf"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/internal/termsafe"
	"github.com/topolint/topo/report"
)

func newImportCmd() *cobra.Command {
	var outPath, app, confDir string
	c := &cobra.Command{
		Use:   "import SOURCE...",
		Short: "Write the topology of deployed nginx, HAProxy and AWS load balancer configurations",
		Long: `import reads the load-balancer configurations that are deployed and writes their topology in
topo's language. Each SOURCE is one running node, an nginx configuration (its main file, whose
includes are read from its directory and below, which stands for --nginx-conf-dir on the node,
or the output of nginx -T) or an haproxy.cfg; or AWS load balancers: Terraform files (*.tf), the output of terraform show -json, or the JSON of aws
elbv2 describe-load-balancers, -listeners, -rules, -target-groups, -target-group-attributes and
-target-health. Write FILE@HOST when a node listens on every address ("listen 80"), so that the
tier in front can be matched to it. See docs/import.md.

Nodes one upstream or backend sends to are one tier, named after it; servers no SOURCE listens
on are the socket.io tier. Each value carries a comment naming the file and line it was read
from, and what the language cannot say is listed at the top and on stderr. --app names an HCL
overlay with what configurations do not say: the topology, socketio and client blocks.

Exit codes: 0 written; 1 a source nginx or HAProxy would reject; 2 topo could not run.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			res, diags, err := importSources(c, args, app, outPath, confDir)
			if err != nil {
				return err
			}
			printDiags(c.ErrOrStderr(), res, diags)
			if diags.HasErrors() {
				return fail(ExitFindings, "")
			}
			for _, n := range res.Notes {
				fmt.Fprintf(c.ErrOrStderr(), "topo: not imported: %s:%d: %s\n", termsafe.Text(n.Range.Filename), n.Range.Start.Line, termsafe.Text(n.Text))
			}
			if outPath == "" {
				_, err := c.OutOrStdout().Write(res.HCL)
				return err
			}
			if err := writeNew(outPath, res.HCL); err != nil {
				return fail(ExitError, "--out: %v", err)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&outPath, "out", "o", "", "write the topology to `FILE` (default: standard output)")
	c.Flags().StringVar(&app, "app", "", "an HCL `FILE` of topology, socketio and client blocks to add")
	c.Flags().StringVar(&confDir, "nginx-conf-dir", nginxconf.DefaultConfDir, "the `DIR` nginx.conf is deployed in: absolute includes under it are read from beside each nginx main file")
	return c
}

// importSources reads the sources and the overlay and imports them.
func importSources(c *cobra.Command, args []string, app, name, confDir string) (*importer.Result, hcl.Diagnostics, error) {
	limit := inputLimit(c)
	srcs, err := importer.ReadSources(args, limit)
	if err != nil {
		return nil, nil, fail(ExitError, "%v", err)
	}
	opts := importer.Options{MaxFileSize: limit, Name: name, NginxConfDir: confDir}
	if app != "" {
		b, err := safeio.ReadFile(app, limit)
		if err != nil {
			return nil, nil, fail(ExitError, "--app: %v", err)
		}
		opts.Overlay, opts.OverlayName = b, app
	}
	res, diags := importer.Import(srcs, opts)
	return res, diags, nil
}

// printDiags writes diagnostics with their snippets.
func printDiags(w io.Writer, res *importer.Result, diags hcl.Diagnostics) {
	if len(diags) == 0 {
		return
	}
	files := map[string]*hcl.File{}
	for name, b := range res.Files {
		files[name] = &hcl.File{Bytes: b}
	}
	_ = report.WriteDiagnostics(w, files, diags, false)
}
