package alb

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// shape is what the JSON plan and the Terraform file must agree on.
type shape struct {
	IdleTimeout  int
	TargetGroups []tgShape
	Rules        []ruleShape
	Default      string
}

type tgShape struct {
	Name, Protocol, Algorithm, HealthPath, Matcher string
	Port                                           int
	Sticky                                         bool
	StickyType, CookieName, Duration               string
	Targets                                        []string // "id:port"
}

type ruleShape struct {
	Priority   int
	TG         string
	Conditions []string // "path-pattern /socket.io/*", "query-string sid=*", "http-header upgrade=websocket"
}

func shapeOfPlan(p *Plan) shape {
	s := shape{IdleTimeout: p.IdleTimeout()}
	for _, tg := range p.TargetGroups {
		on, typ := tg.Sticky()
		g := tgShape{
			Name: tg.Name, Protocol: string(tg.Create.Protocol), Algorithm: tg.Attribute("load_balancing.algorithm.type"),
			HealthPath: *tg.Create.HealthCheckPath, Matcher: *tg.Create.Matcher.HttpCode, Port: int(*tg.Create.Port),
			Sticky: on,
		}
		if on {
			g.StickyType = typ
			g.CookieName = tg.Attribute("stickiness.app_cookie.cookie_name")
			g.Duration = tg.Attribute("stickiness." + typ + ".duration_seconds")
		}
		for _, t := range tg.Targets {
			g.Targets = append(g.Targets, fmt.Sprintf("%s:%d", *t.Id, *t.Port))
		}
		s.TargetGroups = append(s.TargetGroups, g)
	}
	for _, r := range p.Rules {
		tg, _ := targetGroupOf(*r.Actions[0].TargetGroupArn)
		rs := ruleShape{Priority: int(*r.Priority), TG: tg}
		for _, c := range r.Conditions {
			switch *c.Field {
			case "path-pattern":
				rs.Conditions = append(rs.Conditions, "path-pattern "+strings.Join(c.PathPatternConfig.Values, ","))
			case "query-string":
				for _, kv := range c.QueryStringConfig.Values {
					rs.Conditions = append(rs.Conditions, "query-string "+*kv.Key+"="+*kv.Value)
				}
			case "http-header":
				rs.Conditions = append(rs.Conditions, "http-header "+*c.HttpHeaderConfig.HttpHeaderName+"="+strings.Join(c.HttpHeaderConfig.Values, ","))
			}
		}
		s.Rules = append(s.Rules, rs)
	}
	s.Default, _ = targetGroupOf(*p.DefaultActions[0].TargetGroupArn)
	return s
}

// tfFile reads the parts of a parsed .tf file the tests compare.
type tfFile struct {
	t    *testing.T
	body *hclsyntax.Body
}

func (f tfFile) literal(b *hclsyntax.Body, name string) cty.Value {
	f.t.Helper()
	a, ok := b.Attributes[name]
	if !ok {
		f.t.Fatalf("attribute %s missing", name)
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		f.t.Fatalf("attribute %s is not a literal: %v", name, diags)
	}
	return v
}

func (f tfFile) str(b *hclsyntax.Body, name string) string {
	f.t.Helper()
	v := f.literal(b, name)
	if v.Type() == cty.Number {
		return v.AsBigFloat().Text('f', -1)
	}
	if v.Type() == cty.Bool {
		return strconv.FormatBool(v.True())
	}
	return v.AsString()
}

func (f tfFile) num(b *hclsyntax.Body, name string) int {
	f.t.Helper()
	n, _ := f.literal(b, name).AsBigFloat().Int64()
	return int(n)
}

// ref returns "type.name.attr" for a reference expression.
func (f tfFile) ref(b *hclsyntax.Body, name string) string {
	f.t.Helper()
	tr, diags := hcl.AbsTraversalForExpr(b.Attributes[name].Expr)
	if diags.HasErrors() {
		f.t.Fatalf("attribute %s is not a reference: %v", name, diags)
	}
	parts := []string{tr.RootName()}
	for _, s := range tr[1:] {
		parts = append(parts, s.(hcl.TraverseAttr).Name)
	}
	return strings.Join(parts, ".")
}

func (f tfFile) list(b *hclsyntax.Body, name string) []string {
	f.t.Helper()
	var out []string
	for it := f.literal(b, name).ElementIterator(); it.Next(); {
		_, v := it.Element()
		out = append(out, v.AsString())
	}
	return out
}

func blocks(b *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, x := range b.Blocks {
		if x.Type == typ {
			out = append(out, x)
		}
	}
	return out
}

func shapeOfTerraform(t *testing.T, data []byte) shape {
	t.Helper()
	file, diags := hclsyntax.ParseConfig(data, "plan.alb.tf", hcl.InitialPos)
	if len(diags) > 0 {
		t.Fatalf("the .tf does not parse: %v", diags)
	}
	f := tfFile{t: t, body: file.Body.(*hclsyntax.Body)}
	var s shape
	tgNames := map[string]string{} // resource name → target group name
	byName := map[string]*tgShape{}
	resources := blocks(f.body, "resource")
	for _, r := range resources {
		typ, name, body := r.Labels[0], r.Labels[1], r.Body
		switch typ {
		case "aws_lb":
			s.IdleTimeout = f.num(body, "idle_timeout")
		case "aws_lb_target_group":
			g := tgShape{
				Name: f.str(body, "name"), Protocol: f.str(body, "protocol"), Port: f.num(body, "port"),
				Algorithm: f.str(body, "load_balancing_algorithm_type"),
			}
			if f.ref(body, "vpc_id") != "var.vpc_id" {
				t.Errorf("%s: vpc_id is not var.vpc_id", name)
			}
			hc := blocks(body, "health_check")[0].Body
			g.HealthPath, g.Matcher = f.str(hc, "path"), f.str(hc, "matcher")
			st := blocks(body, "stickiness")[0].Body
			g.Sticky = f.str(st, "enabled") == "true"
			if g.Sticky {
				g.StickyType = f.str(st, "type")
				g.Duration = f.str(st, "cookie_duration")
				if _, ok := st.Attributes["cookie_name"]; ok {
					g.CookieName = f.str(st, "cookie_name")
				}
			}
			tgNames[name] = g.Name
			s.TargetGroups = append(s.TargetGroups, g)
		}
	}
	for i := range s.TargetGroups {
		byName[s.TargetGroups[i].Name] = &s.TargetGroups[i]
	}
	tgOf := func(ref string) string {
		parts := strings.Split(ref, ".")
		if len(parts) != 3 || parts[0] != "aws_lb_target_group" || parts[2] != "arn" {
			t.Fatalf("%s is not a target group ARN", ref)
		}
		return tgNames[parts[1]]
	}
	for _, r := range resources {
		typ, body := r.Labels[0], r.Body
		switch typ {
		case "aws_lb_target_group_attachment":
			g := byName[tgOf(f.ref(body, "target_group_arn"))]
			g.Targets = append(g.Targets, fmt.Sprintf("%s:%d", f.str(body, "target_id"), f.num(body, "port")))
		case "aws_lb_listener_rule":
			if f.ref(body, "listener_arn") != "var.listener_arn" {
				t.Errorf("rule %s: listener_arn is not var.listener_arn", r.Labels[1])
			}
			rs := ruleShape{Priority: f.num(body, "priority")}
			acts := blocks(body, "action")
			if len(acts) != 1 || f.str(acts[0].Body, "type") != "forward" {
				t.Fatalf("rule %s: want one forward action", r.Labels[1])
			}
			rs.TG = tgOf(f.ref(acts[0].Body, "target_group_arn"))
			for _, c := range blocks(body, "condition") {
				for _, x := range c.Body.Blocks {
					switch x.Type {
					case "path_pattern":
						rs.Conditions = append(rs.Conditions, "path-pattern "+strings.Join(f.list(x.Body, "values"), ","))
					case "query_string":
						rs.Conditions = append(rs.Conditions, "query-string "+f.str(x.Body, "key")+"="+f.str(x.Body, "value"))
					case "http_header":
						rs.Conditions = append(rs.Conditions, "http-header "+f.str(x.Body, "http_header_name")+"="+strings.Join(f.list(x.Body, "values"), ","))
					default:
						t.Errorf("unexpected condition %s", x.Type)
					}
				}
			}
			s.Rules = append(s.Rules, rs)
		}
	}
	sort.Slice(s.Rules, func(i, j int) bool { return s.Rules[i].Priority < s.Rules[j].Priority })
	for _, o := range blocks(f.body, "output") {
		if o.Labels[0] == "default_target_group_arn" {
			s.Default = tgOf(f.ref(o.Body, "value"))
		}
	}
	for _, v := range []string{"vpc_id", "listener_arn", "load_balancer_name", "subnet_ids", "security_group_ids"} {
		found := false
		for _, b := range blocks(f.body, "variable") {
			found = found || b.Labels[0] == v
		}
		if !found {
			t.Errorf("variable %s is not declared", v)
		}
	}
	return s
}

func TestALBTerraformMatchesJSON(t *testing.T) {
	for _, fx := range fixtures(t) {
		for _, p := range plans(t, fx) {
			tf, err := p.Terraform()
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(tf), "\n")
			if !strings.HasPrefix(first, "# Generated by topo test from "+fx.source) || !strings.HasSuffix(first, "DO NOT EDIT.") {
				t.Errorf("%s: header %q", fx.name, first)
			}
			want := shapeOfPlan(p)
			got := shapeOfTerraform(t, tf)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: Terraform differs from the JSON plan (-json +tf):\n%s", fx.name, diff)
			}
		}
	}
}

func TestALBTerraformQuoting(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:         `"plain"`,
		`${listener}`:   `"$${listener}"`,
		`%{if x}`:       `"%%{if x}"`,
		"a\"b\\c\nd<e>": `"a\"b\\c\nd<e>"`,
	} {
		if got := tfString(in); got != want {
			t.Errorf("tfString(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"alb": "alb", "alb-app-sticky": "alb_app_sticky", "1st": "_1st", "a.b": "a_b"} {
		if got := tfIdent(in); got != want {
			t.Errorf("tfIdent(%q) = %q, want %q", in, got, want)
		}
	}
}
