package topology_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/topolint/topo/topology"
)

// TestLoadDirectory: a directory loads every *.hcl file directly in it, in
// name order, and nothing else: not notes.txt, not 30-old.hcl.bak, not the
// nested directory, not the directory named dir.hcl (each would add errors).
func TestLoadDirectory(t *testing.T) {
	dir := filepath.Join("testdata", "load")
	topo, diags, err := topology.Load(dir, topology.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:%s", dump(diags))
	}
	wantFiles := []string{filepath.Join(dir, "10-topology.hcl"), filepath.Join(dir, "20-tiers.hcl")}
	if !reflect.DeepEqual(topo.FileNames, wantFiles) {
		t.Errorf("FileNames %q, want %q", topo.FileNames, wantFiles)
	}
	if len(topo.Files) != 2 || topo.Files[wantFiles[0]] == nil || topo.Files[wantFiles[1]] == nil {
		t.Errorf("Files has %d entries, want the two sources", len(topo.Files))
	}
	if topo.Name != "split" || len(topo.Tiers) != 2 || topo.Tiers[0].Name != "edge" || topo.Tiers[1].Name != "app" {
		t.Fatalf("decoded %q with tiers %v", topo.Name, tierNames(topo))
	}
	// Cross-file reference, with ranges in the right files.
	c := topo.Clients[0]
	if c.Entry.Value != topo.Tier("edge") {
		t.Errorf("client entry does not resolve across files")
	}
	if c.DeclRange.Filename != wantFiles[0] || topo.Tier("edge").DeclRange.Filename != wantFiles[1] {
		t.Errorf("ranges name the wrong files: client %s, tier %s", c.DeclRange, topo.Tier("edge").DeclRange)
	}
	if got := topo.Tier("edge").DeclRange; got.Start.Line != 1 || got.Start.Column != 1 || got.End.Column != 12 {
		t.Errorf("edge DeclRange %s, want line 1, columns 1-12", got)
	}
}

func tierNames(topo *topology.Topology) []string {
	var out []string
	for _, tier := range topo.Tiers {
		out = append(out, tier.Name)
	}
	return out
}

// TestLoadDirectoryOrder: files are read in name order whatever their
// contents, and tiers keep the order of the files.
func TestLoadDirectoryOrder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.hcl": "tier \"second\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.2.2:3000\"]\n}\n",
		"a.hcl": "topology \"t\" {}\nsocketio {}\nclient \"c\" {\n  entry = tier.first\n}\ntier \"first\" {\n  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.second\n}\n",
		"C.hcl": "# upper case sorts first\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	topo, diags, err := topology.Load(dir, topology.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	var base []string
	for _, f := range topo.FileNames {
		base = append(base, filepath.Base(f))
	}
	if !reflect.DeepEqual(base, []string{"C.hcl", "a.hcl", "b.hcl"}) {
		t.Errorf("read %v, want [C.hcl a.hcl b.hcl]", base)
	}
	if got := tierNames(topo); !reflect.DeepEqual(got, []string{"first", "second"}) {
		t.Errorf("tiers %v, want [first second]", got)
	}
}

// TestLoadDirectoryErrors: a duplicate across files names both files, and
// the diagnostics point into the file that holds the problem.
func TestLoadDirectoryErrors(t *testing.T) {
	dir := filepath.Join("testdata", "load-split-error")
	topo, diags, err := topology.Load(dir, topology.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs := errorsOf(diags)
	if len(errs) != 1 || errs[0].Summary != "Duplicate tier name" {
		t.Fatalf("want one duplicate tier error, got:%s", dump(diags))
	}
	d := errs[0]
	if d.Subject.Filename != filepath.Join(dir, "20-more.hcl") || rng(d.Subject) != "1:6-1:11" {
		t.Errorf("subject %s %s, want 20-more.hcl 1:6-1:11", d.Subject.Filename, rng(d.Subject))
	}
	if !strings.Contains(d.Detail, filepath.Join(dir, "10-main.hcl")+":9,1-11") {
		t.Errorf("detail %q does not name the first declaration", d.Detail)
	}
	if len(topo.Files) != 2 {
		t.Errorf("Files has %d entries on error, want 2 for snippets", len(topo.Files))
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join("testdata", "load", "20-tiers.hcl")
	topo, diags, err := topology.Load(path, topology.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// One file alone lacks the topology, socketio and client blocks.
	var summaries []string
	for _, d := range errorsOf(diags) {
		summaries = append(summaries, d.Summary)
		if d.Subject == nil || d.Subject.Filename != path {
			t.Errorf("%s: subject %v, want in %s", d.Summary, d.Subject, path)
		}
	}
	if want := []string{"Missing topology block", "Missing socketio block", "Missing client blocks"}; !reflect.DeepEqual(summaries, want) {
		t.Errorf("errors %q, want %q", summaries, want)
	}
	if !reflect.DeepEqual(topo.FileNames, []string{path}) {
		t.Errorf("FileNames %q", topo.FileNames)
	}
}

func TestLoadUnreadable(t *testing.T) {
	for name, path := range map[string]string{
		"missing":   filepath.Join("testdata", "no-such-file.hcl"),
		"empty dir": t.TempDir(),
		"only non-hcl files": func() string {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return dir
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			topo, diags, err := topology.Load(path, topology.LoadOptions{})
			if err == nil {
				t.Fatalf("no error; topology %v, diagnostics:%s", topo, dump(diags))
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
}

// Two spellings of one IPv6 address are one node: lint reports the
// duplicate that render would otherwise meet as two identical server lines.
func TestIPv6SpellingsAreOneNode(t *testing.T) {
	src := `topology "t" {}
socketio {}
client "c" {
  entry = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["[2001:db8::21]:3000", "[2001:DB8:0::21]:3000"]
}
`
	_, diags := topology.Decode(topology.Source{Name: "t.hcl", Bytes: []byte(src)})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Duplicate node") {
		t.Fatalf("diagnostics: %v", diags)
	}
	top, diags := topology.Decode(topology.Source{Name: "t.hcl", Bytes: []byte(strings.Replace(src, `, "[2001:DB8:0::21]:3000"`, "", 1))})
	if diags.HasErrors() || top.Tier("app").Nodes.Value[0].Address != "[2001:db8::21]:3000" {
		t.Errorf("canonical address: %v %v", top, diags)
	}
}
