package awslb

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// body is one Terraform resource or nested block, read from HCL or from
// `terraform show -json`.
type body interface {
	// str, num and boolean read a literal attribute; ok is false when the
	// attribute is absent or not literal.
	str(name string) (string, bool)
	num(name string) (float64, bool)
	boolean(name string) (bool, bool)
	// strs reads a list of strings.
	strs(name string) ([]string, bool)
	// ref is the resource an attribute refers to, "aws_lb_target_group.x"
	// with aliases made canonical; "" when none.
	ref(name string) string
	blocks(name string) []body
	// at is where the block is declared, attr where an attribute is.
	at() hcl.Range
	attr(name string) hcl.Range
}

// hclBody is a block of a Terraform file.
type hclBody struct {
	b   *hclsyntax.Body
	def hcl.Range
}

func (h hclBody) value(name string) (cty.Value, bool) {
	a := h.b.Attributes[name]
	if a == nil {
		return cty.NilVal, false
	}
	v, d := a.Expr.Value(nil)
	if d.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return cty.NilVal, false
	}
	return v, true
}

func (h hclBody) str(name string) (string, bool) {
	v, ok := h.value(name)
	switch {
	case !ok:
		return "", false
	case v.Type() == cty.String:
		return v.AsString(), true
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	}
	return "", false
}

func (h hclBody) num(name string) (float64, bool) {
	v, ok := h.value(name)
	if !ok || v.Type() != cty.Number {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

func (h hclBody) boolean(name string) (bool, bool) {
	v, ok := h.value(name)
	if !ok || v.Type() != cty.Bool {
		return false, false
	}
	return v.True(), true
}

func (h hclBody) strs(name string) ([]string, bool) {
	v, ok := h.value(name)
	if !ok || !v.CanIterateElements() {
		return nil, false
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type() != cty.String || e.IsNull() {
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}

func (h hclBody) ref(name string) string {
	a := h.b.Attributes[name]
	if a == nil {
		return ""
	}
	for _, t := range a.Expr.Variables() {
		if len(t) >= 2 {
			if at, ok := t[1].(hcl.TraverseAttr); ok {
				return canonical(t.RootName()) + "." + at.Name
			}
		}
	}
	return ""
}

func (h hclBody) blocks(name string) []body {
	var out []body
	for _, b := range h.b.Blocks {
		if b.Type == name {
			out = append(out, hclBody{b: b.Body, def: b.DefRange()})
		}
	}
	return out
}

func (h hclBody) at() hcl.Range { return h.def }

func (h hclBody) attr(name string) hcl.Range {
	if a := h.b.Attributes[name]; a != nil {
		return a.SrcRange
	}
	return h.def
}

// jsonBody is a resource of `terraform show -json` (a plan or a state):
// its values, and, for a plan, the expressions of its configuration,
// which say what it refers to.
type jsonBody struct {
	values map[string]any
	exprs  map[string]*tfjson.Expression
	// byArn finds a resource by the arn or id value a state records, for
	// references when there is no configuration.
	byArn map[string]string
	def   hcl.Range
}

func (j jsonBody) str(name string) (string, bool) {
	switch v := j.values[name].(type) {
	case string:
		return v, true
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", v), "0"), "."), true
	}
	if e := j.exprs[name]; e != nil && e.ExpressionData != nil {
		if s, ok := e.ConstantValue.(string); ok {
			return s, true
		}
	}
	return "", false
}

func (j jsonBody) num(name string) (float64, bool) {
	v, ok := j.values[name].(float64)
	return v, ok
}

func (j jsonBody) boolean(name string) (bool, bool) {
	v, ok := j.values[name].(bool)
	return v, ok
}

func (j jsonBody) strs(name string) ([]string, bool) {
	l, ok := j.values[name].([]any)
	if !ok {
		return nil, false
	}
	var out []string
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func (j jsonBody) ref(name string) string {
	if e := j.exprs[name]; e != nil && e.ExpressionData != nil {
		for _, r := range e.References {
			parts := strings.Split(r, ".")
			if len(parts) >= 2 && strings.HasPrefix(parts[0], "aws_") {
				return canonical(parts[0]) + "." + parts[1]
			}
		}
	}
	if s, ok := j.values[name].(string); ok {
		return j.byArn[s]
	}
	return ""
}

func (j jsonBody) blocks(name string) []body {
	var out []body
	vals, _ := j.values[name].([]any)
	var nested []map[string]*tfjson.Expression
	if e := j.exprs[name]; e != nil && e.ExpressionData != nil {
		nested = e.NestedBlocks
	}
	for i, v := range vals {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		b := jsonBody{values: m, byArn: j.byArn, def: j.def}
		if i < len(nested) {
			b.exprs = nested[i]
		}
		out = append(out, b)
	}
	return out
}

func (j jsonBody) at() hcl.Range         { return j.def }
func (j jsonBody) attr(string) hcl.Range { return j.def }
