// Package awslb reads AWS load balancers as they are declared or deployed:
// Terraform files (aws_lb, aws_lb_listener, aws_lb_listener_rule,
// aws_lb_target_group, aws_lb_target_group_attachment, and their aws_alb_*
// aliases) with hashicorp/hcl, and the JSON that `aws elbv2 describe-*`
// prints, into the aws-sdk-go-v2 elasticloadbalancingv2 output types. Each
// load balancer is a deployed.Node of kind alb (or nlb); its listener's
// default action and its rules are its ways, its target groups the
// backends, with stickiness and the load-balancing algorithm as the method.
package awslb

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/importer/deployed"
	"github.com/zclconf/go-cty/cty"
)

// LooksTerraform reports whether path names a Terraform file.
func LooksTerraform(path string) bool { return strings.HasSuffix(path, ".tf") }

// resource is one Terraform resource block.
type resource struct {
	typ, name string
	blk       *hclsyntax.Block
}

type tfReader struct {
	file  string
	res   map[string]*resource // "aws_lb_target_group.x" → block
	order []*resource
	notes []deployed.Note
	diags hcl.Diagnostics
}

// canonical maps the aws_alb_* aliases to their aws_lb_* names.
func canonical(t string) string {
	if strings.HasPrefix(t, "aws_alb") {
		return "aws_lb" + strings.TrimPrefix(t, "aws_alb")
	}
	return t
}

// ParseTerraform reads the load balancers of one Terraform file.
func ParseTerraform(src deployed.Source) ([]*deployed.Node, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src.Bytes, src.Path, hcl.InitialPos)
	if diags.HasErrors() {
		for _, d := range diags {
			d.Detail += " Run terraform validate on it; topo reads only files Terraform accepts."
		}
		return nil, diags
	}
	r := &tfReader{file: src.Path, res: map[string]*resource{}}
	var outputs = map[string]*hclsyntax.Block{}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			t := canonical(b.Labels[0])
			if !strings.HasPrefix(t, "aws_lb") {
				continue
			}
			x := &resource{typ: t, name: b.Labels[1], blk: b}
			r.res[t+"."+x.name] = x
			r.order = append(r.order, x)
			for _, meta := range []string{"count", "for_each"} {
				if a := b.Body.Attributes[meta]; a != nil {
					r.note(a.SrcRange, "%s on %s.%s: topo reads one instance", meta, t, x.name)
				}
			}
		case b.Type == "output" && len(b.Labels) == 1:
			outputs[b.Labels[0]] = b
		}
	}
	var lbs []*resource
	for _, x := range r.order {
		if x.typ == "aws_lb" {
			lbs = append(lbs, x)
		}
	}
	var nodes []*deployed.Node
	backends := map[string]*deployed.Backend{}
	for _, lb := range lbs {
		n := r.loadBalancer(lb)
		nodes = append(nodes, n)
		var listeners []*resource
		for _, x := range r.order {
			if x.typ == "aws_lb_listener" && (r.ref(x.blk.Body, "load_balancer_arn") == "aws_lb."+lb.name || len(lbs) == 1) {
				listeners = append(listeners, x)
			}
		}
		if len(listeners) > 1 {
			r.note(listeners[1].blk.DefRange(), "a second listener of %s: topo reads the first", lb.name)
		}
		var rules []*resource
		for _, x := range r.order {
			if x.typ != "aws_lb_listener_rule" {
				continue
			}
			l := r.ref(x.blk.Body, "listener_arn")
			if (len(listeners) > 0 && l == "aws_lb_listener."+listeners[0].name) || (!strings.HasPrefix(l, "aws_lb_listener.") && len(lbs) == 1) {
				rules = append(rules, x)
			}
		}
		if len(listeners) > 0 {
			r.listener(n, listeners[0], backends)
		} else if o := outputs["default_target_group_arn"]; o != nil && len(lbs) == 1 {
			// The module topo render writes leaves the listener to its
			// user and names the default target group in this output.
			if tg := r.ref(o.Body, "value"); tg != "" {
				n.Default = &deployed.Way{Range: o.DefRange(), Backend: r.targetGroup(tg, backends)}
			}
		}
		sort.SliceStable(rules, func(i, j int) bool { return r.int(rules[i].blk.Body, "priority") < r.int(rules[j].blk.Body, "priority") })
		for _, x := range rules {
			if w := r.rule(x, backends); w != nil {
				n.Routes = append(n.Routes, w)
			}
		}
		n.Notes = append(n.Notes, r.notes...)
		r.notes = nil
	}
	if len(lbs) == 0 {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No load balancer in this Terraform file",
			Detail: src.Path + " declares no aws_lb (or aws_alb) resource: give the file that does.", Subject: &hcl.Range{Filename: src.Path, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	return nodes, r.diags
}

func (r *tfReader) note(rng hcl.Range, format string, args ...any) {
	r.notes = append(r.notes, deployed.Note{Range: rng, Text: fmt.Sprintf(format, args...)})
}

// value evaluates a literal attribute; ok is false for what needs a
// variable or a resource.
func (r *tfReader) value(body *hclsyntax.Body, name string) (cty.Value, *hclsyntax.Attribute, bool) {
	a := body.Attributes[name]
	if a == nil {
		return cty.NilVal, nil, false
	}
	v, d := a.Expr.Value(nil)
	if d.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return cty.NilVal, a, false
	}
	return v, a, true
}

func (r *tfReader) str(body *hclsyntax.Body, name string) string {
	v, _, ok := r.value(body, name)
	if !ok || v.Type() != cty.String {
		if ok && v.Type() == cty.Number {
			return v.AsBigFloat().Text('f', -1)
		}
		return ""
	}
	return v.AsString()
}

func (r *tfReader) int(body *hclsyntax.Body, name string) int {
	n, _ := strconv.Atoi(r.str(body, name))
	return n
}

func (r *tfReader) boolean(body *hclsyntax.Body, name string, def bool) bool {
	v, _, ok := r.value(body, name)
	if !ok || v.Type() != cty.Bool {
		return def
	}
	return v.True()
}

// ref is the resource an attribute refers to ("aws_lb_target_group.x"),
// aliases made canonical; "" when it refers to none.
func (r *tfReader) ref(body *hclsyntax.Body, name string) string {
	a := body.Attributes[name]
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

func blocks(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

func (r *tfReader) loadBalancer(lb *resource) *deployed.Node {
	body := lb.blk.Body
	n := &deployed.Node{Kind: "alb", File: r.file, Label: lb.name, Range: lb.blk.DefRange(), Layer: deployed.Setting[int]{Value: 7}}
	switch t := r.str(body, "load_balancer_type"); t {
	case "", "application":
	case "network":
		n.Kind = "nlb"
		n.Layer = deployed.At(4, body.Attributes["load_balancer_type"].SrcRange)
	default:
		r.note(body.Attributes["load_balancer_type"].SrcRange, "load_balancer_type %q: topo reads application and network load balancers", t)
	}
	if v, a, ok := r.value(body, "idle_timeout"); ok && v.Type() == cty.Number {
		sec, _ := v.AsBigFloat().Int64()
		n.IdleTimeout = deployed.At(time.Duration(sec)*time.Second, a.SrcRange)
	}
	return n
}

func (r *tfReader) listener(n *deployed.Node, l *resource, backends map[string]*deployed.Backend) {
	body := l.blk.Body
	switch p := strings.ToUpper(r.str(body, "protocol")); p {
	case "HTTPS", "TLS":
		n.TLS = deployed.At(true, body.Attributes["protocol"].SrcRange)
	}
	for _, act := range blocks(body, "default_action") {
		if w := r.action(act, backends); w != nil {
			w.Range = act.DefRange()
			n.Default = w
			return
		}
	}
}

// action reads a forward action: its target_group_arn, or the first
// target group of a forward block (a weighted forward is noted).
func (r *tfReader) action(act *hclsyntax.Block, backends map[string]*deployed.Backend) *deployed.Way {
	if t := r.str(act.Body, "type"); t != "forward" {
		r.note(act.DefRange(), "an action of type %q: topo follows forward actions", t)
		return nil
	}
	tg := r.ref(act.Body, "target_group_arn")
	if tg == "" {
		for _, fw := range blocks(act.Body, "forward") {
			groups := blocks(fw.Body, "target_group")
			if len(groups) > 1 {
				r.note(fw.DefRange(), "a forward to %d target groups: topo follows the first", len(groups))
			}
			if len(groups) > 0 {
				tg = r.ref(groups[0].Body, "arn")
			}
		}
	}
	if tg == "" {
		r.note(act.DefRange(), "a forward action whose target group is not a resource of this file")
		return nil
	}
	return &deployed.Way{Range: act.DefRange(), Backend: r.targetGroup(tg, backends)}
}

func (r *tfReader) rule(x *resource, backends map[string]*deployed.Backend) *deployed.Way {
	var w *deployed.Way
	for _, act := range blocks(x.blk.Body, "action") {
		if w = r.action(act, backends); w != nil {
			break
		}
	}
	if w == nil {
		return nil
	}
	w.Range = x.blk.DefRange()
	w.Name = "rule-" + strconv.Itoa(r.int(x.blk.Body, "priority"))
	for _, c := range blocks(x.blk.Body, "condition") {
		for _, inner := range c.Body.Blocks {
			switch inner.Type {
			case "path_pattern":
				v, _, ok := r.value(inner.Body, "values")
				if ok && v.CanIterateElements() && v.LengthInt() == 1 {
					w.Path = v.Index(cty.NumberIntVal(0)).AsString()
				} else {
					r.note(inner.DefRange(), "a path_pattern with several values: topo reads rules with one")
					return nil
				}
			case "query_string":
				if w.Query == nil {
					w.Query = map[string]string{}
				}
				w.Query[r.str(inner.Body, "key")] = r.str(inner.Body, "value")
			case "http_header":
				v, _, ok := r.value(inner.Body, "values")
				if !ok || !v.CanIterateElements() || v.LengthInt() != 1 {
					r.note(inner.DefRange(), "an http_header condition with several values: topo reads one")
					return nil
				}
				if w.Header == nil {
					w.Header = map[string]string{}
				}
				w.Header[strings.ToLower(r.str(inner.Body, "http_header_name"))] = v.Index(cty.NumberIntVal(0)).AsString()
			default:
				r.note(inner.DefRange(), "a %s condition: topo reads path_pattern, query_string and http_header", inner.Type)
				return nil
			}
		}
	}
	return w
}

// targetGroup reads the target group tg ("aws_lb_target_group.x") once,
// with the addresses of its attachments.
func (r *tfReader) targetGroup(tg string, backends map[string]*deployed.Backend) *deployed.Backend {
	if b := backends[tg]; b != nil {
		return b
	}
	x := r.res[tg]
	if x == nil {
		return nil
	}
	body := x.blk.Body
	name := r.str(body, "name")
	if name == "" {
		name = x.name
	}
	b := &deployed.Backend{Name: name, Range: x.blk.DefRange()}
	backends[tg] = b
	port := r.int(body, "port")
	rng := x.blk.DefRange()
	b.Balance = deployed.At("round_robin", rng)
	if a := body.Attributes["load_balancing_algorithm_type"]; a != nil && r.str(body, "load_balancing_algorithm_type") == "least_outstanding_requests" {
		b.Balance = deployed.At("least_conn", a.SrcRange)
	}
	for _, st := range blocks(body, "stickiness") {
		if !r.boolean(st.Body, "enabled", true) {
			continue
		}
		b.Balance = deployed.At("cookie", st.DefRange())
		if r.str(st.Body, "type") == "app_cookie" {
			b.CookieName = r.str(st.Body, "cookie_name")
		}
	}
	if t := r.str(body, "target_type"); t != "" && t != "ip" {
		r.note(rng, "target group %s has target_type %q: topo reads the addresses of ip targets only", name, t)
	}
	for _, y := range r.order {
		if y.typ != "aws_lb_target_group_attachment" || r.ref(y.blk.Body, "target_group_arn") != tg {
			continue
		}
		id := r.str(y.blk.Body, "target_id")
		p := port
		if q := r.int(y.blk.Body, "port"); q > 0 {
			p = q
		}
		if id == "" || p == 0 {
			r.note(y.blk.DefRange(), "an attachment whose address or port is not written in this file")
			continue
		}
		b.Servers = append(b.Servers, deployed.Addr{Host: id, Port: p, Range: y.blk.DefRange()})
	}
	if len(b.Servers) == 0 {
		r.note(rng, "target group %s has no attachment topo can read: its targets are unknown", name)
	}
	return b
}
