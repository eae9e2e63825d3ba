// Package render writes the configurations of a topology for every target
// product. It decides nothing itself: package plan decides, once, what every
// configuration needs, and one emitter per target (render/nginx,
// render/haproxy, render/alb) writes the plan in its product's syntax.
// Targets is the one list of targets: `topo render <target>` offers each with
// the same --out, --check and --force behaviour, and package output writes or
// checks the files.
//
// Adding a target is adding its emitter package and one entry to Targets;
// what the new product needs that the plan does not decide yet is decided in
// package plan, where every target can use it.
package render

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/render/alb"
	"github.com/topolint/topo/render/haproxy"
	"github.com/topolint/topo/render/nginx"
	"github.com/topolint/topo/render/output"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// File is one rendered file (output.File).
type File = output.File

// Error is a tier that a target cannot render, with the reason (plan.Error).
type Error = plan.Error

// Options are the inputs of a render besides the analysis.
type Options struct {
	// Source names the topology in each file's header.
	Source string
	// TopoVersion is written in each file's header.
	TopoVersion string
	// LoadModules are nginx dynamic modules to load in layer 4 (stream)
	// configs, such as Debian's /usr/lib/nginx/modules/ngx_stream_module.so.
	LoadModules []string
}

// Target is one product topo renders configurations for.
type Target struct {
	// Name is the subcommand: `topo render <Name>`.
	Name string
	// Kind is the tier kind whose tiers it renders.
	Kind string
	// Files says what it writes, for help texts.
	Files string
	// Suffixes end the names of the files it writes; --check looks only at
	// files with these endings, so that targets can share a directory.
	Suffixes []string
	// Emit writes the files of every tier of Kind in p.
	Emit func(p *plan.Plan, o Options) ([]File, error)
	// Each is Emit one file at a time (output.Source), for writing or
	// checking a large set without holding it in memory.
	Each func(p *plan.Plan, o Options, yield func(File) error) error
}

// Targets lists every render target, by name.
var Targets = []Target{
	{
		Name: "alb", Kind: topology.KindALB,
		Files:    "<tier>.alb.json (aws-sdk-go-v2 inputs) and <tier>.alb.tf (Terraform) per alb tier",
		Suffixes: []string{alb.JSONSuffix, alb.TerraformSuffix},
		Emit:     func(p *plan.Plan, _ Options) ([]File, error) { return alb.Emit(p) },
		Each: func(p *plan.Plan, _ Options, yield func(File) error) error {
			files, err := alb.Emit(p)
			if err != nil {
				return err
			}
			return output.Slice(files)(yield)
		},
	},
	{
		Name: "haproxy", Kind: topology.KindHAProxy,
		Files:    "<tier>-<n>.cfg, one per node of every haproxy tier",
		Suffixes: []string{haproxy.Suffix},
		Emit:     func(p *plan.Plan, _ Options) ([]File, error) { return haproxy.Emit(p) },
		Each:     func(p *plan.Plan, _ Options, yield func(File) error) error { return haproxy.Each(p, yield) },
	},
	{
		Name: "nginx", Kind: topology.KindNginx,
		Files:    "<tier>-<n>.conf, one per node of every nginx tier",
		Suffixes: []string{nginx.Suffix},
		Emit:     func(p *plan.Plan, o Options) ([]File, error) { return nginx.Emit(p, o.LoadModules) },
		Each: func(p *plan.Plan, o Options, yield func(File) error) error {
			return nginx.Each(p, o.LoadModules, yield)
		},
	},
}

// Lookup returns the target with the given name, or nil.
func Lookup(name string) *Target {
	for i := range Targets {
		if Targets[i].Name == name {
			return &Targets[i]
		}
	}
	return nil
}

// Render decides the plan of a and writes the files of the named target.
func Render(a *analysis.Analysis, target string, o Options) ([]File, error) {
	t := Lookup(target)
	if t == nil {
		return nil, fmt.Errorf("render: unknown target %q", target)
	}
	return t.Emit(plan.Build(a, plan.Options{Source: o.Source, TopoVersion: o.TopoVersion}), o)
}

// Source returns the files of the named target as an output.Source: each
// call renders them again, one at a time, from one decided plan.
func Source(a *analysis.Analysis, target string, o Options) (output.Source, error) {
	t := Lookup(target)
	if t == nil {
		return nil, fmt.Errorf("render: unknown target %q", target)
	}
	p := plan.Build(a, plan.Options{Source: o.Source, TopoVersion: o.TopoVersion})
	return func(yield func(File) error) error { return t.Each(p, o, yield) }, nil
}

// Nginx renders one complete nginx configuration per node of every nginx
// tier, named <tier>-<n>.conf, n = 1, 2, … in the order of `nodes`.
func Nginx(a *analysis.Analysis, o Options) ([]File, error) { return Render(a, "nginx", o) }

// HAProxy renders one complete HAProxy configuration per node of every
// haproxy tier, named <tier>-<n>.cfg, n = 1, 2, … in the order of `nodes`.
func HAProxy(a *analysis.Analysis, o Options) ([]File, error) { return Render(a, "haproxy", o) }

// WriteFiles writes files into dir atomically (output.WriteFiles).
func WriteFiles(dir string, files []File) error { return output.WriteFiles(dir, files) }

// Check compares files with what dir holds (output.Check).
func Check(dir string, files []File, suffixes ...string) ([]string, error) {
	return output.Check(dir, files, suffixes...)
}

// IsGenerated reports whether data starts with a topo header
// (output.IsGenerated).
func IsGenerated(data []byte) bool { return output.IsGenerated(data) }
