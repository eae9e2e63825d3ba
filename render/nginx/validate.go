package nginx

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The allowlists. Every string of a Plan must match one of them before it
// reaches the template; none of them admits whitespace (except comments,
// which admit spaces), ";", "{", "}", quotes, "$", "\" or control characters.
var (
	nameRE        = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	headerNameRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,63}$`)
	varNameRE     = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	cookieNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	pathRE        = regexp.MustCompile(`^/[A-Za-z0-9/._~*-]{0,255}$`)
	cookiePathRE  = regexp.MustCompile(`^/[A-Za-z0-9/._~-]{0,255}$`)
	commentRE     = regexp.MustCompile(`^[A-Za-z0-9 _.,:/()=<>+*@%!?-]{0,200}$`)
	versionRE     = regexp.MustCompile(`^([0-9]{1,4})\.([0-9]{1,4})(?:\.([0-9]{1,4}))?$`)
	topoVersionRE = regexp.MustCompile(`^[A-Za-z0-9._+-]{1,64}$`)
	sourceRE      = regexp.MustCompile(`^[A-Za-z0-9/._~+@:, -]{1,256}$`)
	modulePathRE  = regexp.MustCompile(`^/[A-Za-z0-9/._-]{1,255}\.so$`)
	hostnameRE    = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	portRE        = regexp.MustCompile(`^[0-9]{1,5}$`)
	allDigitsRE   = regexp.MustCompile(`^[0-9.]+$`)
)

// checker collects the first error with the field path it was found at.
type checker struct {
	err error
}

func (c *checker) fail(field, format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("nginx plan: %s: %s", field, fmt.Sprintf(format, args...))
	}
}

func (c *checker) match(field string, re *regexp.Regexp, s, what string) string {
	if !re.MatchString(s) {
		c.fail(field, "%q is not %s", s, what)
		return ""
	}
	return s
}

func (c *checker) name(field, s string) string {
	return c.match(field, nameRE, s, "a name of 1 to 64 characters [A-Za-z0-9_-]")
}

func (c *checker) comments(field string, lines []string) []string {
	for i, l := range lines {
		c.match(fmt.Sprintf("%s[%d]", field, i), commentRE, l, "a comment of up to 200 characters [A-Za-z0-9 _.,:/()=<>+*@%!?-]")
	}
	return lines
}

// commentsFor checks comments that explain an optional directive: they are
// an error when the directive is not written, so that no rule comment is
// silently lost.
func (c *checker) commentsFor(field string, lines []string, on bool) []string {
	c.comments(field, lines)
	if !on && len(lines) > 0 {
		c.fail(field, "comments for a directive the plan does not write")
		return nil
	}
	return lines
}

// hostPort checks "host:port" and returns it in canonical form.
func (c *checker) hostPort(field, s string) string {
	var host, port string
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]:")
		if end < 0 {
			c.fail(field, "%q is not [IPv6]:port", s)
			return ""
		}
		a, err := netip.ParseAddr(s[1:end])
		if err != nil || !a.Is6() || a.Zone() != "" {
			c.fail(field, "%q is not [IPv6]:port", s)
			return ""
		}
		host, port = "["+a.String()+"]", s[end+2:]
	} else {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			c.fail(field, "%q is not host:port", s)
			return ""
		}
		host, port = s[:i], s[i+1:]
		if a, err := netip.ParseAddr(host); err == nil {
			if !a.Is4() {
				c.fail(field, "%q: write IPv6 addresses in brackets, [addr]:port", s)
				return ""
			}
			host = a.String()
		} else if !hostnameRE.MatchString(host) || allDigitsRE.MatchString(host) {
			c.fail(field, "%q is not host:port with an IPv4 address, [IPv6] or DNS name", s)
			return ""
		}
	}
	if !portRE.MatchString(port) {
		c.fail(field, "%q has no valid port", s)
		return ""
	}
	n, _ := strconv.Atoi(port)
	if n < 1 || n > 65535 {
		c.fail(field, "%q: port out of range 1-65535", s)
		return ""
	}
	return host + ":" + strconv.Itoa(n)
}

// addrOrPrefix checks an IP address or CIDR and returns it in canonical form.
func (c *checker) addrOrPrefix(field, s string) string {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || p.Addr().Zone() != "" {
			c.fail(field, "%q is not a CIDR", s)
			return ""
		}
		return p.Masked().String()
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		c.fail(field, "%q is not an IP address or CIDR", s)
		return ""
	}
	return a.String()
}

// duration renders d in the largest nginx time unit that holds it exactly
// ("1h", "75s", "1500ms"); 0 gives "".
func (c *checker) duration(field string, d time.Duration) string {
	switch {
	case d == 0:
		return ""
	case d < 0:
		c.fail(field, "negative duration %s", d)
		return ""
	case d%time.Millisecond != 0:
		c.fail(field, "%s is not a whole number of milliseconds", d)
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

func (c *checker) intRange(field string, n, lo, hi int) int {
	if n < lo || n > hi {
		c.fail(field, "%d is out of range %d-%d", n, lo, hi)
	}
	return n
}

// version is a parsed product version; the zero value means unknown.
type version struct {
	known               bool
	major, minor, patch int
}

func (c *checker) version(field, s string) version {
	if s == "" {
		return version{}
	}
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		c.fail(field, "%q is not a version major.minor[.patch]", s)
		return version{}
	}
	v := version{known: true}
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.patch, _ = strconv.Atoi(m[3])
	}
	return v
}

// atLeast reports whether v is known and not older than major.minor.patch.
func (v version) atLeast(major, minor, patch int) bool {
	if !v.known {
		return false
	}
	if v.major != major {
		return v.major > major
	}
	if v.minor != minor {
		return v.minor > minor
	}
	return v.patch >= patch
}
