package lint

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/topology"
)

// Configs lints deployed configurations: it imports them (package
// importer) into a topology, lints that, and places every finding and
// diagnostic at the line of the configuration (or overlay) the value it is
// about was read from. The imported topology is kept in Files under its
// name, for what has no line of its own (a client population the overlay
// did not declare).
func Configs(srcs []deployed.Source, iopts importer.Options, opts Options) (*Result, *importer.Result) {
	imp, diags := importer.Import(srcs, iopts)
	if diags.HasErrors() {
		res := &Result{Files: map[string]*hcl.File{}, Diagnostics: diags, Findings: []finding.Finding{}}
		for name, b := range imp.Files {
			res.Files[name] = &hcl.File{Bytes: b}
		}
		return res, imp
	}
	res := Sources(opts, topology.Source{Name: imp.Name, Bytes: imp.HCL})
	res.Diagnostics = append(diags, res.Diagnostics...)
	for name, b := range imp.Files {
		res.Files[name] = &hcl.File{Bytes: b}
	}
	for _, d := range res.Diagnostics {
		if d.Subject != nil {
			r := imp.Place(*d.Subject)
			d.Subject = &r
		}
		if d.Context != nil {
			r := imp.Place(*d.Context)
			d.Context = &r
		}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Range = imp.Place(f.Range)
		for j := range f.Related {
			f.Related[j].Range = imp.Place(f.Related[j].Range)
		}
	}
	res.Findings = finding.Sort(res.Findings)
	if res.Findings == nil {
		res.Findings = []finding.Finding{}
	}
	return res, imp
}
