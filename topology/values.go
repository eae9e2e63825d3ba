package topology

import (
	"fmt"
	"math/big"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/internal/allow"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Patterns for every string that can reach a rendered configuration. They are
// allowlists: anything else is a diagnostic, never a config.
var (
	nameRe     = allow.New("A-Za-z", "A-Za-z0-9_-", 1, 63)
	tokenRe    = allow.New("A-Za-z0-9", "A-Za-z0-9._-", 1, 64)
	headerRe   = allow.New("A-Za-z0-9", "A-Za-z0-9-", 1, 64)
	filePathRe = allow.New("", "A-Za-z0-9/._~+-", 1, 255)
	valueRe    = allow.New("", "A-Za-z0-9._~/+-", 1, 128)
	pathRe     = allow.Literal('/', "A-Za-z0-9._~*/-", 1, 255)
	libraryRe  = allow.New("", "A-Za-z0-9@._/+-", 0, 100)
)

// decoder accumulates diagnostics while reading attribute values.
type decoder struct {
	diags hcl.Diagnostics
}

func (d *decoder) errorf(subject hcl.Range, summary, format string, args ...any) {
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  subject.Ptr(),
	})
}

// value evaluates a literal attribute and converts it to ty. It reports a
// diagnostic and returns ok=false on any problem.
func (d *decoder) value(attr *hcl.Attribute, ty cty.Type, what string) (cty.Value, bool) {
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		for _, diag := range diags {
			if diag.Summary == "Variables not allowed" {
				diag.Detail = fmt.Sprintf("The attribute %q takes %s; references such as tier.NAME are only allowed in \"entry\" and \"to\".", attr.Name, what)
			}
		}
		d.diags = append(d.diags, diags...)
		return cty.NilVal, false
	}
	if v.IsNull() {
		d.errorf(attr.Expr.Range(), "Invalid value", "The attribute %q must not be null: it takes %s. Remove it to use the default.", attr.Name, what)
		return cty.NilVal, false
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		d.errorf(attr.Expr.Range(), "Incorrect attribute value type", "Inappropriate value for attribute %q: %s required.", attr.Name, what)
		return cty.NilVal, false
	}
	if !cv.IsWhollyKnown() {
		d.errorf(attr.Expr.Range(), "Invalid value", "The attribute %q must be a literal value.", attr.Name)
		return cty.NilVal, false
	}
	if ty.IsListType() || ty.IsMapType() {
		for it := cv.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if ev.IsNull() {
				d.errorf(attr.Expr.Range(), "Invalid value", "The attribute %q must not contain null elements.", attr.Name)
				return cty.NilVal, false
			}
		}
	}
	return cv, true
}

func (d *decoder) str(attrs hcl.Attributes, name, def string) Attr[string] {
	attr, ok := attrs[name]
	if !ok {
		return Attr[string]{Value: def}
	}
	v, ok := d.value(attr, cty.String, "a string")
	if !ok {
		return Attr[string]{Value: def}
	}
	return Attr[string]{Value: v.AsString(), Range: attr.Range, Set: true}
}

func (d *decoder) boolean(attrs hcl.Attributes, name string, def bool) Attr[bool] {
	attr, ok := attrs[name]
	if !ok {
		return Attr[bool]{Value: def}
	}
	v, ok := d.value(attr, cty.Bool, "a bool (true or false)")
	if !ok {
		return Attr[bool]{Value: def}
	}
	return Attr[bool]{Value: v.True(), Range: attr.Range, Set: true}
}

func (d *decoder) number(attrs hcl.Attributes, name string) (float64, *hcl.Attribute, bool) {
	attr, ok := attrs[name]
	if !ok {
		return 0, nil, false
	}
	v, ok := d.value(attr, cty.Number, "a number")
	if !ok {
		return 0, nil, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, attr, true
}

// integer reads a whole number in [min, max].
func (d *decoder) integer(attrs hcl.Attributes, name string, def, min, max int) Attr[int] {
	attr, ok := attrs[name]
	if !ok {
		return Attr[int]{Value: def}
	}
	v, ok := d.value(attr, cty.Number, "a whole number")
	if !ok {
		return Attr[int]{Value: def}
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() || bf.Cmp(big.NewFloat(float64(min))) < 0 || bf.Cmp(big.NewFloat(float64(max))) > 0 {
		d.errorf(attr.Expr.Range(), "Invalid value", "The attribute %q must be a whole number from %d to %d.", name, min, max)
		return Attr[int]{Value: def}
	}
	i, _ := bf.Int64()
	return Attr[int]{Value: int(i), Range: attr.Range, Set: true}
}

// strings reads a list of strings. It converts element by element: a
// conversion of the whole tuple compares every pair of element types, which
// is quadratic in the length of the list.
func (d *decoder) strings(attrs hcl.Attributes, name string, def []string) (Attr[[]string], *hcl.Attribute) {
	attr, ok := attrs[name]
	if !ok {
		return Attr[[]string]{Value: def}, nil
	}
	if out, ok := literalStrings(attr.Expr); ok {
		return Attr[[]string]{Value: out, Range: attr.Range, Set: true}, attr
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		d.value(attr, cty.List(cty.String), "a list of strings") // reports
		return Attr[[]string]{Value: def}, nil
	}
	ty := v.Type()
	if v.IsNull() || !v.IsWhollyKnown() || !(ty.IsTupleType() || ty.IsListType() || ty.IsSetType()) {
		d.value(attr, cty.List(cty.String), "a list of strings") // reports
		return Attr[[]string]{Value: def}, nil
	}
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		if ev.IsNull() {
			d.errorf(attr.Expr.Range(), "Invalid value", "The attribute %q must not contain null elements.", attr.Name)
			return Attr[[]string]{Value: def}, nil
		}
		sv, err := convert.Convert(ev, cty.String)
		if err != nil {
			d.errorf(attr.Expr.Range(), "Incorrect attribute value type", "Inappropriate value for attribute %q: a list of strings required.", attr.Name)
			return Attr[[]string]{Value: def}, nil
		}
		out = append(out, sv.AsString())
	}
	return Attr[[]string]{Value: out, Range: attr.Range, Set: true}, attr
}

func (d *decoder) stringMap(attrs hcl.Attributes, name string) (Attr[[]KV], *hcl.Attribute) {
	attr, ok := attrs[name]
	if !ok {
		return Attr[[]KV]{}, nil
	}
	v, ok := d.value(attr, cty.Map(cty.String), "a map of strings")
	if !ok {
		return Attr[[]KV]{}, nil
	}
	var out []KV
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		out = append(out, KV{Key: k.AsString(), Value: ev.AsString()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return Attr[[]KV]{Value: out, Range: attr.Range, Set: true}, attr
}

// enum reads a string that must be one of allowed.
func (d *decoder) enum(attrs hcl.Attributes, name, def, what string, allowed []string) Attr[string] {
	a := d.str(attrs, name, def)
	if !a.Set {
		return a
	}
	if !contains(allowed, a.Value) {
		d.errorf(attrs[name].Expr.Range(), "Invalid value for "+name,
			"%q is not %s.%s Valid values: %s.", a.Value, what, suggest(a.Value, allowed), quoteList(allowed))
		return Attr[string]{Value: def}
	}
	return a
}

// duration decodes a duration of whole milliseconds, at most max: what the
// products render and accept (HAProxy refuses timeouts above 2^31-1 ms, Node
// timers overflow there too).
func (d *decoder) duration(attrs hcl.Attributes, name string, def, max time.Duration) Attr[time.Duration] {
	a := d.str(attrs, name, "")
	if !a.Set {
		return Attr[time.Duration]{Value: def}
	}
	dur, err := time.ParseDuration(a.Value)
	switch {
	case err != nil || dur <= 0:
		d.errorf(attrs[name].Expr.Range(), "Invalid duration",
			"%q is not a positive duration. Write a number with a unit, such as \"25s\", \"1m30s\" or \"2h\" (units: ms, s, m, h).", a.Value)
		return Attr[time.Duration]{Value: def}
	case dur > max:
		d.errorf(attrs[name].Expr.Range(), "Duration too long",
			"%s can be at most %s: proxies refuse longer timeouts (HAProxy stops at about 24.8 days), and a Socket.IO heartbeat that long never notices a dead connection.", name, max)
		return Attr[time.Duration]{Value: def}
	case dur%time.Millisecond != 0:
		d.errorf(attrs[name].Expr.Range(), "Invalid duration",
			"%q is not a whole number of milliseconds; proxies and Socket.IO count time in milliseconds.", a.Value)
		return Attr[time.Duration]{Value: def}
	}
	return Attr[time.Duration]{Value: dur, Range: a.Range, Set: true}
}

// Upper bounds of durations.
const (
	// MaxIdleTimeout bounds idle_timeout: a day.
	MaxIdleTimeout = 24 * time.Hour
	// MaxPing bounds ping_interval and ping_timeout: an hour each.
	MaxPing = time.Hour
)

func (d *decoder) version(attrs hcl.Attributes, name string, def Version) Attr[Version] {
	if attr, ok := attrs[name]; ok {
		if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Number {
			d.errorf(attr.Expr.Range(), "Version must be a string",
				"Write the version in quotes, such as \"4.10\": as a number, 4.10 is 4.1.")
			return Attr[Version]{Value: def}
		}
	}
	a := d.str(attrs, name, "")
	if !a.Set {
		return Attr[Version]{Value: def}
	}
	v, ok := parseVersion(a.Value)
	if !ok {
		d.errorf(attrs[name].Expr.Range(), "Invalid version",
			"%q is not a version. Write major.minor or major.minor.patch, such as \"4.8\" or \"1.22.1\".", a.Value)
		return Attr[Version]{Value: def}
	}
	return Attr[Version]{Value: v, Range: a.Range, Set: true}
}

func parseVersion(s string) (Version, bool) {
	// MAJOR.MINOR[.PATCH]: up to 4, 4 and 6 digits.
	n := allow.Numbers(s, 2, 4, 4, 6)
	if n == nil {
		return Version{}, false
	}
	v := Version{Raw: s, Major: n[0], Minor: n[1]}
	if len(n) == 3 {
		v.Patch = n[2]
	}
	return v, true
}

// parseNode checks "host:port" with an IPv4 address, a bracketed IPv6 address
// or a DNS name, and a port from 1 to 65535.
func parseNode(s string) (Node, string) {
	if i := strings.LastIndex(s, ":"); i > 0 && !strings.HasPrefix(s, "[") && strings.Contains(s[:i], ":") {
		if ip := net.ParseIP(s[:i]); ip != nil && ip.To4() == nil {
			return Node{}, "an IPv6 address must be written in brackets, as \"[2001:db8::1]:80\""
		}
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return Node{}, "it is not host:port"
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 || port != strconv.Itoa(p) {
		return Node{}, "the port must be a number from 1 to 65535"
	}
	switch {
	case strings.HasPrefix(s, "["):
		ip := net.ParseIP(host)
		if ip == nil || ip.To4() != nil || strings.Contains(host, "%") {
			return Node{}, "the part in brackets must be an IPv6 address"
		}
	case strings.Contains(host, ":"):
		return Node{}, "an IPv6 address must be written in brackets, as \"[2001:db8::1]:80\""
	case net.ParseIP(host) != nil:
	case isAllDigitsAndDots(host):
		return Node{}, "the host is not a valid IPv4 address"
	case len(host) <= 253 && allow.DNSName(host):
	default:
		return Node{}, "the host must be an IPv4 address, an IPv6 address in brackets or a DNS name"
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		// One spelling per address, so that [2001:DB8:0::21] and
		// [2001:db8::21] are the same node.
		host = ip.String()
		s = "[" + host + "]:" + strconv.Itoa(p)
	}
	return Node{Address: s, Host: host, Port: p}, ""
}

func isAllDigitsAndDots(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// validEgress accepts an IP address or a CIDR prefix, canonicalised.
func validEgress(s string) (string, bool) {
	if ip := net.ParseIP(s); ip != nil && !strings.Contains(s, "%") {
		return ip.String(), true
	}
	if ip, n, err := net.ParseCIDR(s); err == nil {
		ones, _ := n.Mask.Size()
		if !ip.Equal(n.IP) {
			return "", false
		}
		return fmt.Sprintf("%s/%d", n.IP.String(), ones), true
	}
	return "", false
}

// suggest returns ` Did you mean "x"?` for the closest allowed value, or "".
func suggest(given string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if dist := levenshtein.Distance(given, a, nil); dist < bestDist {
			best, bestDist = a, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// literalStrings reads a list written as quoted literals, ["a", "b"], from
// the syntax tree: what evaluating it gives, without building a cty value
// per element (the lists of nodes of a large topology hold thousands). Any
// other expression reports false, and is evaluated.
func literalStrings(e hcl.Expression) ([]string, bool) {
	tup, ok := e.(*hclsyntax.TupleConsExpr)
	if !ok {
		return nil, false
	}
	out := make([]string, len(tup.Exprs))
	for i, x := range tup.Exprs {
		tpl, ok := x.(*hclsyntax.TemplateExpr)
		if !ok || len(tpl.Parts) != 1 {
			return nil, false
		}
		lit, ok := tpl.Parts[0].(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() || !lit.Val.IsKnown() {
			return nil, false
		}
		out[i] = lit.Val.AsString()
	}
	return out, true
}
