package alb

import (
	"fmt"
	"net/textproto"
	"net/url"
	"sort"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/topolint/topo/topology"
)

// Request is an HTTP request as an ALB listener sees it, for Route.
type Request struct {
	// Path is the URL path without the query string.
	Path string
	// Query holds the decoded query parameters.
	Query url.Values
	// Header holds the request headers (names in any case).
	Header textproto.MIMEHeader
}

// String renders the request as "GET /path?query [Header: value]".
func (r Request) String() string {
	s := "GET " + r.Path
	if len(r.Query) > 0 {
		s += "?" + r.Query.Encode()
	}
	var names []string
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		s += fmt.Sprintf(" [%s: %s]", k, strings.Join(r.Header[k], ", "))
	}
	return s
}

// EngineRequest returns what request r of a Socket.IO client looks like on
// the wire (fact S5): the handshake GET path?EIO=4&transport=polling, a poll
// with sid, the upgrade with sid and Upgrade: websocket, a websocket-first
// connection without sid, or a request to a related path (wildcards filled
// in).
func EngineRequest(r analysis.Request, path string) Request {
	q := url.Values{}
	h := textproto.MIMEHeader{}
	h.Set("Host", "example.com")
	switch r {
	case analysis.Handshake:
		q.Set("EIO", "4")
		q.Set("transport", "polling")
		q.Set("t", "PZ9e1Ab")
	case analysis.Poll:
		q.Set("EIO", "4")
		q.Set("transport", "polling")
		q.Set("t", "PZ9e1Cd")
		q.Set("sid", "lv_VI97HAXpY6yYWAAAC")
	case analysis.Upgrade:
		q.Set("EIO", "4")
		q.Set("transport", "websocket")
		q.Set("sid", "lv_VI97HAXpY6yYWAAAC")
		h.Set("Upgrade", "websocket")
		h.Set("Connection", "Upgrade")
	case analysis.WebSocketFirst:
		q.Set("EIO", "4")
		q.Set("transport", "websocket")
		h.Set("Upgrade", "websocket")
		h.Set("Connection", "Upgrade")
	case analysis.Related:
		path = strings.ReplaceAll(path, "*", "x")
	}
	return Request{Path: path, Query: q, Header: h}
}

// Route evaluates the plan's listener rules against req the way an ALB does
// (lowest priority number first; every condition of a rule must hold; the
// default actions last) and returns the name of the target group the
// request is forwarded to and the priority of the rule that matched (0 for
// the default action). It supports the conditions a plan uses:
// path-pattern (case-sensitive, * and ? wildcards), query-string (key and
// value, case-insensitive, wildcards) and http-header (case-insensitive
// name and value, wildcards).
func (p *Plan) Route(req Request) (string, int32, error) {
	order := make([]int, len(p.Rules))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return deref(p.Rules[order[i]].Priority) < deref(p.Rules[order[j]].Priority)
	})
	for _, i := range order {
		r := p.Rules[i]
		ok, err := matchAll(r.Conditions, req)
		if err != nil {
			return "", 0, fmt.Errorf("rule %d: %w", deref(r.Priority), err)
		}
		if ok {
			tg, err := forwardTarget(r.Actions)
			if err != nil {
				return "", 0, fmt.Errorf("rule %d: %w", deref(r.Priority), err)
			}
			return tg, deref(r.Priority), nil
		}
	}
	tg, err := forwardTarget(p.DefaultActions)
	if err != nil {
		return "", 0, fmt.Errorf("default action: %w", err)
	}
	return tg, 0, nil
}

func deref(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func matchAll(conds []types.RuleCondition, req Request) (bool, error) {
	if len(conds) == 0 {
		return false, fmt.Errorf("a rule needs at least one condition")
	}
	for _, c := range conds {
		ok, err := match(c, req)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// match evaluates one condition; its values are ORed.
func match(c types.RuleCondition, req Request) (bool, error) {
	field := ""
	if c.Field != nil {
		field = *c.Field
	}
	switch field {
	case "path-pattern":
		vals := c.Values
		if c.PathPatternConfig != nil {
			vals = c.PathPatternConfig.Values
		}
		for _, v := range vals {
			if glob(v, req.Path, false) {
				return true, nil
			}
		}
		return false, nil
	case "query-string":
		if c.QueryStringConfig == nil {
			return false, fmt.Errorf("query-string condition without QueryStringConfig")
		}
		for _, kv := range c.QueryStringConfig.Values {
			for k, vs := range req.Query {
				if kv.Key != nil && !glob(*kv.Key, k, true) {
					continue
				}
				for _, v := range vs {
					if kv.Value != nil && glob(*kv.Value, v, true) {
						return true, nil
					}
				}
			}
		}
		return false, nil
	case "http-header":
		if c.HttpHeaderConfig == nil || c.HttpHeaderConfig.HttpHeaderName == nil {
			return false, fmt.Errorf("http-header condition without HttpHeaderConfig")
		}
		got := req.Header.Values(*c.HttpHeaderConfig.HttpHeaderName)
		for _, want := range c.HttpHeaderConfig.Values {
			for _, v := range got {
				if glob(want, v, true) {
					return true, nil
				}
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("condition field %q is not supported by this evaluator", field)
}

// forwardTarget returns the target group a forward action sends to.
func forwardTarget(actions []types.Action) (string, error) {
	for _, a := range actions {
		if a.Type != types.ActionTypeEnumForward {
			continue
		}
		arn := ""
		switch {
		case a.TargetGroupArn != nil:
			arn = *a.TargetGroupArn
		case a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) == 1 && a.ForwardConfig.TargetGroups[0].TargetGroupArn != nil:
			arn = *a.ForwardConfig.TargetGroups[0].TargetGroupArn
		default:
			return "", fmt.Errorf("forward action without a single target group")
		}
		name, ok := targetGroupOf(arn)
		if !ok {
			return "", fmt.Errorf("target group ARN %q is not a topo placeholder", arn)
		}
		return name, nil
	}
	return "", fmt.Errorf("no forward action")
}

// glob matches s against an ALB pattern: '*' matches any run of characters
// ('/' included), '?' exactly one, and '\' escapes the next character. With
// fold the comparison ignores ASCII case. It runs in O(len(p) × len(s))
// time whatever the pattern (greedy matching with one backtrack point).
func glob(p, s string, fold bool) bool {
	if fold {
		p, s = strings.ToLower(p), strings.ToLower(s)
	}
	type token struct {
		kind byte // 'l' literal, '?' any one, '*' any run
		c    byte
	}
	var pat []token
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*':
			pat = append(pat, token{kind: '*'})
		case '?':
			pat = append(pat, token{kind: '?'})
		case '\\':
			if i+1 < len(p) {
				i++
			}
			pat = append(pat, token{kind: 'l', c: p[i]})
		default:
			pat = append(pat, token{kind: 'l', c: p[i]})
		}
	}
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pat) && pat[pi].kind == '*':
			star, mark = pi, si
			pi++
		case pi < len(pat) && (pat[pi].kind == '?' || pat[pi].c == s[si]):
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi].kind == '*' {
		pi++
	}
	return pi == len(pat)
}

// verify evaluates every flow through the tier against the plan: each must
// reach a target group of its hop's next tier; the requests of a session the
// analysis keeps must share one target group, sticky when the hop is; and a
// related request the analysis keeps with its socket must reach the socket's
// group.
func (b *builder) verify() {
	p := b.plan
	type landing struct {
		tg  string
		hop *analysis.Hop
	}
	at := map[*analysis.Flow]landing{}
	for _, f := range b.a.Flows {
		for _, h := range f.Hops {
			if h.Tier != b.t {
				continue
			}
			req := EngineRequest(f.Request, f.Path)
			tg, _, err := p.Route(req)
			if err != nil {
				b.errorf("internal: %s: %v", req, err)
				return
			}
			if b.nexts[tg] != h.Next {
				b.errorf("internal: %s of client %q reaches target group %s, but the analysis sends it to tier %q", f.Request, f.Client.Name, tg, nameOf(h.Next))
			}
			at[f] = landing{tg, h}
		}
	}
	broken := map[string]bool{}
	for _, rb := range b.a.RelatedBreaks {
		broken[rb.Client.Name+"|"+rb.Path] = true
	}
	for _, c := range b.a.Topology.Clients {
		var socket *landing
		if s := b.a.SessionOf(c); s != nil {
			var first *landing
			for _, f := range s.Flows {
				l, ok := at[f]
				if !ok {
					continue
				}
				if first == nil {
					first = &l
					socket = &l
					continue
				}
				if s.Kept && l.tg != first.tg {
					b.errorf("internal: the session of client %q is kept by the analysis, but %s reaches target group %s and the handshake %s", c.Name, f.Request, l.tg, first.tg)
				}
			}
			if s.Kept && first != nil && b.stickiness(b.wayOf(first.hop.Route)).enabled {
				if on, _ := p.TargetGroup(first.tg).Sticky(); !on {
					b.errorf("internal: the session of client %q reaches target group %s, which has no stickiness", c.Name, first.tg)
				}
			}
		}
		for _, f := range b.a.Flows {
			if f.Client != c {
				continue
			}
			if socket == nil && f.Request == analysis.WebSocketFirst {
				if l, ok := at[f]; ok {
					socket = &l
				}
			}
		}
		if socket == nil {
			continue
		}
		for _, f := range b.a.Flows {
			l, ok := at[f]
			if f.Client != c || f.Request != analysis.Related || !ok || broken[c.Name+"|"+f.Path] {
				continue
			}
			if l.tg != socket.tg {
				b.errorf("internal: related requests to %s of client %q reach target group %s, but the socket is in %s", f.Path, c.Name, l.tg, socket.tg)
			}
		}
	}
}

func nameOf(t *topology.Tier) string {
	if t == nil {
		return ""
	}
	return t.Name
}
