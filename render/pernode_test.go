package render_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render/haproxy"
	"github.com/topolint/topo/render/nginx"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/topology"
)

// The emitters decide and check what the nodes of a tier share once per
// tier and reuse it for every node. Each file they write must be the file
// of that node rendered on its own, from FromPlan and Render.
func TestEmitSharesNothingWrong(t *testing.T) {
	examples, _ := filepath.Glob("../examples/*.hcl")
	examples = append(examples, "../e2e/testdata/live-f-haproxy-tls-cookie.hcl", "../e2e/testdata/live-b-nginx-two-tier-realip.hcl")
	compared := 0
	for _, ex := range examples {
		res, err := lint.Path(ex, lint.Options{})
		if err != nil || !res.Decoded() {
			t.Fatalf("%s: %v %v", ex, err, res.Diagnostics)
		}
		p := plan.Build(res.Analysis, plan.Options{Source: "x.hcl", TopoVersion: "test"})
		ng, nerr := nginx.Emit(p, nil)
		hp, herr := haproxy.Emit(p)
		i := 0
		for _, tier := range p.OfKind(topology.KindNginx) {
			for n := range tier.Nodes {
				cfg, err := nginx.FromPlan(p, tier, n, nil)
				if err != nil {
					if nerr == nil {
						t.Errorf("%s: node %d of %s: FromPlan fails (%v), Emit does not", ex, n, tier.Name, err)
					}
					break
				}
				want, err := nginx.Render(cfg)
				if err != nil || nerr != nil {
					continue
				}
				if !bytes.Equal(ng[i].Data, want) {
					t.Errorf("%s: %s from Emit differs from the node rendered on its own", ex, ng[i].Name)
				}
				i++
				compared++
			}
		}
		i = 0
		for _, tier := range p.OfKind(topology.KindHAProxy) {
			for n := range tier.Nodes {
				cfg, err := haproxy.FromPlan(p, tier, n)
				if err != nil {
					if herr == nil {
						t.Errorf("%s: node %d of %s: FromPlan fails (%v), Emit does not", ex, n, tier.Name, err)
					}
					break
				}
				want, err := haproxy.Render(cfg)
				if err != nil || herr != nil {
					continue
				}
				if !bytes.Equal(hp[i].Data, want) {
					t.Errorf("%s: %s from Emit differs from the node rendered on its own", ex, hp[i].Name)
				}
				i++
				compared++
			}
		}
	}
	if compared < 10 {
		t.Fatalf("only %d files compared", compared)
	}
}
