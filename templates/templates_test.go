package templates

import (
	"io/fs"
	"strings"
	"testing"
	"text/template"
)

func TestFSHoldsTheTemplates(t *testing.T) {
	names, err := fs.Glob(FS, "*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"header.tmpl": true, "nginx.conf.tmpl": true, "haproxy.cfg.tmpl": true}
	for _, n := range names {
		delete(want, n)
	}
	if len(want) != 0 {
		t.Errorf("missing from FS: %v (have %v)", want, names)
	}
}

func TestHeaderStartsWithMarker(t *testing.T) {
	tmpl := template.Must(template.ParseFS(FS, "header.tmpl"))
	var b strings.Builder
	err := tmpl.ExecuteTemplate(&b, "header", map[string]any{
		"TopoVersion": "1.2.3", "Source": "x.hcl", "Kind": "nginx", "Tier": "edge", "Node": 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, HeaderMarker+" 1.2.3 from x.hcl") {
		t.Errorf("header does not start with %q:\n%s", HeaderMarker, out)
	}
	if !strings.Contains(out, "Do not edit") {
		t.Errorf("header does not say not to edit the file:\n%s", out)
	}
}
