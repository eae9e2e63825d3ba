package topology

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// decodeLists decodes src as written (one HCL parse) and with its lists of
// one element or more read by the scan, whole and in pieces.
func decodeLists(src []byte) (plain, scanned, scannedCut string) {
	s := Source{Name: "t.hcl", Bytes: src}
	from, size, lf := ChunkFrom, ChunkSize, ListFrom
	defer func() { ChunkFrom, ChunkSize, ListFrom = from, size, lf }()
	ChunkFrom = 1 << 40
	tp, dp := Decode(s)
	ChunkFrom, ChunkSize, ListFrom = 0, 1<<40, 1
	ts, ds := Decode(s)
	ChunkSize = 1
	tc, dc := Decode(s)
	return fingerprint(tp, dp), fingerprint(ts, ds), fingerprint(tc, dc)
}

// bigList is a topology whose app tier lists n nodes, one per line.
func bigList(n int) []byte {
	var b strings.Builder
	b.WriteString("topology \"t\" {}\n\nsocketio {\n  adapter = \"redis\"\n}\n\nclient \"c\" {\n  entry = tier.edge\n}\n\n")
	b.WriteString("tier \"edge\" {\n  kind    = \"nginx\"\n  nodes   = [\"10.0.0.1:80\"]\n  balance = \"hash\"\n  hash_key = \"client_ip\"\n  to      = tier.app\n}\n\n")
	b.WriteString("tier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\n")
	for i := range n {
		fmt.Fprintf(&b, "    \"10.%d.%d.%d:3000\",\n", i/65536, i/256%256, i%256)
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String())
}

// TestListsDecodeAsHCL decodes every topology of the repository, and large
// generated ones, with and without the scan of plain lists: the results
// must be the same, ranges and diagnostics included.
func TestListsDecodeAsHCL(t *testing.T) {
	srcs := map[string][]byte{"1000 nodes": bigList(1000)}
	dup := bigList(300)
	srcs["a duplicate node"] = []byte(strings.Replace(string(dup), "10.0.1.5:3000", "10.0.1.4:3000", 1))
	srcs["a bad node"] = []byte(strings.Replace(string(dup), "10.0.1.5:3000", "10.0.1.5", 1))
	srcs["an error after the list"] = append(append([]byte(nil), dup...), []byte("tier \"x\" {\n  kind = 5\n}\n")...)
	srcs["a syntax error after the list"] = append(append([]byte(nil), dup...), []byte("tier \"x\" {\n")...)
	srcs["CRLF"] = []byte(strings.ReplaceAll(string(dup), "\n", "\r\n"))
	srcs["non-ASCII before the list"] = []byte(strings.Replace(string(dup), "  kind  = \"socketio\"\n", "  kind  = \"socketio\" # é\n  # café\n", 1))
	srcs["on one line"] = []byte(strings.ReplaceAll(strings.ReplaceAll(string(dup), ",\n    \"", ", \""), "= [\n    ", "= [\t"))
	files, bs := readTopologies(t, everyTopology)
	for i, p := range files {
		srcs[p] = bs[i]
	}
	from := ListFrom
	defer func() { ListFrom = from }()
	scanned := 0
	for name, src := range srcs {
		ListFrom = 1
		if len(plainLists(src, "t.hcl")) > 0 {
			scanned++
		}
		ListFrom = from
		plain, sc, cut := decodeLists(src)
		if plain != sc {
			t.Errorf("%s: decoded with the list scan differs from one parse:\nplain:   %s\nscanned: %s", name, plain, sc)
		}
		if plain != cut {
			t.Errorf("%s: decoded with the list scan, in pieces, differs from one parse:\nplain: %s\ncut:   %s", name, plain, cut)
		}
	}
	if scanned < len(srcs)/2 {
		t.Errorf("only %d of %d sources had a list the scan reads: it gives up too often", scanned, len(srcs))
	}
}

// TestListElementsAsHCL: the elements the scan builds are those HCL builds,
// value and ranges, for each element of lists laid out in several ways.
func TestListElementsAsHCL(t *testing.T) {
	from := ListFrom
	defer func() { ListFrom = from }()
	ListFrom = 1
	for _, src := range []string{
		"a {\n  n = [\"10.0.0.1:80\", \"x\",\n    \"y y\",\n  ]\n}\n",
		"a {\n\tn = [\"a\"]\n}\n",
		"a {\r\n  n = [\r\n \"a\" ,\r\n\t\"b\"\r\n]\r\n}\r\n",
		"a { n = [ \"~!@#&*()_+-=[]{}|;':,./<>?`\" ] }\n",
	} {
		f, diags := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%q: %s", src, diags.Error())
		}
		want := f.Body.(*hclsyntax.Body).Blocks[0].Body.Attributes["n"].Expr.(*hclsyntax.TupleConsExpr)
		lists := plainLists([]byte(src), "t.hcl")
		if len(lists) != 1 || lists[0].open != want.OpenRange.Start.Byte || lists[0].close != want.SrcRange.End.Byte-1 {
			t.Fatalf("%q: scanned %+v, want one list at %d", src, lists, want.OpenRange.Start.Byte)
		}
		got := lists[0].exprs
		if len(got) != len(want.Exprs) {
			t.Fatalf("%q: %d elements, HCL %d", src, len(got), len(want.Exprs))
		}
		for i := range got {
			g, w := got[i].(*hclsyntax.TemplateExpr), want.Exprs[i].(*hclsyntax.TemplateExpr)
			gl, wl := g.Parts[0].(*hclsyntax.LiteralValueExpr), w.Parts[0].(*hclsyntax.LiteralValueExpr)
			if g.SrcRange != w.SrcRange || gl.SrcRange != wl.SrcRange || !gl.Val.RawEquals(wl.Val) || len(w.Parts) != 1 {
				t.Errorf("%q element %d: scanned %v %v %#v, HCL %v %v %#v", src, i, g.SrcRange, gl.SrcRange, gl.Val, w.SrcRange, wl.SrcRange, wl.Val)
			}
		}
	}
}

// FuzzLists checks TestListsDecodeAsHCL on arbitrary input.
func FuzzLists(f *testing.F) {
	f.Add(bigList(3))
	f.Add([]byte("tier \"a\" {\n  nodes = [\"a:1\", # c\n \"b:2\"]\n}\n"))
	f.Add([]byte("tier \"a\" {\n  nodes = [\"a:1\" \"b:2\"]\n}\n"))
	f.Add([]byte("tier \"a\" {\n  nodes = [\"a:1\",, \"b:2\"]\n}\n"))
	f.Add([]byte("tier \"a\" {\n  x = \"[\\\"a\\\"]\"\n  nodes = [\"\", \"b\"]\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		plain, sc, cut := decodeLists(src)
		if plain != sc || plain != cut {
			t.Errorf("decoded with the list scan differs from one parse:\nplain:   %s\nscanned: %s\ncut:     %s", plain, sc, cut)
		}
	})
}
