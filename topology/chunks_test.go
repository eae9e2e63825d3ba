package topology

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// fingerprint writes what a decode produced: every field of the topology,
// its clients, tiers and routes, ranges included (a tier that a field
// points to by its name), and the diagnostics.
func fingerprint(t *Topology, diags hcl.Diagnostics) string {
	var b strings.Builder
	// HCL reports unexpected attributes in map order: sort.
	var ds []string
	for _, d := range diags {
		ds = append(ds, fmt.Sprintf("%v %s %s %v", d.Severity, d.Summary, d.Detail, d.Subject))
	}
	sort.Strings(ds)
	fmt.Fprintf(&b, "diags: %s\n", strings.Join(ds, "\n"))
	if t == nil {
		return b.String()
	}
	var dump func(v reflect.Value)
	dump = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			if tier, ok := v.Interface().(*Tier); ok {
				b.WriteString("tier:" + tier.Name)
				return
			}
			if r, ok := v.Interface().(*Route); ok {
				b.WriteString("route:" + r.Name)
				return
			}
			dump(v.Elem())
		case reflect.Struct:
			b.WriteString("{")
			for i := 0; i < v.NumField(); i++ {
				if !v.Type().Field(i).IsExported() {
					continue
				}
				b.WriteString(v.Type().Field(i).Name + ":")
				dump(v.Field(i))
				b.WriteString(" ")
			}
			b.WriteString("}")
		case reflect.Slice:
			b.WriteString("[")
			for i := 0; i < v.Len(); i++ {
				dump(v.Index(i))
				b.WriteString(",")
			}
			b.WriteString("]")
		case reflect.Map:
			// Files: the bytes and names are the same either way.
			b.WriteString(fmt.Sprint(v.Len()))
		default:
			fmt.Fprint(&b, v.Interface())
		}
	}
	dump(reflect.ValueOf(t.SocketIO))
	for _, c := range t.Clients {
		dump(reflect.ValueOf(c))
	}
	for _, tier := range t.Tiers {
		dump(reflect.ValueOf(tier))
		for _, r := range tier.Routes {
			dump(reflect.ValueOf(r))
		}
	}
	fmt.Fprintf(&b, "\n%v %v", t.DeclRange, t.ExpectedConnections)
	return b.String()
}

// decodeBoth decodes src whole and in pieces of at least size bytes.
func decodeBoth(src []byte, size int) (whole, pieces string, cut bool) {
	s := Source{Name: "t.hcl", Bytes: src}
	from, sz := ChunkFrom, ChunkSize
	defer func() { ChunkFrom, ChunkSize = from, sz }()
	ChunkFrom = 1 << 40
	tw, dw := Decode(s)
	ChunkFrom, ChunkSize = 0, size
	tp, dp := Decode(s)
	return fingerprint(tw, dw), fingerprint(tp, dp), len(topLevelBreaks(src, size)) > 0
}

// TestChunksDecodeAsOneParse decodes every topology of the repository whole
// and cut into pieces at every top-level line end: the results must be the
// same, ranges and diagnostics included.
func TestChunksDecodeAsOneParse(t *testing.T) {
	files, srcs := readTopologies(t, everyTopology)
	cut := 0
	for i, p := range files {
		whole, pieces, c := decodeBoth(srcs[i], 1)
		if whole != pieces {
			t.Errorf("%s: decoded in pieces differs from one parse:\nwhole:  %s\npieces: %s", p, whole, pieces)
		}
		if c {
			cut++
		}
	}
	if cut < len(files)/2 {
		t.Errorf("only %d of %d files were cut: the scan gives up too often", cut, len(files))
	}
}

// FuzzChunks checks the same on arbitrary input.
func FuzzChunks(f *testing.F) {
	_, seeds := readTopologies(f, fuzzSeeds)
	for _, b := range seeds {
		f.Add(b)
	}
	f.Add([]byte("a = <<EOT\n}\nEOT\nb = \"x\"\n"))
	f.Add([]byte("/* x\n}\n*/\nclient \"a\" {\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		whole, pieces, _ := decodeBoth(src, 1)
		if whole != pieces {
			t.Errorf("decoded in pieces differs from one parse:\nwhole:  %s\npieces: %s", whole, pieces)
		}
	})
}
