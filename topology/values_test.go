package topology

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// TestLiteralStringsAsEvaluated: where literalStrings reads a list from the
// syntax tree, it gives what evaluating the expression and converting each
// element to a string gives; lists it cannot read are left to evaluation.
func TestLiteralStringsAsEvaluated(t *testing.T) {
	for _, c := range []struct {
		src  string
		fast bool
	}{
		{`["10.0.0.1:80", "[2001:db8::1]:80", "host.example:443"]`, true},
		{`[]`, true},
		{`["caf\u00e9", "tab\there", "quote\"d", "back\\slash"]`, true},
		{`["a$${b}", "%%{c}"]`, true},
		{`["x", 1]`, false},
		{`["x", true]`, false},
		{`["${"a"}b"]`, false},
		{`["x", null]`, false},
		{`"not a list"`, false},
		{`{a = "b"}`, false},
		{`["x", ["y"]]`, false},
		{"[<<EOT\nheredoc\nEOT\n]", true},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(c.src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", c.src, diags.Error())
		}
		got, ok := literalStrings(expr)
		if ok != c.fast {
			t.Errorf("%s: read from the syntax tree %v, want %v", c.src, ok, c.fast)
		}
		if !ok {
			continue
		}
		v, diags := expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", c.src, diags.Error())
		}
		var want []string
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			sv, err := convert.Convert(ev, cty.String)
			if err != nil {
				t.Fatalf("%s: %v", c.src, err)
			}
			want = append(want, sv.AsString())
		}
		if len(got) != len(want) {
			t.Fatalf("%s: got %q, evaluated %q", c.src, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: element %d is %q, evaluated %q", c.src, i, got[i], want[i])
			}
		}
	}
}
