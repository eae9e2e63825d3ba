package topology_test

import (
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/topology"
)

// hclNames maps the model's field names to the language's attribute names
// where snake_case of the field name is not the attribute name.
var hclNames = map[string]string{
	"WebSocket":        "websocket",
	"ForwardsClientIP": "forwards_client_ip",
	"RealIPFrom":       "real_ip_from",
	"TLS":              "tls",
	"TLSCertificate":   "tls_certificate",
	"TLSKey":           "tls_key",
	"RedirectHTTPPort": "redirect_http_port",
}

var camelBoundary = regexp.MustCompile(`([a-z0-9])([A-Z])`)

func hclName(field string) string {
	if n, ok := hclNames[field]; ok {
		return n
	}
	return strings.ToLower(camelBoundary.ReplaceAllString(field, "${1}_${2}"))
}

var rangeType = reflect.TypeOf(hcl.Range{})

// attrFields visits every Attr[T] field of the struct v (and of its nested
// value structs such as Affinity), with the field's name.
func attrFields(v reflect.Value, visit func(field string, value reflect.Value)) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Type.Kind() == reflect.Struct && strings.HasPrefix(f.Type.Name(), "Attr["):
			visit(f.Name, fv)
		case f.Type.Kind() == reflect.Struct && f.Type != rangeType:
			attrFields(fv, visit)
		}
	}
}

func textAt(t *testing.T, topo *topology.Topology, r hcl.Range) string {
	t.Helper()
	f := topo.Files[r.Filename]
	if f == nil {
		t.Fatalf("range %s names a file that was not read", r)
	}
	if r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		t.Fatalf("range %s is outside the file (%d bytes)", r, len(f.Bytes))
	}
	return string(f.Bytes[r.Start.Byte:r.End.Byte])
}

// TestRangesKept: every block of the model keeps its declaration range, every
// written attribute keeps a range that covers `name = value` in the source,
// and every default has the zero range. testdata/full.hcl writes every
// attribute of the language at least once, which the test checks too.
func TestRangesKept(t *testing.T) {
	path := filepath.Join("testdata", "full.hcl")
	topo, diags, err := topology.Load(path, topology.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}

	written := map[string]bool{} // "Tier.Workers" → written somewhere
	check := func(owner string, block reflect.Value) {
		attrFields(block, func(field string, a reflect.Value) {
			key := owner + "." + field
			set := a.FieldByName("Set").Bool()
			r := a.FieldByName("Range").Interface().(hcl.Range)
			if _, ok := written[key]; !ok {
				written[key] = false
			}
			if !set {
				if r != (hcl.Range{}) {
					t.Errorf("%s: not written, but has range %s", key, r)
				}
				return
			}
			written[key] = true
			if r.Filename != path || r.Start.Line < 1 || r.End.Byte <= r.Start.Byte {
				t.Errorf("%s: written, but range %s is empty", key, r)
				return
			}
			text := textAt(t, topo, r)
			name := hclName(field)
			if !regexp.MustCompile(`^` + name + `\s*=\s*\S`).MatchString(text) {
				t.Errorf("%s: range %s covers %q, want `%s = …`", key, r, text, name)
			}
		})
	}
	decl := func(what string, r hcl.Range, prefix string) {
		if r.Filename != path || r.Start.Line < 1 || r.End.Byte <= r.Start.Byte {
			t.Errorf("%s: DeclRange %s is empty", what, r)
			return
		}
		if text := textAt(t, topo, r); !strings.HasPrefix(text, prefix) {
			t.Errorf("%s: DeclRange %s covers %q, want it to start with %q", what, r, text, prefix)
		}
	}

	decl("topology", topo.DeclRange, `topology "full"`)
	check("Topology", reflect.ValueOf(*topo))
	decl("socketio", topo.SocketIO.DeclRange, "socketio")
	check("SocketIO", reflect.ValueOf(*topo.SocketIO))
	for _, c := range topo.Clients {
		decl("client "+c.Name, c.DeclRange, `client "`+c.Name+`"`)
		check("Client", reflect.ValueOf(*c))
	}
	for _, tier := range topo.Tiers {
		decl("tier "+tier.Name, tier.DeclRange, `tier "`+tier.Name+`"`)
		check("Tier", reflect.ValueOf(*tier))
		for i, r := range tier.Routes {
			decl("route "+r.Name, r.DeclRange, `route "`+r.Name+`"`)
			check("Route", reflect.ValueOf(*r))
			if r.Tier != tier || r.Index != i {
				t.Errorf("route %s: Tier %p Index %d, want %p %d", r.Name, r.Tier, r.Index, tier, i)
			}
		}
	}
	for key, w := range written {
		if !w {
			t.Errorf("%s is never written in %s: add it so that its range is tested", key, path)
		}
	}
	if len(written) < 45 {
		t.Errorf("only %d attribute fields seen: the reflection walk misses some", len(written))
	}

	// A few exact ranges, as the text and json formats print them.
	edge := topo.Tier("edge")
	for _, c := range []struct {
		what string
		r    hcl.Range
		want string
	}{
		{"topology", topo.DeclRange, "2:1-2:16"},
		{"edge", edge.DeclRange, "49:1-49:12"},
		{"edge balance", edge.Affinity.Balance.Range, "53:3-53:30"},
		{"edge nodes", edge.Nodes.Range, "52:3-52:58"},
		{"route ws", edge.Routes[0].DeclRange, "68:3-68:13"},
		{"route ws cookie_name", edge.Routes[0].Affinity.CookieName.Range, "73:5-73:29"},
		{"client entry", topo.Clients[0].Entry.Range, "20:3-20:27"},
	} {
		if got := rng(&c.r); got != c.want {
			t.Errorf("%s: range %s, want %s (%q)", c.what, got, c.want, textAt(t, topo, c.r))
		}
	}
}
