// Package check holds the allowlist validation shared by the nginx and
// HAProxy renderers: every string of a plan is checked before it reaches a
// template, so that no input can inject a directive.
package check

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/topolint/topo/internal/allow"
	"github.com/topolint/topo/internal/lazyre"
)

// The allowlists shared by both products. Every string of a Plan must match one of them before it
// reaches the template; none of them admits whitespace (except comments,
// which admit spaces), ";", "{", "}", quotes, "$", "\" or control characters.
var (
	NameRE        = allow.New("", "A-Za-z0-9_-", 1, allow.Unbounded)
	HeaderNameRE  = allow.New("A-Za-z0-9", "A-Za-z0-9-", 1, 64)
	CookieNameRE  = allow.New("A-Za-z0-9", "A-Za-z0-9._-", 1, 64)
	PathRE        = allow.Literal('/', "A-Za-z0-9/._~*-", 1, 256)
	CommentRE     = allow.New("", "A-Za-z0-9 _.,:/()=<>+*@%!?~-", 0, allow.Unbounded)
	VersionRE     = lazyre.New(`^([0-9]{1,4})\.([0-9]{1,4})(?:\.([0-9]{1,4}))?$`)
	TopoVersionRE = allow.New("", "A-Za-z0-9._+-", 1, 64)
	// SourceRE admits any path without control characters: it is only
	// written inside a comment line of the header.
	SourceRE    = lazyre.New(`^[^\x00-\x1f\x7f]+$`)
	PortRE      = allow.New("", "0-9", 1, 5)
	AllDigitsRE = allow.New("", "0-9.", 1, allow.Unbounded)
)

// Checker collects the first error with the field path it was found at.
type Checker struct {
	// Product prefixes the error, e.g. "nginx plan".
	Product string
	// Err is the first problem found, or nil.
	Err error
}

// Fail records a problem at field unless one is recorded already.
func (c *Checker) Fail(field, format string, args ...any) {
	if c.Err == nil {
		c.Err = fmt.Errorf("%s: %s: %s", c.Product, field, fmt.Sprintf(format, args...))
	}
}

// Match checks s against re.
// Matcher is an allowlist: an allow.Pattern or a lazyre.Regexp.
type Matcher interface {
	MatchString(s string) bool
	String() string
}

func (c *Checker) Match(field string, re Matcher, s, what string) string {
	if !re.MatchString(s) {
		c.Fail(field, "%q is not %s", s, what)
		return ""
	}
	return s
}

// maxLen fails for s longer than maxText, and returns s.
func (c *Checker) maxLen(field, s string) string {
	if len(s) > maxText {
		c.Fail(field, "%d bytes is longer than %d", len(s), maxText)
	}
	return s
}

// Name checks a config identifier.
func (c *Checker) Name(field, s string) string {
	if len(s) > 255 {
		c.Fail(field, "a name of %d characters is longer than 255", len(s))
		return ""
	}
	return c.Match(field, NameRE, s, "a name of 1 to 255 characters [A-Za-z0-9_-]")
}

// maxText is the longest comment line and header path written. The
// patterns above have no bounded repeat: Go's regexp unrolls one, which made
// compiling them cost milliseconds at start-up.
const maxText = 1000

// Comments checks comment lines.
func (c *Checker) Comments(field string, lines []string) []string {
	for i, l := range lines {
		f := fmt.Sprintf("%s[%d]", field, i)
		if len(l) > maxText {
			c.Fail(f, "a comment of %d bytes is longer than %d", len(l), maxText)
			continue
		}
		c.Match(f, CommentRE, l, "a comment of [A-Za-z0-9 _.,:/()=<>+*@%!?~-]")
	}
	return lines
}

// CommentsFor checks comments that explain an optional directive: they are
// an error when the directive is not written, so that no rule comment is
// silently lost.
func (c *Checker) CommentsFor(field string, lines []string, on bool) []string {
	c.Comments(field, lines)
	if !on && len(lines) > 0 {
		c.Fail(field, "comments for a directive the plan does not write")
		return nil
	}
	return lines
}

// HostPort checks "host:port" and returns it in canonical form.
func (c *Checker) HostPort(field, s string) string {
	var host, port string
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]:")
		if end < 0 {
			c.Fail(field, "%q is not [IPv6]:port", s)
			return ""
		}
		a, err := netip.ParseAddr(s[1:end])
		if err != nil || !a.Is6() || a.Zone() != "" {
			c.Fail(field, "%q is not [IPv6]:port", s)
			return ""
		}
		host, port = "["+a.String()+"]", s[end+2:]
	} else {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			c.Fail(field, "%q is not host:port", s)
			return ""
		}
		host, port = s[:i], s[i+1:]
		if a, err := netip.ParseAddr(host); err == nil {
			if !a.Is4() {
				c.Fail(field, "%q: write IPv6 addresses in brackets, [addr]:port", s)
				return ""
			}
			host = a.String()
		} else if !allow.DNSName(host) || AllDigitsRE.MatchString(host) {
			c.Fail(field, "%q is not host:port with an IPv4 address, [IPv6] or DNS name", s)
			return ""
		}
	}
	if !PortRE.MatchString(port) {
		c.Fail(field, "%q has no valid port", s)
		return ""
	}
	n, _ := strconv.Atoi(port)
	if n < 1 || n > 65535 {
		c.Fail(field, "%q: port out of range 1-65535", s)
		return ""
	}
	return host + ":" + strconv.Itoa(n)
}

// AddrOrPrefix checks an IP address or CIDR and returns it in canonical form.
func (c *Checker) AddrOrPrefix(field, s string) string {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || p.Addr().Zone() != "" {
			c.Fail(field, "%q is not a CIDR", s)
			return ""
		}
		return p.Masked().String()
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		c.Fail(field, "%q is not an IP address or CIDR", s)
		return ""
	}
	return a.String()
}

// Duration renders d in the largest time unit that holds it exactly
// ("1h", "75s", "1500ms"); 0 gives "".
func (c *Checker) Duration(field string, d time.Duration) string {
	switch {
	case d == 0:
		return ""
	case d < 0:
		c.Fail(field, "negative duration %s", d)
		return ""
	case d%time.Millisecond != 0:
		c.Fail(field, "%s is not a whole number of milliseconds", d)
		return ""
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
}

// IntRange checks lo <= n <= hi.
func (c *Checker) IntRange(field string, n, lo, hi int) int {
	if n < lo || n > hi {
		c.Fail(field, "%d is out of range %d-%d", n, lo, hi)
	}
	return n
}

// Version is a parsed product version; the zero value means unknown.
type Version struct {
	Known               bool
	Major, Minor, Patch int
}

// String is major.minor.patch, or "unknown".
func (v Version) String() string {
	if !v.Known {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Version parses s, "" meaning unknown.
func (c *Checker) Version(field, s string) Version {
	if s == "" {
		return Version{}
	}
	m := VersionRE.FindStringSubmatch(s)
	if m == nil {
		c.Fail(field, "%q is not a version major.minor[.patch]", s)
		return Version{}
	}
	v := Version{Known: true}
	v.Major, _ = strconv.Atoi(m[1])
	v.Minor, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.Patch, _ = strconv.Atoi(m[3])
	}
	return v
}

// AtLeast reports whether v is known and not older than major.minor.patch.
func (v Version) AtLeast(major, minor, patch int) bool {
	if !v.Known {
		return false
	}
	if v.Major != major {
		return v.Major > major
	}
	if v.Minor != minor {
		return v.Minor > minor
	}
	return v.Patch >= patch
}

// HeaderView is the checked data of templates' "header": the first lines of
// every generated file.
type HeaderView struct {
	TopoVersion, Source, Kind, Tier string
	Node                            int
	Assumed                         []string
}

// Header checks the fields of a file header: topo's version, the topology
// path, the tier's name, the node's number and what the plan assumed.
func (c *Checker) Header(kind, topoVersion, source, tier string, node int, assumed []string) HeaderView {
	return HeaderView{
		Assumed:     c.Comments("Header.Assumed", assumed),
		TopoVersion: c.Match("Header.TopoVersion", TopoVersionRE, topoVersion, "a version string [A-Za-z0-9._+-]"),
		Source:      c.Match("Header.Source", SourceRE, c.maxLen("Header.Source", source), "a path without control characters"),
		Kind:        kind,
		Tier:        c.Name("Header.Tier", tier),
		Node:        c.IntRange("Header.Node", node, 0, 1<<24),
	}
}

// PathKind is how a product matches a topology path pattern.
type PathKind int

// The kinds of path match.
const (
	// PathExact: the pattern has no "*".
	PathExact PathKind = iota
	// PathPrefix: its only "*" is at the end; the text is the prefix.
	PathPrefix
	// PathRegexp: any other pattern; the text is an anchored regular
	// expression in which "." is "[.]", so that no backslash is written.
	PathRegexp
)

// PathMatch checks a path pattern and says how to match it: exactly, by
// prefix, or by an anchored regular expression ("" when it fails the check).
func (c *Checker) PathMatch(field, pattern string) (PathKind, string) {
	if c.Match(field, PathRE, pattern, "a path pattern of [A-Za-z0-9/._~-] and *") == "" {
		return PathExact, ""
	}
	n := strings.Count(pattern, "*")
	switch {
	case n == 0:
		return PathExact, pattern
	case n == 1 && strings.HasSuffix(pattern, "*"):
		return PathPrefix, strings.TrimSuffix(pattern, "*")
	}
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '.':
			b.WriteString("[.]")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("$")
	return PathRegexp, b.String()
}

// PrefixRegex returns the anchored regular expression that matches a path
// under prefix and captures the rest, with its leading "/": "/chat" gives
// "^/chat(/.*)$". The prefix is checked against PathRE without "*"; "." is
// written "[.]", so no backslash reaches a file.
func (c *Checker) PrefixRegex(field, prefix string) string {
	p := strings.TrimSuffix(c.Match(field, PathRE, prefix, "a path prefix of [A-Za-z0-9/._~-]"), "/")
	if strings.Contains(p, "*") || p == "" {
		c.Fail(field, "%q is not a path prefix without wildcards", prefix)
		return ""
	}
	return "^" + strings.ReplaceAll(p, ".", "[.]") + "(/.*)$"
}
