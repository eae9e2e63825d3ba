// Package playground is what the browser playground computes from a
// topology held in memory: the lint report (findings with their lines, and
// decode diagnostics), the chain as a Mermaid graph with the failing hops
// marked, the simulated spread of sessions over the nodes, and the
// rendered nginx, HAProxy and ALB files. cmd/topo-wasm
// exposes Run to JavaScript; the same function runs in Go tests.
package playground

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/topolint/topo/docs"
	"github.com/topolint/topo/examples"
	"github.com/topolint/topo/graph"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/simulate"
	"github.com/topolint/topo/topology"
)

// maxSource bounds the topology a page may hand in.
const maxSource = 1 << 20

// Result is what the page shows.
type Result struct {
	// Report is topo lint's JSON report (format_version "1").
	Report json.RawMessage `json:"report"`
	// Text is the text report, as topo lint prints it.
	Text string `json:"text"`
	// Mermaid is the chain with its findings; "" when the topology does not
	// decode.
	Mermaid string `json:"mermaid"`
	// Files are the rendered files by target; a target that cannot render
	// the topology has its reason in RenderErrors.
	Files        map[string][]File `json:"files"`
	RenderErrors map[string]string `json:"render_errors"`
	// Spread is topo simulate's chart (SVG) of 1,000 sessions through the
	// chain, and Hops how each hop picks; "" and nil when the topology
	// does not decode.
	Spread string             `json:"spread"`
	Hops   []simulate.HopInfo `json:"hops"`
	// Version is topo's version.
	Version string `json:"version"`
}

// spreadSessions is how many sessions the page simulates.
const spreadSessions = 1000

// File is one rendered file.
type File struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// Run lints, draws and renders the topology src, named name.
func Run(name, src string) Result {
	res := Result{Files: map[string][]File{}, RenderErrors: map[string]string{}, Version: version.Version}
	if len(src) > maxSource {
		src = src[:maxSource]
	}
	r := lint.Sources(lint.Options{}, topology.Source{Name: name, Bytes: []byte(src)})
	var infos []report.RuleInfo
	for _, rule := range rules.All {
		infos = append(infos, report.RuleInfo{ID: rule.ID, Severity: rule.Severity, Summary: rule.Summary, DocsURL: rule.DocsURL()})
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].ID < infos[j].ID })
	in := report.Input{Findings: r.Findings, Diagnostics: r.Diagnostics, Files: r.Files, Rules: infos, ToolName: "topo", ToolVersion: version.Version}
	var buf bytes.Buffer
	_ = report.Write("json", &buf, in)
	res.Report = json.RawMessage(bytes.Clone(bytes.TrimSpace(buf.Bytes())))
	buf.Reset()
	if r.Decoded() {
		_ = report.Write("text", &buf, in)
	} else {
		_ = report.WriteDiagnostics(&buf, r.Files, r.Diagnostics, false)
	}
	res.Text = buf.String()
	if !r.Decoded() {
		return res
	}
	res.Mermaid = string(graph.Build(r.Analysis, r.Findings).Mermaid())
	if sim, err := simulate.Run(plan.Build(r.Analysis, plan.Options{}), simulate.Options{Clients: spreadSessions, Seed: 1}); err == nil {
		res.Spread, res.Hops = string(simulate.SVG(sim)), sim.Hops
	}
	for _, t := range render.Targets {
		files, err := render.Render(r.Analysis, t.Name, render.Options{Source: name, TopoVersion: version.Version})
		if err != nil {
			res.RenderErrors[t.Name] = err.Error()
			continue
		}
		for _, f := range files {
			res.Files[t.Name] = append(res.Files[t.Name], File{Name: f.Name, Data: string(f.Data)})
		}
	}
	return res
}

// Example is a bundled example topology.
type Example struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

// Examples lists the bundled examples, by name.
func Examples() []Example {
	var out []Example
	_ = fs.WalkDir(examples.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".hcl") {
			return err
		}
		b, err := fs.ReadFile(examples.Files, p)
		if err == nil {
			out = append(out, Example{Name: p, Source: string(b)})
		}
		return err
	})
	return out
}

// Zip renders src for target and returns its files as a zip archive (for
// the page's download button), or an error when the target cannot render
// it. The archive is the same byte for byte for the same files.
func Zip(name, src, target string) ([]byte, error) {
	r := lint.Sources(lint.Options{}, topology.Source{Name: name, Bytes: []byte(src)})
	if !r.Decoded() {
		return nil, fmt.Errorf("the topology does not decode")
	}
	files, err := render.Render(r.Analysis, target, render.Options{Source: name, TopoVersion: version.Version})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Explain is what `topo explain RULE` prints for a rule: its ID, severity
// and summary, then its documentation page; "" for an unknown rule.
func Explain(id string) string {
	r := rules.Lookup(id)
	if r == nil {
		return ""
	}
	page, ok := docs.RulePage(r.ID)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s (%s): %s\n\n%s", r.ID, r.Severity, r.Summary, page)
}
