package lint

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// Options change what the pipeline reports.
type Options struct {
	// Disabled lists rule IDs not to run.
	Disabled []string
	// NoInlineIgnores turns `# topo-ignore:` comments off: every finding is
	// reported and no ignore-unused finding is.
	NoInlineIgnores bool
	// MaxFileSize is the largest topology file read, in bytes; 0 means
	// topo's default (safeio.DefaultLimit).
	MaxFileSize int64
	// Severity replaces the default severity of the rules it names (a
	// project's configuration).
	Severity map[string]finding.Severity
}

// Result is the outcome of linting one topology.
type Result struct {
	// Topology is nil when the sources did not decode.
	Topology *topology.Topology
	// Analysis is nil when the sources did not decode.
	Analysis *analysis.Analysis
	// Files holds the parsed sources, for snippets, even on decode errors.
	Files map[string]*hcl.File
	// Findings are sorted and de-duplicated.
	Findings []finding.Finding
	// Diagnostics are the decode diagnostics (errors and warnings).
	Diagnostics hcl.Diagnostics
}

// Decoded reports whether the topology decoded without errors.
func (r *Result) Decoded() bool { return !r.Diagnostics.HasErrors() }

// Path lints the topology at path (a file or a directory of *.hcl files).
// The error is for paths that cannot be read.
func Path(path string, opts Options) (*Result, error) {
	t, diags, err := topology.Load(path, topology.LoadOptions{MaxFileSize: opts.MaxFileSize})
	if err != nil {
		return nil, err
	}
	return run(t, diags, opts), nil
}

// Sources lints topology sources held in memory.
func Sources(opts Options, srcs ...topology.Source) *Result {
	t, diags := topology.Decode(srcs...)
	return run(t, diags, opts)
}

func run(t *topology.Topology, diags hcl.Diagnostics, opts Options) *Result {
	res := &Result{Files: t.Files, Diagnostics: diags}
	var ignores []*ignore
	if !opts.NoInlineIgnores {
		var idiags hcl.Diagnostics
		ignores, idiags = findIgnores(t)
		res.Diagnostics = append(res.Diagnostics, idiags...)
	}
	if res.Diagnostics.HasErrors() {
		res.Findings = []finding.Finding{}
		return res
	}
	res.Topology = t
	res.Analysis = analysis.Analyze(t)
	disabled := map[string]bool{}
	for _, id := range opts.Disabled {
		disabled[id] = true
	}
	var kept []finding.Finding
	for _, f := range rules.Run(res.Analysis) {
		if disabled[f.Rule] || suppressed(ignores, f) {
			continue
		}
		kept = append(kept, f)
	}
	if !disabled[rules.IgnoreUnused.ID] {
		for _, ig := range ignores {
			for _, id := range ig.rules {
				if !ig.used[id] && !disabled[id] {
					kept = append(kept, finding.Finding{
						Rule:     rules.IgnoreUnused.ID,
						Severity: rules.IgnoreUnused.Severity,
						Summary:  "This topo-ignore comment suppresses no " + id + " finding",
						Message:  "This topo-ignore comment suppresses " + id + ", but no " + id + " finding is reported on this line or the next: remove it, so that it does not hide a future finding.",
						Range:    ig.rng,
						DocsURL:  rules.IgnoreUnused.DocsURL(),
					})
				}
			}
		}
	}
	for i := range kept {
		if s, ok := opts.Severity[kept[i].Rule]; ok {
			kept[i].Severity = s
		}
	}
	res.Findings = finding.Sort(kept)
	if res.Findings == nil {
		res.Findings = []finding.Finding{}
	}
	return res
}
