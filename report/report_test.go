package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/topolint/topo/finding"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtureName is the file name the fixture is parsed under: a relative path
// with a directory, so that outputs show how they print one.
const fixtureName = "deploy/topology.hcl"

const docsBase = "https://github.com/topolint/topo/blob/v0.1.0/docs/rules/"

// fixture parses testdata/topology.hcl and builds findings and diagnostics
// whose ranges point at real tokens in it.
func fixture(t *testing.T) Input {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "topology.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	p := hclparse.NewParser()
	file, diags := p.ParseHCL(src, fixtureName)
	if diags.HasErrors() {
		t.Fatalf("fixture does not parse: %s", diags)
	}
	body := file.Body.(*hclsyntax.Body)
	block := func(typ, label string) *hclsyntax.Block {
		t.Helper()
		for _, b := range body.Blocks {
			if b.Type == typ && len(b.Labels) > 0 && b.Labels[0] == label {
				return b
			}
		}
		t.Fatalf("fixture has no %s %q", typ, label)
		return nil
	}
	attr := func(typ, label, name string) *hclsyntax.Attribute {
		t.Helper()
		a := block(typ, label).Body.Attributes[name]
		if a == nil {
			t.Fatalf("fixture has no %s.%s.%s", typ, label, name)
		}
		return a
	}

	findings := finding.Sort([]finding.Finding{
		{
			Rule:     "ip-hash-collapse",
			Severity: finding.Error,
			Tier:     "edge",
			Hops:     []finding.Hop{{Tier: "edge"}},
			Summary:  `Tier "edge" hashes the addresses of tier "f5", not the clients'`,
			Message: `Tier "edge" hashes on the connecting address, but its only peer is tier "f5": ` +
				`1 node that does not forward the client address, so every client lands on one socket.io node. ` +
				`Forward the address from "f5" (proxy_protocol) or balance by cookie.`,
			Range: attr("tier", "edge", "balance").SrcRange,
			Related: []finding.Related{
				{Message: `tier "f5" does not forward the client address`, Range: attr("tier", "f5", "forwards_client_ip").SrcRange},
				{Message: `the only peer address of tier "edge"`, Range: attr("tier", "f5", "nodes").SrcRange},
			},
			DocsURL: docsBase + "ip-hash-collapse.md",
		},
		{
			Rule:     "hash-not-consistent",
			Severity: finding.Warning,
			Tier:     "edge",
			Hops:     []finding.Hop{{Tier: "edge"}},
			Summary:  `Tier "edge" hashes without consistent hashing`,
			Message:  `ip_hash without consistent hashing: adding or removing a node of "app" moves ~67% of sessions. Set consistent = true.`,
			Range:    attr("tier", "edge", "balance").SrcRange,
			DocsURL:  docsBase + "hash-not-consistent.md",
		},
		{
			Rule:     "cookie-affinity-cookieless-client",
			Severity: finding.Error,
			Client:   "android",
			Hops:     []finding.Hop{{Client: "android"}},
			Summary:  `Client "android" keeps no cookies`,
			Message:  `Client "android" keeps no cookies & polls first, so an affinity cookie <io> set by "edge" is never sent back.`,
			Range:    block("client", "android").Range(),
			DocsURL:  docsBase + "cookie-affinity-cookieless-client.md",
		},
		{
			Rule:     "single-point-of-failure",
			Severity: finding.Notice,
			Tier:     "f5",
			Summary:  `Tier "f5" is on every path and has one node`,
			Message:  `Tier "f5" is on every path and has one node.`,
			Range:    block("tier", "f5").DefRange(),
			DocsURL:  docsBase + "single-point-of-failure.md",
		},
	})
	workerz := attr("tier", "app", "workerz").NameRange
	return Input{
		Findings: findings,
		Diagnostics: hcl.Diagnostics{
			{
				Severity: hcl.DiagError,
				Summary:  "Unsupported argument",
				Detail:   `An argument named "workerz" is not expected here. Did you mean "workers"?`,
				Subject:  &workerz,
			},
			{
				Severity: hcl.DiagWarning,
				Summary:  "No files matched",
				Detail:   "The directory holds no *.hcl file besides this one.",
			},
		},
		Files: p.Files(),
		Rules: []RuleInfo{
			{ID: "adapter-missing", Severity: finding.Warning, Summary: "Several socket.io nodes and no adapter", DocsURL: docsBase + "adapter-missing.md"},
			{ID: "cookie-affinity-cookieless-client", Severity: finding.Error, Summary: "Cookie affinity on a polling path used by a client that keeps no cookies", DocsURL: docsBase + "cookie-affinity-cookieless-client.md"},
			{ID: "hash-not-consistent", Severity: finding.Warning, Summary: "Hash affinity without consistent hashing", DocsURL: docsBase + "hash-not-consistent.md"},
			{ID: "ip-hash-collapse", Severity: finding.Error, Summary: "A hop hashes on the connecting address while its peers are a few proxy addresses", DocsURL: docsBase + "ip-hash-collapse.md"},
			{ID: "single-point-of-failure", Severity: finding.Notice, Summary: "A tier on every path has one node", DocsURL: docsBase + "single-point-of-failure.md"},
		},
		ToolName:    "topo",
		ToolVersion: "0.1.0",
	}
}

// goldenNames maps each format to its golden file under testdata/golden.
var goldenNames = map[string]string{
	"text":   "text.txt",
	"json":   "json.json",
	"sarif":  "sarif.sarif",
	"github": "github.txt",
	"gitlab": "gitlab.json",
}

func TestGolden(t *testing.T) {
	in := fixture(t)
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(format, &buf, in); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", goldenNames[format])
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s output differs from %s (-want +got):\n%s", format, path, diff)
			}
		})
	}
}

func TestGoldenCoversEveryFormat(t *testing.T) {
	for _, f := range Formats() {
		if goldenNames[f] == "" {
			t.Errorf("format %q has no golden file", f)
		}
	}
	if len(goldenNames) != len(Formats()) {
		t.Errorf("golden files for %d formats, Formats() has %d", len(goldenNames), len(Formats()))
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "github", "gitlab"}
	if diff := cmp.Diff(want, Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
	// The result is a copy: changing it does not change the package's list.
	got := Formats()
	got[0] = "changed"
	if Formats()[0] != "text" {
		t.Error("Formats() returned the package's own slice")
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	for _, name := range []string{"", "xml", "TEXT", "pretty"} {
		var buf bytes.Buffer
		err := Write(name, &buf, fixture(t))
		if err == nil {
			t.Errorf("Write(%q) returned no error", name)
			continue
		}
		if !strings.Contains(err.Error(), "text, json, sarif, github") {
			t.Errorf("Write(%q) error %q does not list the formats", name, err)
		}
		if buf.Len() != 0 {
			t.Errorf("Write(%q) wrote %q", name, buf.String())
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		var a, b bytes.Buffer
		if err := Write(format, &a, fixture(t)); err != nil {
			t.Fatal(err)
		}
		if err := Write(format, &b, fixture(t)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes of the same input differ:\n%s", format, cmp.Diff(a.String(), b.String()))
		}
	}
}

// failWriter fails every write.
type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrorsPropagate(t *testing.T) {
	for _, format := range Formats() {
		if err := Write(format, failWriter{}, fixture(t)); !errors.Is(err, errWrite) {
			t.Errorf("%s: got error %v, want %v", format, err, errWrite)
		}
		if format == "github" {
			continue // an empty input prints no workflow command at all
		}
		if err := Write(format, failWriter{}, Input{}); !errors.Is(err, errWrite) {
			t.Errorf("%s with empty input: got error %v, want %v", format, err, errWrite)
		}
	}
}

func TestWriteDiagnostics(t *testing.T) {
	in := fixture(t)
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, in.Files, in.Diagnostics, false); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"Error: Unsupported argument",
		"on deploy/topology.hcl line 39",
		"  39:   workerz = 4",
		`Did you mean "workers"?`,
		"Warning: No files matched",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteDiagnostics output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("color=false output has escape codes:\n%q", out)
	}

	buf.Reset()
	if err := WriteDiagnostics(&buf, in.Files, in.Diagnostics, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\x1b[") {
		t.Errorf("color=true output has no escape codes:\n%q", buf.String())
	}

	buf.Reset()
	if err := WriteDiagnostics(&buf, in.Files, nil, false); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("no diagnostics printed %q", buf.String())
	}
}

func TestFixtureIsSorted(t *testing.T) {
	// The formats print findings in the order given; the fixture must look
	// like what the CLI passes in.
	in := fixture(t)
	var rules []string
	for _, f := range in.Findings {
		rules = append(rules, f.Rule)
	}
	want := []string{"cookie-affinity-cookieless-client", "single-point-of-failure", "hash-not-consistent", "ip-hash-collapse"}
	if !slices.Equal(rules, want) {
		t.Errorf("fixture order %v, want %v", rules, want)
	}
}
