package importer_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
	"github.com/topolint/topo/topology"
)

// overlayOf keeps the topology, socketio and client blocks of a topology's
// source: what rendered files cannot say.
func overlayOf(t *testing.T, src []byte) []byte {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, "x.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out []byte
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		r := b.Range()
		if b.Type != "tier" {
			out = append(out, src[r.Start.Byte:r.End.Byte]...)
			out = append(out, '\n', '\n')
			continue
		}
		// What configurations cannot say: the product version, and a socket.io
		// tier's workers.
		var extra []byte
		for _, name := range []string{"version", "workers", "sticky_workers"} {
			if a := b.Body.Attributes[name]; a != nil {
				extra = append(extra, src[a.SrcRange.Start.Byte:a.SrcRange.End.Byte]...)
				extra = append(extra, '\n')
			}
		}
		if extra != nil {
			out = append(out, "tier \""+b.Labels[0]+"\" {\n"...)
			out = append(out, extra...)
			out = append(out, "}\n\n"...)
		}
	}
	return out
}

func findingSet(res *lint.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s %s", f.Rule, f.Tier, f.Client))
	}
	sort.Strings(out)
	return out
}

// TestRoundTrip renders every example whose proxy tiers are all nginx,
// HAProxy or ALB, imports the rendered files (with the example's topology,
// socketio and client blocks, and what files cannot say, as the overlay),
// and checks that the imported topology lints to the same findings, rule
// by rule and tier by tier, and renders nginx and HAProxy files again byte
// for byte.
func TestRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*.hcl")
	covered := 0
	for _, p := range paths {
		orig, err := lint.Path(p, lint.Options{})
		if err != nil || !orig.Decoded() {
			t.Fatalf("%s: %v %v", p, err, orig.Diagnostics)
		}
		ok := true
		for _, tr := range orig.Topology.Tiers {
			// balance = "auto" asks topo to choose; deployed files hold
			// the choice, so they import as that method (and no
			// auto-balance notice): such examples cannot round-trip.
			if tr.Affinity.Balance.Value == topology.Auto {
				ok = false
			}
			for _, r := range tr.Routes {
				if r.Affinity.Balance.Value == topology.Auto {
					ok = false
				}
			}
			switch tr.Kind.Value {
			case topology.KindNginx, topology.KindHAProxy, topology.KindSocketIO, topology.KindALB:
			default:
				ok = false
			}
		}
		if !ok {
			continue
		}
		covered++
		t.Run(filepath.Base(p), func(t *testing.T) {
			var srcs []deployed.Source
			for _, target := range []string{"nginx", "haproxy", "alb"} {
				files, err := render.Render(orig.Analysis, target, render.Options{Source: filepath.Base(p), TopoVersion: "0.1.0-dev"})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					// The ALB's plan is both Terraform and JSON inputs; the
					// Terraform is read.
					if !strings.HasSuffix(f.Name, ".json") {
						srcs = append(srcs, deployed.Source{Path: f.Name, Bytes: f.Data})
					}
				}
			}
			var src []byte
			for _, f := range orig.Files {
				src = f.Bytes
			}
			res, diags := importer.Import(srcs, importer.Options{Overlay: overlayOf(t, src), OverlayName: "overlay.hcl"})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			back := lint.Sources(lint.Options{}, topology.Source{Name: res.Name, Bytes: res.HCL})
			if !back.Decoded() {
				t.Fatalf("the imported topology does not decode: %v\n%s", back.Diagnostics, res.HCL)
			}
			// Rendering the imported topology again gives the same files
			// byte for byte, but for one comment: the connection budget an
			// HAProxy file states (maxconn) is read as a declared
			// max_connections, and the comment that explains the budget
			// says so. Likewise the drain a reload keeps (worker_shutdown_timeout,
			// hard-stop-after) is read as a declared drain_timeout, so the
			// file no longer says it assumed one.
			// ALB files are not compared: the rendered module leaves the
			// listener (where TLS ends) to its user, the socket.io tier
			// imports under its target group's name, which the next
			// render's target group names carry, and the idle timeout
			// imports as a declared value, explained as such.
			for _, target := range []string{"nginx", "haproxy"} {
				first, _ := render.Render(orig.Analysis, target, render.Options{Source: "x.hcl", TopoVersion: "0.1.0-dev"})
				again, err := render.Render(back.Analysis, target, render.Options{Source: "x.hcl", TopoVersion: "0.1.0-dev"})
				if err != nil {
					t.Fatal(err)
				}
				if len(first) != len(again) {
					t.Fatalf("%s: %d files, then %d", target, len(first), len(again))
				}
				for i := range first {
					if first[i].Name != again[i].Name || drainAsDeclared(budgetAsDeclared(string(first[i].Data))) != string(again[i].Data) {
						t.Errorf("%s: %s differs from %s rendered from the import:\n%s", target, first[i].Name, again[i].Name, lineDiff(string(first[i].Data), string(again[i].Data)))
					}
				}
			}
			// Tiers are compared by their nodes: a socket.io tier is
			// named after the target group or upstream that lists it.
			rename := map[string]string{}
			for _, bt := range back.Topology.Tiers {
				for _, ot := range orig.Topology.Tiers {
					if fmt.Sprint(bt.Nodes.Value) == fmt.Sprint(ot.Nodes.Value) && len(ot.Nodes.Value) > 0 {
						rename[bt.Name] = ot.Name
					}
				}
			}
			for i := range back.Findings {
				if n, ok := rename[back.Findings[i].Tier]; ok {
					back.Findings[i].Tier = n
				}
			}
			// The drain topo render writes where none is declared (10m) is
			// in the files, so the import declares it, and reload-drain
			// notes what it does; the original topology, which left the
			// drain to the product, has no such note.
			kept := back.Findings[:0]
			for _, f := range back.Findings {
				if ot := orig.Topology.Tier(f.Tier); f.Rule == "reload-drain" && ot != nil && !ot.DrainTimeout.Set {
					continue
				}
				kept = append(kept, f)
			}
			back.Findings = kept
			want, got := findingSet(orig), findingSet(back)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("findings differ\nwant:\n  %s\ngot:\n  %s\nimported:\n%s", strings.Join(want, "\n  "), strings.Join(got, "\n  "), res.HCL)
			}
		})
	}
	if covered < 5 {
		t.Fatalf("only %d examples have nginx and HAProxy tiers only", covered)
	}
}

// lineDiff lists the lines of a and b that differ, by position.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("%d:\n- %s\n+ %s", i+1, x, y))
		}
		if len(out) > 8 {
			break
		}
	}
	return strings.Join(out, "\n")
}

// drainAsDeclared drops the header line that says a drain was assumed.
func drainAsDeclared(cfg string) string {
	var out []string
	for _, l := range strings.Split(cfg, "\n") {
		if !strings.HasPrefix(l, "# Assumed: drain_timeout not written") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// budgetAsDeclared rewrites the comment that explains an HAProxy budget
// derived from expected_connections into the one a declared
// max_connections gets, with the same number.
func budgetAsDeclared(cfg string) string {
	lines := strings.Split(cfg, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "# connection-capacity:") || !strings.Contains(l, "expected sockets per node") {
			continue
		}
		for _, m := range lines[i+1:] {
			if f := strings.Fields(m); len(f) == 2 && f[0] == "maxconn" {
				lines[i] = l[:strings.Index(l, "#")] + "# connection-capacity: max_connections = " + f[1] + " per node, as declared"
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}
