package graph

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// input is one topology the golden tests draw.
type input struct {
	name   string // subtest name
	path   string // the .hcl file
	golden string // golden path without extension
}

// inputs lists the repository's examples (../examples/*.hcl) and this
// package's own fixtures (testdata/*.hcl).
func inputs(t *testing.T) []input {
	t.Helper()
	var out []input
	for _, set := range []struct{ glob, dir, prefix string }{
		{"../examples/*.hcl", "testdata/golden/examples", "examples/"},
		{"testdata/*.hcl", "testdata/golden", ""},
	} {
		files, err := filepath.Glob(set.glob)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, f := range files {
			base := strings.TrimSuffix(filepath.Base(f), ".hcl")
			out = append(out, input{name: set.prefix + base, path: f, golden: filepath.Join(set.dir, base)})
		}
	}
	if len(out) == 0 {
		t.Fatal("no topologies to draw")
	}
	return out
}

// draw lints path and builds its graph; the topology must decode.
func draw(t *testing.T, path string) (*Graph, *lint.Result) {
	t.Helper()
	res, err := lint.Path(path, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Decoded() {
		t.Fatalf("%s does not decode: %v", path, res.Diagnostics)
	}
	return Build(res.Analysis, res.Findings), res
}

// drawSource lints an in-memory topology and builds its graph.
func drawSource(t *testing.T, src string) (*Graph, *lint.Result) {
	t.Helper()
	res := lint.Sources(lint.Options{}, topology.Source{Name: "test.hcl", Bytes: []byte(src)})
	if !res.Decoded() {
		t.Fatalf("does not decode: %v", res.Diagnostics)
	}
	return Build(res.Analysis, res.Findings), res
}

func TestGraphGolden(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			g, _ := draw(t, in.path)
			for _, out := range []struct {
				ext  string
				data []byte
			}{{".dot", g.DOT()}, {".mmd", g.Mermaid()}} {
				file := in.golden + out.ext
				if *update {
					if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, out.data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("no golden file for %s (run `go test ./graph -run Golden -update` and review the diff): %v", in.path, err)
				}
				if diff := cmp.Diff(string(want), string(out.data)); diff != "" {
					t.Errorf("%s differs from %s (run with -update if the change is intended) (-want +got):\n%s", in.path, file, diff)
				}
			}
		})
	}
}

// TestGraphGoldenNoOrphans keeps the golden directory in step with the
// inputs: a golden file whose topology is gone is an error (-update deletes
// it).
func TestGraphGoldenNoOrphans(t *testing.T) {
	want := map[string]bool{}
	for _, in := range inputs(t) {
		want[in.golden+".dot"], want[in.golden+".mmd"] = true, true
	}
	var orphans []string
	for _, glob := range []string{"testdata/golden/*.*", "testdata/golden/examples/*.*"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if !want[f] {
				orphans = append(orphans, f)
			}
		}
	}
	sort.Strings(orphans)
	for _, f := range orphans {
		if *update {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s has no topology any more: remove it (or run with -update)", f)
	}
}

func TestGraphDeterministic(t *testing.T) {
	for _, in := range inputs(t) {
		g1, _ := draw(t, in.path)
		g2, _ := draw(t, in.path)
		if !bytes.Equal(g1.DOT(), g2.DOT()) {
			t.Errorf("%s: two DOT runs differ", in.path)
		}
		if !bytes.Equal(g1.Mermaid(), g2.Mermaid()) {
			t.Errorf("%s: two Mermaid runs differ", in.path)
		}
		if !bytes.Equal(g1.DOT(), g1.DOT()) {
			t.Errorf("%s: DOT of one graph differs between calls", in.path)
		}
	}
}

// requireDot skips the test when Graphviz is missing, except in CI, where
// it must be installed (.ci/run installs the graphviz package).
func requireDot(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Graphviz `dot` is not installed, and CI must render the graphs: install the Debian package graphviz (%v)", err)
		}
		t.Skipf("Graphviz `dot` is not installed (apt-get install graphviz): %v", err)
	}
}

var svgText = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

func TestGraphDOTRendersWithGraphviz(t *testing.T) {
	requireDot(t)
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			g, res := draw(t, in.path)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			svg, err := Render(ctx, g.DOT(), "svg")
			if err != nil {
				t.Fatalf("dot -Tsvg: %v", err)
			}
			if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("</svg>")) {
				t.Fatalf("dot -Tsvg printed no SVG:\n%s", svg)
			}
			var text strings.Builder
			for _, m := range svgText.FindAllSubmatch(svg, -1) {
				text.WriteString(html.UnescapeString(string(m[1])))
				text.WriteByte('\n')
			}
			for _, f := range res.Findings {
				if f.Severity == finding.Error && !strings.Contains(text.String(), f.Rule) {
					t.Errorf("the SVG does not show the error rule %s", f.Rule)
				}
			}
			for _, n := range g.Nodes {
				if !strings.Contains(text.String(), n.Lines[0]) {
					t.Errorf("the SVG does not show %q", n.Lines[0])
				}
			}
		})
	}
}

func TestGraphRenderPNG(t *testing.T) {
	requireDot(t)
	g, _ := draw(t, "testdata/routes-split.hcl")
	png, err := Render(context.Background(), g.DOT(), "png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG: % x", png[:min(len(png), 16)])
	}
}

func TestGraphRenderErrors(t *testing.T) {
	if _, err := Render(context.Background(), []byte("digraph{}"), "pdf"); err == nil {
		t.Error("Render accepted pdf")
	}
	t.Run("no dot", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := Render(context.Background(), []byte("digraph{}"), "svg")
		if !errors.Is(err, ErrNoDot) {
			t.Fatalf("err = %v, want ErrNoDot", err)
		}
		if !strings.Contains(err.Error(), "graphviz") {
			t.Errorf("the error does not name the graphviz package: %v", err)
		}
	})
	t.Run("dot fails", func(t *testing.T) {
		requireDot(t)
		_, err := Render(context.Background(), []byte("digraph { a -> }"), "svg")
		if err == nil || !strings.Contains(err.Error(), "dot -Tsvg") {
			t.Fatalf("err = %v, want a dot -Tsvg error", err)
		}
	})
}

// TestGraphBrokenShowsFailingHopInRed checks every input: each tier with an
// error finding is drawn red and names the rule, and any input with an
// error finding has something red.
func TestGraphBrokenShowsFailingHopInRed(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			g, res := draw(t, in.path)
			dot := string(g.DOT())
			mmd := string(g.Mermaid())
			errs, _, _ := finding.Count(res.Findings)
			if errs > 0 {
				if !strings.Contains(dot, `color="`+errorColor+`"`) {
					t.Error("the DOT has error findings but nothing red")
				}
				if !strings.Contains(mmd, "class ") || !strings.Contains(mmd, errorColor) {
					t.Error("the Mermaid has error findings but nothing red")
				}
			}
			for _, f := range res.Findings {
				if f.Severity != finding.Error || f.Tier == "" {
					continue
				}
				n := g.Node(TierID(f.Tier))
				if n == nil {
					t.Fatalf("no node for tier %q", f.Tier)
				}
				if Severity(n.Marks) != finding.Error {
					t.Errorf("tier %q has error %s but is not red", f.Tier, f.Rule)
				}
				if !strings.Contains(strings.Join(n.Lines, "\n"), f.Rule) {
					t.Errorf("tier %q does not name %s: %q", f.Tier, f.Rule, n.Lines)
				}
				line := nodeLine(dot, n.ID)
				if !strings.Contains(line, errorColor) || !strings.Contains(line, f.Rule) {
					t.Errorf("DOT node line for %q is not red with %s: %s", f.Tier, f.Rule, line)
				}
			}
		})
	}
}

func nodeLine(dot, id string) string {
	for _, l := range strings.Split(dot, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), dotID(id)+" [") {
			return l
		}
	}
	return ""
}

// specExample is the example of the language specification.
const specExample = `
topology "chat" {
  expected_connections = 40000
}
socketio {
  version = "4.8"
  adapter = "redis"
}
client "browser" {
  entry = tier.f5
}
client "android" {
  entry   = tier.f5
  cookies = false
}
tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}
tier "edge" {
  kind      = "nginx"
  version   = "1.22.1"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`

func onlyEdge(t *testing.T, g *Graph, from, to string) *Edge {
	t.Helper()
	es := g.EdgesBetween(from, to)
	if len(es) != 1 {
		t.Fatalf("%d edges %s -> %s, want 1", len(es), from, to)
	}
	return es[0]
}

func hasRule(marks []Mark, rule string, sev finding.Severity) bool {
	for _, m := range marks {
		if m.Rule == rule && m.Severity == sev {
			return true
		}
	}
	return false
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestGraphSpecExampleEdges(t *testing.T) {
	g, _ := drawSource(t, specExample)
	// The F5 does source NAT: the client address is lost on its edge, which
	// is where client-ip-lost breaks.
	e := onlyEdge(t, g, TierID("f5"), TierID("edge"))
	if !hasLine(e.Lines, "client IP lost") || !hasRule(e.Marks, "client-ip-lost", finding.Error) {
		t.Errorf("f5 -> edge: %q %v, want client IP lost with client-ip-lost", e.Lines, e.Marks)
	}
	// nginx's ip_hash is the failing hop.
	e = onlyEdge(t, g, TierID("edge"), TierID("app"))
	if !hasRule(e.Marks, "ip-hash-collapse", finding.Error) || Severity(e.Marks) != finding.Error {
		t.Errorf("edge -> app: %v, want ip-hash-collapse in red", e.Marks)
	}
	if n := g.Node(TierID("edge")); !hasLine(n.Lines, "balance: ip_hash") || !hasLine(n.Lines, "nginx 1.22.1, L7, 2 nodes") {
		t.Errorf("edge: %q", n.Lines)
	}
	// A notice does not colour.
	if n := g.Node(TierID("f5")); Severity(n.Marks) != 0 || !hasLine(n.Lines, "notice: single-point-of-failure") {
		t.Errorf("f5: %q %v", n.Lines, n.Marks)
	}
	e = onlyEdge(t, g, ClientID("android"), TierID("f5"))
	if !hasLine(e.Lines, "polling + websocket") || !hasLine(e.Lines, "client IP as source") {
		t.Errorf("android -> f5: %q", e.Lines)
	}
	if n := g.Node(ClientID("android")); !hasLine(n.Lines, "no cookies") {
		t.Errorf("android: %q", n.Lines)
	}
}

func TestGraphWebSocketBlockedEdge(t *testing.T) {
	src := strings.Replace(specExample, `  layer              = 4
  nodes              = ["203.0.113.10:443"]
  forwards_client_ip = "none"`, `  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "x_forwarded_for"`, 1)
	src = strings.Replace(src, `balance   = "ip_hash"`, `balance   = "hash"
  hash_key  = "client_ip"
  consistent = true
  real_ip_from = "x_forwarded_for"`, 1)
	g, res := drawSource(t, src)
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Rule+"@"+f.Tier)
	}
	e := onlyEdge(t, g, TierID("f5"), TierID("edge"))
	if !hasLine(e.Lines, "polling + websocket upgrade blocked") || !hasRule(e.Marks, "websocket-upgrade-missing", finding.Error) {
		t.Errorf("f5 -> edge: %q %v (findings %v)", e.Lines, e.Marks, rules)
	}
	if !hasLine(e.Lines, "client IP via XFF") {
		t.Errorf("f5 -> edge: %q, want the address in X-Forwarded-For", e.Lines)
	}
	e = onlyEdge(t, g, TierID("edge"), TierID("app"))
	if !hasLine(e.Lines, "polling + no websocket (blocked in front)") || Severity(e.Marks) != 0 {
		t.Errorf("edge -> app: %q %v", e.Lines, e.Marks)
	}
	if n := g.Node(TierID("f5")); Severity(n.Marks) != finding.Error || !hasLine(n.Lines, "no websocket") {
		t.Errorf("f5: %q %v", n.Lines, n.Marks)
	}
}

func TestGraphFixtureEdges(t *testing.T) {
	t.Run("routes", func(t *testing.T) {
		g, _ := draw(t, "testdata/routes-split.hcl")
		es := g.EdgesBetween(TierID("alb"), TierID("app"))
		if len(es) != 2 {
			t.Fatalf("%d edges alb -> app, want the route and the default", len(es))
		}
		ws, def := es[0], es[1]
		if ws.Lines[0] != "route websocket" || ws.Lines[1] != "/socket.io/* ?transport=websocket" || !hasLine(ws.Lines, "balance: round_robin") {
			t.Errorf("route edge: %q", ws.Lines)
		}
		if !hasRule(ws.Marks, "affinity-missing", finding.Error) {
			t.Errorf("route edge: %v, want affinity-missing", ws.Marks)
		}
		if def.Lines[0] != "default" || Severity(def.Marks) != 0 || !hasLine(def.Lines, "polling") {
			t.Errorf("default edge: %q %v", def.Lines, def.Marks)
		}
		admin := onlyEdge(t, g, TierID("alb"), TierID("admin"))
		if admin.Style != Dotted || !hasLine(admin.Lines, "no socket.io request") {
			t.Errorf("admin route: %q style %d, want dotted", admin.Lines, admin.Style)
		}
		if n := g.Node(TierID("alb")); !hasLine(n.Lines, "alb, L7, AWS-managed nodes") || !hasLine(n.Lines, "balance: cookie") {
			t.Errorf("alb: %q", n.Lines)
		}
	})
	t.Run("proxy protocol", func(t *testing.T) {
		g, _ := draw(t, "testdata/proxy-mismatch.hcl")
		e := onlyEdge(t, g, TierID("haproxy"), TierID("nginx"))
		if !hasRule(e.Marks, "proxy-protocol-mismatch", finding.Error) || !hasLine(e.Lines, "client IP via PROXY") {
			t.Errorf("haproxy -> nginx: %q %v", e.Lines, e.Marks)
		}
	})
	t.Run("auto, workers, unused tier", func(t *testing.T) {
		g, _ := draw(t, "testdata/mixed-entries.hcl")
		if n := g.Node(TierID("nginx")); !hasLine(n.Lines, "balance: auto -> hash client_ip (consistent)") {
			t.Errorf("nginx: %q, want the method auto chose", n.Lines)
		}
		if n := g.Node(TierID("app")); !hasLine(n.Lines, "socket.io 4.7.5, 8 nodes x 4 workers (sticky by sid)") || !hasLine(n.Lines, "and 2 more") {
			t.Errorf("app: %q", n.Lines)
		}
		if e := onlyEdge(t, g, TierID("spare"), TierID("app")); e.Style != Dotted {
			t.Errorf("spare -> app is not dotted")
		}
		if e := onlyEdge(t, g, TierID("nlb"), TierID("nginx")); !hasLine(e.Lines, "client IP as source") {
			t.Errorf("nlb -> nginx: %q, want the source address preserved", e.Lines)
		}
		if n := g.Node(ClientID("native")); !hasLine(n.Lines, "addresses: nat, share 30%") {
			t.Errorf("native: %q", n.Lines)
		}
	})
}

// TestGraphProxyExpectedFromClients: a tier that expects the PROXY protocol
// from clients that connect to it directly breaks on the clients' edge.
func TestGraphProxyExpectedFromClients(t *testing.T) {
	g, res := drawSource(t, `
topology "pp" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.haproxy
}
tier "haproxy" {
  kind         = "haproxy"
  nodes        = ["10.0.0.10:443", "10.0.0.11:443"]
  real_ip_from = "proxy_protocol"
  websocket    = true
  balance      = "source_ip"
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`)
	reported := false
	for _, f := range res.Findings {
		reported = reported || f.Rule == "proxy-protocol-mismatch"
	}
	if !reported {
		t.Skip("lint does not report a PROXY protocol expected from clients")
	}
	e := onlyEdge(t, g, ClientID("browser"), TierID("haproxy"))
	if !hasRule(e.Marks, "proxy-protocol-mismatch", finding.Error) {
		t.Errorf("browser -> haproxy: %q %v, want proxy-protocol-mismatch", e.Lines, e.Marks)
	}
}

func TestGraphDispatcherEdgeDashed(t *testing.T) {
	g, _ := drawSource(t, `
topology "im" {}
socketio {}
client "app" {
  entry     = tier.dispatcher
  cookies   = false
  reconnect = "same_node"
}
tier "dispatcher" {
  kind    = "dispatcher"
  nodes   = ["10.0.0.5:8080", "10.0.0.6:8080"]
  balance = "least_conn"
  to      = tier.im
}
tier "im" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`)
	e := onlyEdge(t, g, TierID("dispatcher"), TierID("im"))
	if e.Style != Dashed || !hasLine(e.Lines, "client connects directly") {
		t.Errorf("dispatcher -> im: %q style %d", e.Lines, e.Style)
	}
	// dispatcher-reconnect is about the client; adapter-missing about the app.
	if n := g.Node(ClientID("app")); !hasRule(n.Marks, "dispatcher-reconnect", finding.Warning) {
		t.Errorf("client app: %v", n.Marks)
	}
	if n := g.Node(TierID("im")); !hasRule(n.Marks, "adapter-missing", finding.Warning) || Severity(n.Marks) != finding.Warning {
		t.Errorf("im: %v", n.Marks)
	}
	if !strings.Contains(string(g.DOT()), `color="`+warningColor+`"`) {
		t.Error("no amber in the DOT")
	}
	if !regexp.MustCompile(`(?m)^  class ([a-z0-9]+,)*t1(,[a-z0-9]+)* warning$`).Match(g.Mermaid()) {
		t.Errorf("no amber in the Mermaid:\n%s", g.Mermaid())
	}
}

func TestGraphDotEscape(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:        `plain`,
		`a"b`:          `a\"b`,
		`back\slash`:   `back\\slash`,
		`\N \G \l`:     `\\N \\G \\l`,
		"line\nbreak":  "line break",
		"tab\tx\r":     "tab x ",
		`trailing\`:    `trailing\\`,
		`"}; x -> y [`: `\"}; x -> y [`,
	} {
		if got := dotEscape(in); got != want {
			t.Errorf("dotEscape(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		`<b>x</b>`:   `&lt;b&gt;x&lt;/b&gt;`,
		`a & "b" 'c`: `a &amp; &quot;b&quot; &#39;c`,
		"x\ny":       "x y",
		`\N`:         `\N`,
	} {
		if got := htmlEscape(in); got != want {
			t.Errorf("htmlEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGraphMermaidEscape(t *testing.T) {
	for in, want := range map[string]string{
		`route ws: /socket.io/* ?transport=websocket`: `route ws: /socket.io/* ?transport=websocket`,
		`a"b`:         `a#quot;b`,
		`#1`:          `#35;1`,
		`<br/>`:       `#60;br/#62;`,
		`a|b;c&d`:     `a#124;b#59;c#38;d`,
		"`x` [y] {z}": `#96;x#96; #91;y#93; #123;z#125;`,
		"%%{init}%%":  `#37;#37;#123;init#125;#37;#37;`,
		"é":           `#233;`,
		"x\ny":        `x y`,
	} {
		if got := mermaidEscape(in); got != want {
			t.Errorf("mermaidEscape(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := yamlString(`a "b" %%{x}`), `"a \x22b\x22 \x25\x25\x7bx\x7d"`; got != want {
		t.Errorf("yamlString = %s, want %s", got, want)
	}
}

// hostile is text with every character the output languages treat
// specially.
const hostile = "x\"y\\z <b>&amp; #quot; | ; ` [a] {b} %%{init}%% \\N \\l --> end\nnext"

// TestGraphEscapesUserText draws a graph whose names and description hold
// hostile text (the decoder forbids such names; the drawing escapes anyway).
func TestGraphEscapesUserText(t *testing.T) {
	_, res := drawSource(t, specExample)
	top := res.Topology
	top.Description.Value = hostile
	for _, tier := range top.Tiers {
		tier.Name = hostile + " " + tier.Name
	}
	for _, c := range top.Clients {
		c.Name = hostile + " " + c.Name
		c.Library.Value = hostile
	}
	g := Build(res.Analysis, nil)

	dot := string(g.DOT())
	for _, l := range strings.Split(dot, "\n") {
		if strings.Contains(l, "\r") {
			t.Errorf("raw CR in DOT line %q", l)
		}
	}
	htmlLabel := regexp.MustCompile(`label=<(.*?)>(, |\])`)
	for _, m := range htmlLabel.FindAllStringSubmatch(dot, -1) {
		inner := strings.NewReplacer("<br/>", "", `<br align="left"/>`, "", "<b>", "", "</b>", "").Replace(m[1])
		inner = regexp.MustCompile(`&(amp|lt|gt|quot|#[0-9]+);`).ReplaceAllString(inner, "")
		if strings.ContainsAny(inner, "<>\"&\n") {
			t.Errorf("user text is not escaped in the DOT label %s", m[1])
		}
	}
	if strings.Contains(dot, "\nnext") {
		t.Errorf("a line break of user text reached the DOT:\n%s", dot)
	}

	mmd := string(g.Mermaid())
	label := regexp.MustCompile(`"[^"]*"`)
	for _, l := range strings.Split(mmd, "\n") {
		if strings.HasPrefix(l, mermaidStamp) {
			continue // a fixed comment, no user text
		}
		if strings.HasPrefix(l, "title: ") {
			if strings.ContainsAny(strings.TrimPrefix(l, "title: "), "%{}<>#|;`") {
				t.Errorf("title holds raw special characters: %s", l)
			}
			continue
		}
		rest := label.ReplaceAllString(l, `""`)
		if strings.ContainsAny(rest, "\"<>#|;`{}%") && !strings.Contains(l, "classDef") && !strings.Contains(l, "linkStyle") {
			// Outside labels only IDs, arrows and the -->|""| syntax remain.
			stripped := strings.NewReplacer("-->|", "", "-.->|", "", `""|`, "", `("")`, "", `[""]`, "", `[[""]]`, "").Replace(rest)
			if strings.ContainsAny(stripped, "\"<>#|;`{}%") {
				t.Errorf("special characters outside a label: %q", l)
			}
		}
		for _, m := range label.FindAllString(l, -1) {
			inner := strings.Trim(m, `"`)
			inner = strings.NewReplacer("<br/>", "", "<b>", "", "</b>", "").Replace(inner)
			inner = regexp.MustCompile(`#(quot|[0-9]+);`).ReplaceAllString(inner, "")
			if strings.ContainsAny(inner, "<>|;`{}%\\#&") {
				t.Errorf("unescaped character in label %s", m)
			}
		}
	}
	if !strings.Contains(mmd, "x#quot;y#92;z #60;b#62;#38;amp#59; #35;quot#59;") {
		t.Errorf("hostile name not escaped as expected:\n%s", mmd)
	}

	requireDot(t)
	svg, err := Render(context.Background(), []byte(dot), "svg")
	if err != nil {
		t.Fatalf("dot rejects the escaped DOT: %v\n%s", err, dot)
	}
	// dot shows the text literally (XML-escaped in the SVG), newline as space.
	if !bytes.Contains(svg, []byte(`x&quot;y\z &lt;b&gt;&amp;amp; #quot; | ; `+"`"+` [a] {b} %%{init}%% \N \l &#45;&#45;&gt; end next`)) {
		t.Errorf("the SVG does not show the hostile text literally:\n%s", svg)
	}
}

func TestGraphMermaidStructure(t *testing.T) {
	for _, in := range inputs(t) {
		g, _ := draw(t, in.path)
		mmd := string(g.Mermaid())
		lines := strings.Split(strings.TrimSuffix(mmd, "\n"), "\n")
		want := []string{"---", "", "config:", "  flowchart:", "    wrappingWidth: 400", "---", mermaidStamp + " paste into a Mermaid renderer, or render with topo graph --out FILE.svg", "flowchart LR"}
		for i, w := range want {
			if i == 1 {
				if !strings.HasPrefix(lines[i], "title: \"") {
					t.Errorf("%s: line 2 is %q, want the title", in.path, lines[i])
				}
				continue
			}
			if lines[i] != w {
				t.Errorf("%s: line %d is %q, want %q", in.path, i+1, lines[i], w)
			}
		}
		links := 0
		for _, l := range lines {
			if strings.Contains(l, "-->") || strings.Contains(l, "-.->") {
				links++
			}
		}
		if links != len(g.Edges) {
			t.Errorf("%s: %d links, %d edges", in.path, links, len(g.Edges))
		}
		for _, l := range lines {
			var i int
			if _, err := fmt.Sscanf(l, "  linkStyle %d", &i); err == nil && i >= links {
				t.Errorf("%s: %q styles link %d of %d", in.path, l, i, links)
			}
		}
	}
}

// The graph places a finding from its data alone: a rule it has never heard
// of, about a route of a tier, marks that tier and that route's edge; one
// about a client marks the client and its edge; one about nothing it can
// draw goes in the caption.
func TestGraphPlacesFindingsByTheirData(t *testing.T) {
	_, res := drawSource(t, `topology "t" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind      = "haproxy"
  nodes     = ["10.0.1.1:80"]
  balance   = "cookie"
  to        = tier.app
  route "ws" {
    header = { upgrade = "websocket" }
    to     = tier.app
  }
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000", "10.0.2.2:3000"]
}
`)
	fs := []finding.Finding{
		{Rule: "made-up-route-rule", Severity: finding.Error, Tier: "edge", Hops: []finding.Hop{{Tier: "edge", Route: "ws"}}},
		{Rule: "made-up-client-rule", Severity: finding.Warning, Client: "browser", Hops: []finding.Hop{{Client: "browser"}}},
		{Rule: "made-up-app-rule", Severity: finding.Warning, App: true},
		{Rule: "made-up-nowhere-rule", Severity: finding.Notice},
	}
	g := Build(res.Analysis, fs)
	var ws, def *Edge
	for _, e := range g.EdgesBetween(TierID("edge"), TierID("app")) {
		if hasLine(e.Lines, "default") {
			def = e
		} else {
			ws = e
		}
	}
	if ws == nil || def == nil {
		t.Fatalf("edges: %+v", g.Edges)
	}
	if !hasRule(ws.Marks, "made-up-route-rule", finding.Error) || hasRule(def.Marks, "made-up-route-rule", finding.Error) {
		t.Errorf("route rule: ws edge %v, default edge %v", ws.Marks, def.Marks)
	}
	if !hasRule(g.Node(TierID("edge")).Marks, "made-up-route-rule", finding.Error) {
		t.Errorf("tier edge: %v", g.Node(TierID("edge")).Marks)
	}
	if !hasRule(g.Node(ClientID("browser")).Marks, "made-up-client-rule", finding.Warning) ||
		!hasRule(onlyEdge(t, g, ClientID("browser"), TierID("edge")).Marks, "made-up-client-rule", finding.Warning) {
		t.Error("client rule not on the client and its edge")
	}
	if !hasRule(g.Node(TierID("app")).Marks, "made-up-app-rule", finding.Warning) {
		t.Errorf("app rule: %v", g.Node(TierID("app")).Marks)
	}
	if len(g.Other) != 1 || g.Other[0].Rule != "made-up-nowhere-rule" {
		t.Errorf("caption: %v", g.Other)
	}
}

// Every output format carries topo graph's stamp, and nothing else does.
func TestStamp(t *testing.T) {
	g, _ := draw(t, "../examples/chat.hcl")
	if !Stamped(g.DOT()) || !Stamped(g.Mermaid()) {
		t.Error("DOT or Mermaid without the stamp")
	}
	svg := []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg></svg>\n")
	if Stamped(svg) || !Stamped(Stamp(svg, "svg")) || !strings.HasPrefix(string(Stamp(svg, "svg")), "<?xml") {
		t.Errorf("svg: %s", Stamp(svg, "svg"))
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), make([]byte, 17)...)
	png = append(png, []byte("\x00\x00\x00\x00IEND\xaeB`\x82")...)
	if Stamped(png) || !Stamped(Stamp(png, "png")) {
		t.Error("png stamp")
	}
	for _, foreign := range []string{"digraph hand { a -> b }\n", "flowchart LR\n  a --> b\n", "<svg></svg>"} {
		if Stamped([]byte(foreign)) {
			t.Errorf("%q counts as topo's", foreign)
		}
	}
}

// A description of tens of kilobytes made DOT that Graphviz refused; the
// caption shows its first 200 characters.
func TestGraphLongDescription(t *testing.T) {
	requireDot(t)
	long := strings.Repeat("lorem ipsum ", 2000)
	g, _ := drawSource(t, `topology "t" {
  description = "`+long+`"
}
socketio {}
client "c" {
  entry = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000"]
}
`)
	if n := len([]rune(g.Title[0])); n > 220 {
		t.Errorf("caption of %d characters", n)
	}
	if _, err := Render(context.Background(), g.DOT(), "svg"); err != nil {
		t.Errorf("Graphviz refuses it: %v", err)
	}
}
