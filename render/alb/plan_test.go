package alb

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output; only when you are sure it is right")

// fixture is one topology rendered by the golden tests.
type fixture struct {
	// name is the golden directory under testdata/golden.
	name string
	// path is the topology file, relative to this package.
	path string
	// source is what the header names: the path as a user in the
	// repository root would give it.
	source string
}

// fixtures are the examples of the repository that have an alb tier and
// lint without error findings, and the topologies of testdata.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	good, _ := albExamples(t)
	out = append(out, good...)
	names, err := filepath.Glob("testdata/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".hcl")
		out = append(out, fixture{name: base, path: n, source: "render/alb/testdata/" + base + ".hcl"})
	}
	return out
}

// albExamples splits the examples with an alb tier into those that lint
// without error findings and those render refuses.
func albExamples(t *testing.T) (good, refused []fixture) {
	t.Helper()
	names, err := filepath.Glob("../../examples/*.hcl")
	if err != nil || len(names) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, n := range names {
		res, err := lint.Path(n, lint.Options{})
		if err != nil || !res.Decoded() {
			continue // the examples test reports it
		}
		hasALB := false
		for _, tier := range res.Topology.Tiers {
			hasALB = hasALB || tier.Kind.Value == topology.KindALB
		}
		if !hasALB {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(n), ".hcl")
		fx := fixture{name: base, path: n, source: "examples/" + base + ".hcl"}
		if finding.AtOrAbove(res.Findings, finding.Error) {
			refused = append(refused, fx)
		} else {
			good = append(good, fx)
		}
	}
	return good, refused
}

// load lints a fixture and fails on decode errors or error findings.
func load(t *testing.T, path string) *lint.Result {
	t.Helper()
	res, err := lint.Path(path, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Decoded() {
		t.Fatalf("%s does not decode: %v", path, res.Diagnostics)
	}
	for _, f := range res.Findings {
		if f.Severity == finding.Error {
			t.Fatalf("%s: error finding %s: %s", path, f.Rule, f.Message)
		}
	}
	return res
}

// plans renders every alb tier of a fixture.
func plans(t *testing.T, fx fixture) []*Plan {
	t.Helper()
	res := load(t, fx.path)
	ps, err := Build(res.Analysis, Options{TopoVersion: "test", Source: fx.source})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatalf("%s has no alb tier", fx.path)
	}
	return ps
}

func renderFiles(t *testing.T, fx fixture) []File {
	t.Helper()
	var out []File
	for _, p := range plans(t, fx) {
		fs, err := Files(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fs...)
	}
	return out
}

func TestALBGolden(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden", fx.name)
			files := renderFiles(t, fx)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := WriteFiles(dir, files); err != nil {
					t.Fatal(err)
				}
				return
			}
			diffs, err := Check(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Errorf("golden %s: %s (run go test ./render/alb -run ALBGolden -update)", dir, d)
			}
		})
	}
}

func TestALBDeterministic(t *testing.T) {
	for _, fx := range fixtures(t) {
		a, b := renderFiles(t, fx), renderFiles(t, fx)
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: %s differs between two renders", fx.name, a[i].Name)
			}
		}
	}
}

func TestALBIsGenerated(t *testing.T) {
	for _, fx := range fixtures(t) {
		for _, f := range renderFiles(t, fx) {
			if !IsGenerated(f.Data) {
				t.Errorf("%s: %s is not recognised as generated", fx.name, f.Name)
			}
		}
	}
	for _, foreign := range []string{"", "{}", `{"generated_by": {"tool": "other"}}`, "resource \"x\" \"y\" {}\n", "not json {"} {
		if IsGenerated([]byte(foreign)) {
			t.Errorf("%q recognised as generated", foreign)
		}
	}
}

// TestALBExamplesCovered pins which examples render and which are refused,
// so that an example that starts or stops rendering is noticed.
func TestALBExamplesCovered(t *testing.T) {
	good, refused := albExamples(t)
	has := func(fs []fixture, name string) bool {
		for _, f := range fs {
			if f.name == name {
				return true
			}
		}
		return false
	}
	if !has(good, "alb-browsers-and-native") {
		t.Errorf("alb-browsers-and-native does not render: %v", good)
	}
	if !has(refused, "alb-native-polling") {
		t.Errorf("alb-native-polling is not refused: %v", refused)
	}
	for _, fx := range refused {
		res := load0(t, fx.path)
		found := false
		for _, f := range res.Findings {
			found = found || (f.Severity == finding.Error && f.Tier != "")
		}
		if !found {
			t.Errorf("%s: refused without an error finding", fx.name)
		}
	}
}

// TestALBNativePollingRefusedWithFix checks the refusal of the cookie-less
// polling example: the finding and its fixes.
func TestALBNativePollingRefusedWithFix(t *testing.T) {
	res := load0(t, "../../examples/alb-native-polling.hcl")
	for _, f := range res.Findings {
		if f.Rule == "cookie-affinity-cookieless-client" && f.Tier == "alb" && f.Severity == finding.Error &&
			strings.Contains(f.Message, "websocket-only") && strings.Contains(f.Message, "cookie jar") {
			return
		}
	}
	t.Errorf("no cookie-affinity-cookieless-client error with its fixes at tier alb: %+v", res.Findings)
}

func load0(t *testing.T, path string) *lint.Result {
	t.Helper()
	res, err := lint.Path(path, lint.Options{})
	if err != nil || !res.Decoded() {
		t.Fatalf("%s: %v %v", path, err, res.Diagnostics)
	}
	return res
}
