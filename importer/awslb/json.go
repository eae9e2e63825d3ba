package awslb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/importer/deployed"
	elbv2 "github.com/topolint/topo/internal/elbv2api"
)

// describe is the union of the outputs of the `aws elbv2 describe-*`
// commands topo reads; one file holds one of them.
type describe struct {
	elbv2.DescribeLoadBalancersOutput
	elbv2.DescribeListenersOutput
	elbv2.DescribeRulesOutput
	elbv2.DescribeTargetGroupsOutput
	elbv2.DescribeTargetHealthOutput
	// Attributes are those of describe-target-group-attributes or
	// describe-load-balancer-attributes (the keys tell which).
	Attributes []types.TargetGroupAttribute
}

// LooksDescribe reports whether b is the JSON output of an `aws elbv2
// describe-*` command topo reads.
func LooksDescribe(b []byte) bool {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	for _, k := range []string{`"LoadBalancers"`, `"Listeners"`, `"Rules"`, `"TargetGroups"`, `"TargetHealthDescriptions"`, `"Attributes"`} {
		if bytes.Contains(t, []byte(k)) {
			return true
		}
	}
	return false
}

type jsonFile struct {
	src deployed.Source
	d   describe
}

// at is the range of the line of f where needle first occurs.
func (f *jsonFile) at(needle string) hcl.Range {
	b := f.src.Bytes
	i := bytes.Index(b, []byte(needle))
	if i < 0 {
		i = 0
	}
	line := 1 + bytes.Count(b[:i], []byte("\n"))
	start := bytes.LastIndexByte(b[:i], '\n') + 1
	end := bytes.IndexByte(b[i:], '\n')
	if end < 0 {
		end = len(b) - i
	}
	text := b[start : i+end]
	lead := len(text) - len(bytes.TrimLeft(text, " \t"))
	return hcl.Range{Filename: f.src.Path,
		Start: hcl.Pos{Line: line, Column: lead + 1, Byte: start + lead},
		End:   hcl.Pos{Line: line, Column: len(bytes.TrimRight(text, " \t\r,")) + 1, Byte: start + len(bytes.TrimRight(text, " \t\r,"))}}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ParseDescribe reads the outputs of `aws elbv2 describe-load-balancers`,
// `describe-listeners`, `describe-rules`, `describe-target-groups`,
// `describe-target-group-attributes`, `describe-load-balancer-attributes`
// and `describe-target-health`, one per file, as one account's view. The
// attributes and target health of a target group are per call and do not
// name it: their file's name must hold the target group's name, unless
// there is one target group.
func ParseDescribe(srcs []deployed.Source) ([]*deployed.Node, hcl.Diagnostics) {
	var files []*jsonFile
	var diags hcl.Diagnostics
	for _, s := range srcs {
		f := &jsonFile{src: s}
		dec := json.NewDecoder(bytes.NewReader(s.Bytes))
		if err := dec.Decode(&f.d); err != nil {
			line := 1
			if se, ok := err.(*json.SyntaxError); ok {
				line = 1 + bytes.Count(s.Bytes[:min(int(se.Offset), len(s.Bytes))], []byte("\n"))
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Not the JSON of an aws elbv2 describe command",
				Detail: err.Error() + ". Give the output of aws elbv2 describe-* --output json as it is.", Subject: &hcl.Range{Filename: s.Path, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 1}}})
			continue
		}
		files = append(files, f)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	type tgInfo struct {
		tg   types.TargetGroup
		file *jsonFile
		b    *deployed.Backend
	}
	tgs := map[string]*tgInfo{}
	var tgOrder []string
	for _, f := range files {
		for _, tg := range f.d.TargetGroups {
			arn := str(tg.TargetGroupArn)
			if tgs[arn] == nil {
				tgOrder = append(tgOrder, arn)
			}
			tgs[arn] = &tgInfo{tg: tg, file: f}
		}
	}
	// whose names the target group a per-call file is about.
	whose := func(f *jsonFile) *tgInfo {
		if len(tgOrder) == 1 {
			return tgs[tgOrder[0]]
		}
		base := filepath.Base(f.src.Path)
		var found *tgInfo
		for _, arn := range tgOrder {
			if name := str(tgs[arn].tg.TargetGroupName); name != "" && strings.Contains(base, name) {
				if found == nil || len(name) > len(str(found.tg.TargetGroupName)) {
					found = tgs[arn]
				}
			}
		}
		return found
	}
	var notes []deployed.Note
	note := func(r hcl.Range, format string, args ...any) {
		notes = append(notes, deployed.Note{Range: r, Text: fmt.Sprintf(format, args...)})
	}
	lbIdle := map[string]deployed.Setting[time.Duration]{}
	for _, arn := range tgOrder {
		t := tgs[arn]
		name := str(t.tg.TargetGroupName)
		rng := t.file.at(`"` + arn + `"`)
		t.b = &deployed.Backend{Name: name, Range: rng, Balance: deployed.At("round_robin", rng)}
		if t.tg.TargetType != "" && t.tg.TargetType != types.TargetTypeEnumIp {
			note(rng, "target group %s has target type %s: topo reads the addresses of ip targets only", name, t.tg.TargetType)
		}
	}
	for _, f := range files {
		if len(f.d.Attributes) > 0 {
			lbLevel := false
			for _, a := range f.d.Attributes {
				if strings.HasPrefix(str(a.Key), "idle_timeout.") {
					lbLevel = true
					if sec, err := strconv.Atoi(str(a.Value)); err == nil {
						lbIdle[f.src.Path] = deployed.At(time.Duration(sec)*time.Second, f.at(`"idle_timeout.timeout_seconds"`))
					}
				}
			}
			if !lbLevel {
				t := whose(f)
				if t == nil {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Whose target group attributes?",
						Detail: fmt.Sprintf("%s holds target group attributes, which do not name their target group: put the target group's name in the file's name.", f.src.Path), Subject: &hcl.Range{Filename: f.src.Path, Start: hcl.InitialPos, End: hcl.InitialPos}})
					continue
				}
				attrs := map[string]string{}
				for _, a := range f.d.Attributes {
					attrs[str(a.Key)] = str(a.Value)
				}
				if attrs["stickiness.enabled"] == "false" {
					// Where affinity would be turned on.
					t.b.Balance.Range = f.at(`"stickiness.enabled"`)
				}
				if attrs["load_balancing.algorithm.type"] == "least_outstanding_requests" {
					t.b.Balance = deployed.At("least_conn", f.at(`"load_balancing.algorithm.type"`))
				}
				if attrs["stickiness.enabled"] == "true" {
					t.b.Balance = deployed.At("cookie", f.at(`"stickiness.enabled"`))
					if attrs["stickiness.type"] == "app_cookie" {
						t.b.CookieName = attrs["stickiness.app_cookie.cookie_name"]
					}
				}
			}
		}
		if len(f.d.TargetHealthDescriptions) > 0 {
			t := whose(f)
			if t == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Whose targets?",
					Detail: fmt.Sprintf("%s holds target health, which does not name its target group: put the target group's name in the file's name.", f.src.Path), Subject: &hcl.Range{Filename: f.src.Path, Start: hcl.InitialPos, End: hcl.InitialPos}})
				continue
			}
			for _, th := range f.d.TargetHealthDescriptions {
				if th.Target == nil || th.Target.Id == nil {
					continue
				}
				port := 0
				if th.Target.Port != nil {
					port = int(*th.Target.Port)
				} else if t.tg.Port != nil {
					port = int(*t.tg.Port)
				}
				t.b.Servers = append(t.b.Servers, deployed.Addr{Host: *th.Target.Id, Port: port, Range: f.at(`"` + *th.Target.Id + `"`)})
			}
		}
	}
	for _, arn := range tgOrder {
		if t := tgs[arn]; len(t.b.Servers) == 0 {
			note(t.b.Range, "target group %s: no describe-target-health output names its targets", str(t.tg.TargetGroupName))
		}
	}
	backend := func(arn string) *deployed.Backend {
		if t := tgs[arn]; t != nil {
			return t.b
		}
		return nil
	}
	forward := func(acts []types.Action) (*deployed.Backend, bool) {
		for _, a := range acts {
			if a.Type != types.ActionTypeEnumForward {
				continue
			}
			arn := str(a.TargetGroupArn)
			if arn == "" && a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
				arn = str(a.ForwardConfig.TargetGroups[0].TargetGroupArn)
			}
			return backend(arn), true
		}
		return nil, false
	}
	var nodes []*deployed.Node
	for _, f := range files {
		for _, lb := range f.d.LoadBalancers {
			arn, name := str(lb.LoadBalancerArn), str(lb.LoadBalancerName)
			n := &deployed.Node{Kind: "alb", File: f.src.Path, Label: name, Range: f.at(`"` + arn + `"`), Layer: deployed.Setting[int]{Value: 7}}
			if lb.Type == types.LoadBalancerTypeEnumNetwork {
				n.Kind, n.Layer = "nlb", deployed.At(4, n.Range)
			}
			for p, idle := range lbIdle {
				if strings.Contains(filepath.Base(p), name) || len(lbIdle) == 1 {
					n.IdleTimeout = idle
				}
			}
			var listener *types.Listener
			var lf *jsonFile
			for _, g := range files {
				for i, l := range g.d.Listeners {
					if str(l.LoadBalancerArn) == arn && listener == nil {
						listener, lf = &g.d.Listeners[i], g
					}
				}
			}
			if listener != nil {
				lrng := lf.at(`"` + str(listener.ListenerArn) + `"`)
				if listener.Protocol == types.ProtocolEnumHttps || listener.Protocol == types.ProtocolEnumTls {
					n.TLS = deployed.At(true, lrng)
				}
				if b, ok := forward(listener.DefaultActions); ok && b != nil {
					n.Default = &deployed.Way{Range: lrng, Backend: b}
				}
				prefix := strings.Replace(str(listener.ListenerArn), ":listener/", ":listener-rule/", 1) + "/"
				type rule struct {
					prio int
					r    types.Rule
					f    *jsonFile
				}
				var rules []rule
				for _, g := range files {
					for _, r := range g.d.Rules {
						if str(r.Priority) == "default" || !strings.HasPrefix(str(r.RuleArn), prefix) {
							continue
						}
						p, _ := strconv.Atoi(str(r.Priority))
						rules = append(rules, rule{p, r, g})
					}
				}
				sort.SliceStable(rules, func(i, j int) bool { return rules[i].prio < rules[j].prio })
				for _, x := range rules {
					b, ok := forward(x.r.Actions)
					rrng := x.f.at(`"` + str(x.r.RuleArn) + `"`)
					if !ok || b == nil {
						note(rrng, "rule %d: no forward action to a target group topo was given", x.prio)
						continue
					}
					w := &deployed.Way{Name: "rule-" + strconv.Itoa(x.prio), Range: rrng, Backend: b}
					ok = true
					for _, c := range x.r.Conditions {
						switch str(c.Field) {
						case "path-pattern":
							vals := c.Values
							if c.PathPatternConfig != nil {
								vals = c.PathPatternConfig.Values
							}
							if len(vals) != 1 {
								ok = false
							} else {
								w.Path = vals[0]
							}
						case "query-string":
							if c.QueryStringConfig == nil {
								ok = false
								break
							}
							for _, kv := range c.QueryStringConfig.Values {
								if w.Query == nil {
									w.Query = map[string]string{}
								}
								w.Query[str(kv.Key)] = str(kv.Value)
							}
						case "http-header":
							if c.HttpHeaderConfig == nil || len(c.HttpHeaderConfig.Values) != 1 {
								ok = false
								break
							}
							if w.Header == nil {
								w.Header = map[string]string{}
							}
							w.Header[strings.ToLower(str(c.HttpHeaderConfig.HttpHeaderName))] = c.HttpHeaderConfig.Values[0]
						default:
							ok = false
						}
					}
					if !ok {
						note(rrng, "rule %d: a condition topo cannot say (it reads one path pattern, query strings and one header value)", x.prio)
						continue
					}
					n.Routes = append(n.Routes, w)
				}
			} else {
				note(n.Range, "no describe-listeners output for %s: its ways are unknown", name)
			}
			nodes = append(nodes, n)
		}
	}
	if len(nodes) == 0 && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No load balancer in the describe outputs",
			Detail: "Give the output of aws elbv2 describe-load-balancers with the others.", Subject: &hcl.Range{Filename: srcs[0].Path, Start: hcl.InitialPos, End: hcl.InitialPos}})
	}
	if len(nodes) > 0 {
		nodes[0].Notes = append(nodes[0].Notes, notes...)
	}
	return nodes, diags
}
