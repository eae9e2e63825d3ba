// Package awslb reads AWS load balancers as they are declared or deployed:
// Terraform files (aws_lb, aws_lb_listener, aws_lb_listener_rule,
// aws_lb_target_group, aws_lb_target_group_attachment, and their aws_alb_*
// aliases) with hashicorp/hcl, the same resources from `terraform show
// -json` (a plan or a state) with hashicorp/terraform-json, and the JSON
// that `aws elbv2 describe-*` prints, into the aws-sdk-go-v2
// elasticloadbalancingv2 output types. Each load balancer is a
// deployed.Node of kind alb (or nlb); its listener's default action and its
// rules are its ways, its target groups the backends, with stickiness and
// the load-balancing algorithm as the method.
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
)

// LooksTerraform reports whether path names a Terraform file.
func LooksTerraform(path string) bool { return strings.HasSuffix(path, ".tf") }

// resource is one Terraform resource.
type resource struct {
	typ, name string
	b         body
}

type tfReader struct {
	file  string
	res   map[string]*resource // "aws_lb_target_group.x" → resource
	order []*resource
	notes []deployed.Note
}

// canonical maps the aws_alb_* aliases to their aws_lb_* names.
func canonical(t string) string {
	if strings.HasPrefix(t, "aws_alb") {
		return "aws_lb" + strings.TrimPrefix(t, "aws_alb")
	}
	return t
}

func (r *tfReader) add(typ, name string, b body) {
	t := canonical(typ)
	if !strings.HasPrefix(t, "aws_lb") {
		return
	}
	x := &resource{typ: t, name: name, b: b}
	r.res[t+"."+name] = x
	r.order = append(r.order, x)
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
	defaultTG := ""
	var defaultAt hcl.Range
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			r.add(b.Labels[0], b.Labels[1], hclBody{b: b.Body, def: b.DefRange()})
			if strings.HasPrefix(canonical(b.Labels[0]), "aws_lb") {
				for _, meta := range []string{"count", "for_each"} {
					if a := b.Body.Attributes[meta]; a != nil {
						r.note(a.SrcRange, "%s on %s.%s: topo reads one instance", meta, b.Labels[0], b.Labels[1])
					}
				}
			}
		case b.Type == "output" && len(b.Labels) == 1 && b.Labels[0] == "default_target_group_arn":
			// The module topo render writes leaves the listener to its
			// user and names the default target group in this output.
			defaultTG, defaultAt = hclBody{b: b.Body}.ref("value"), b.DefRange()
		}
	}
	return r.build(src.Path, defaultTG, defaultAt)
}

func (r *tfReader) build(file, defaultTG string, defaultAt hcl.Range) ([]*deployed.Node, hcl.Diagnostics) {
	var lbs []*resource
	for _, x := range r.order {
		if x.typ == "aws_lb" {
			lbs = append(lbs, x)
		}
	}
	if len(lbs) == 0 {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No load balancer in this Terraform file",
			Detail: file + " declares no aws_lb (or aws_alb) resource: give the file that does.", Subject: &hcl.Range{Filename: file, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	var nodes []*deployed.Node
	backends := map[string]*deployed.Backend{}
	for _, lb := range lbs {
		n := r.loadBalancer(lb)
		nodes = append(nodes, n)
		var listeners []*resource
		for _, x := range r.order {
			if x.typ == "aws_lb_listener" && (x.b.ref("load_balancer_arn") == "aws_lb."+lb.name || len(lbs) == 1) {
				listeners = append(listeners, x)
			}
		}
		if len(listeners) > 1 {
			r.note(listeners[1].b.at(), "a second listener of %s: topo reads the first", lb.name)
		}
		var rules []*resource
		for _, x := range r.order {
			if x.typ != "aws_lb_listener_rule" {
				continue
			}
			l := x.b.ref("listener_arn")
			if (len(listeners) > 0 && l == "aws_lb_listener."+listeners[0].name) || (!strings.HasPrefix(l, "aws_lb_listener.") && len(lbs) == 1) {
				rules = append(rules, x)
			}
		}
		if len(listeners) > 0 {
			r.listener(n, listeners[0], backends)
		} else if defaultTG != "" && len(lbs) == 1 {
			n.Default = &deployed.Way{Range: defaultAt, Backend: r.targetGroup(defaultTG, backends)}
		}
		prio := func(x *resource) float64 { p, _ := x.b.num("priority"); return p }
		sort.SliceStable(rules, func(i, j int) bool { return prio(rules[i]) < prio(rules[j]) })
		for _, x := range rules {
			if w := r.rule(x, backends); w != nil {
				n.Routes = append(n.Routes, w)
			}
		}
		n.Notes = append(n.Notes, r.notes...)
		r.notes = nil
	}
	return nodes, nil
}

func (r *tfReader) note(rng hcl.Range, format string, args ...any) {
	r.notes = append(r.notes, deployed.Note{Range: rng, Text: fmt.Sprintf(format, args...)})
}

func attrStr(b body, name string) string {
	s, _ := b.str(name)
	return s
}

func (r *tfReader) loadBalancer(lb *resource) *deployed.Node {
	b := lb.b
	n := &deployed.Node{Kind: "alb", File: r.file, Label: lb.name, Range: b.at(), Layer: deployed.Setting[int]{Value: 7}}
	switch t := attrStr(b, "load_balancer_type"); t {
	case "", "application":
	case "network":
		n.Kind = "nlb"
		n.Layer = deployed.At(4, b.attr("load_balancer_type"))
	default:
		r.note(b.attr("load_balancer_type"), "load_balancer_type %q: topo reads application and network load balancers", t)
	}
	if sec, ok := b.num("idle_timeout"); ok {
		n.IdleTimeout = deployed.At(time.Duration(sec)*time.Second, b.attr("idle_timeout"))
	}
	return n
}

func (r *tfReader) listener(n *deployed.Node, l *resource, backends map[string]*deployed.Backend) {
	switch strings.ToUpper(attrStr(l.b, "protocol")) {
	case "HTTPS", "TLS":
		n.TLS = deployed.At(true, l.b.attr("protocol"))
	}
	for _, act := range l.b.blocks("default_action") {
		if w := r.action(act, backends); w != nil {
			n.Default = w
			return
		}
	}
}

// action reads a forward action: its target_group_arn, or the first
// target group of a forward block (a weighted forward is noted).
func (r *tfReader) action(act body, backends map[string]*deployed.Backend) *deployed.Way {
	if t := attrStr(act, "type"); t != "forward" {
		r.note(act.at(), "an action of type %q: topo follows forward actions", t)
		return nil
	}
	tg := act.ref("target_group_arn")
	if tg == "" {
		for _, fw := range act.blocks("forward") {
			groups := fw.blocks("target_group")
			if len(groups) > 1 {
				r.note(fw.at(), "a forward to %d target groups: topo follows the first", len(groups))
			}
			if len(groups) > 0 {
				tg = groups[0].ref("arn")
			}
		}
	}
	b := r.targetGroup(tg, backends)
	if b == nil {
		r.note(act.at(), "a forward action whose target group is not a resource topo was given")
		return nil
	}
	return &deployed.Way{Range: act.at(), Backend: b}
}

func (r *tfReader) rule(x *resource, backends map[string]*deployed.Backend) *deployed.Way {
	var w *deployed.Way
	for _, act := range x.b.blocks("action") {
		if w = r.action(act, backends); w != nil {
			break
		}
	}
	if w == nil {
		return nil
	}
	w.Range = x.b.at()
	p, _ := x.b.num("priority")
	w.Name = "rule-" + strconv.Itoa(int(p))
	for _, c := range x.b.blocks("condition") {
		for _, pp := range c.blocks("path_pattern") {
			v, ok := pp.strs("values")
			if !ok || len(v) != 1 {
				r.note(pp.at(), "a path_pattern with several values: topo reads rules with one")
				return nil
			}
			w.Path = v[0]
		}
		for _, q := range c.blocks("query_string") {
			if w.Query == nil {
				w.Query = map[string]string{}
			}
			w.Query[attrStr(q, "key")] = attrStr(q, "value")
		}
		for _, h := range c.blocks("http_header") {
			v, ok := h.strs("values")
			if !ok || len(v) != 1 {
				r.note(h.at(), "an http_header condition with several values: topo reads one")
				return nil
			}
			if w.Header == nil {
				w.Header = map[string]string{}
			}
			w.Header[strings.ToLower(attrStr(h, "http_header_name"))] = v[0]
		}
		for _, other := range []string{"host_header", "http_request_method", "source_ip"} {
			if len(c.blocks(other)) > 0 {
				r.note(c.at(), "a %s condition: topo reads path_pattern, query_string and http_header", other)
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
	name := attrStr(x.b, "name")
	if name == "" {
		name = x.name
	}
	rng := x.b.at()
	b := &deployed.Backend{Name: name, Range: rng}
	backends[tg] = b
	port, _ := x.b.num("port")
	b.Balance = deployed.At("round_robin", rng)
	if attrStr(x.b, "load_balancing_algorithm_type") == "least_outstanding_requests" {
		b.Balance = deployed.At("least_conn", x.b.attr("load_balancing_algorithm_type"))
	}
	for _, st := range x.b.blocks("stickiness") {
		if on, ok := st.boolean("enabled"); ok && !on {
			b.Balance.Range = st.at()
			continue
		}
		b.Balance = deployed.At("cookie", st.at())
		if attrStr(st, "type") == "app_cookie" {
			b.CookieName = attrStr(st, "cookie_name")
		}
	}
	if t := attrStr(x.b, "target_type"); t != "" && t != "ip" {
		r.note(rng, "target group %s has target_type %q: topo reads the addresses of ip targets only", name, t)
	}
	for _, y := range r.order {
		if y.typ != "aws_lb_target_group_attachment" || y.b.ref("target_group_arn") != tg {
			continue
		}
		id := attrStr(y.b, "target_id")
		p := port
		if q, ok := y.b.num("port"); ok && q > 0 {
			p = q
		}
		if id == "" || p == 0 {
			r.note(y.b.at(), "an attachment whose address or port is not written")
			continue
		}
		b.Servers = append(b.Servers, deployed.Addr{Host: id, Port: int(p), Range: y.b.at()})
	}
	if len(b.Servers) == 0 {
		r.note(rng, "target group %s has no attachment topo can read: its targets are unknown", name)
	}
	return b
}
