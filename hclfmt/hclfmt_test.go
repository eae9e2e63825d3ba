package hclfmt

import (
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	src := "tier \"edge\" {\n  kind = \"nginx\"\n    nodes     = [\"10.0.1.1:80\"]\n  to=tier.app\n}\n"
	want := "tier \"edge\" {\n  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app\n}\n"
	out, changed, _, diags := Source("t.hcl", []byte(src))
	if diags.HasErrors() || !changed || string(out) != want {
		t.Fatalf("changed=%v diags=%v\n%s", changed, diags, out)
	}
	again, changed, _, _ := Source("t.hcl", out)
	if changed || string(again) != want {
		t.Fatalf("formatting is not stable:\n%s", again)
	}
}

func TestSyntaxErrorIsNotFormatted(t *testing.T) {
	out, changed, _, diags := Source("bad.hcl", []byte("tier \"x\" {\n  kind = \n"))
	if !diags.HasErrors() || out != nil || changed {
		t.Fatalf("out=%q changed=%v diags=%v", out, changed, diags)
	}
	if !strings.Contains(diags[0].Subject.Filename, "bad.hcl") {
		t.Fatalf("diagnostic without the file: %v", diags[0])
	}
}
