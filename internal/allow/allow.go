// Package allow holds topo's simple allowlists: a first byte from one set,
// the others from another, and a length within bounds. They are what a
// regular expression such as ^[A-Za-z][A-Za-z0-9_-]{0,62}$ says, checked by
// a table lookup per byte. Go's regexp package unrolls a bounded repeat
// such as {0,62} into that many states, so compiling topo's allowlists cost
// milliseconds on every run (docs/performance.md, "Start-up"); a Pattern
// costs nothing to build and is checked against the equivalent regular
// expression by the tests.
package allow

import (
	"fmt"
	"regexp/syntax"
	"strings"
)

// Unbounded as a maximum length admits strings of any length.
const Unbounded = 1 << 30

// Pattern is an allowlist of ASCII strings.
type Pattern struct {
	first, rest           [256]bool
	min, max              int
	firstClass, restClass string
}

// New returns the pattern of strings of min to max bytes whose first byte
// is in the class first and every other byte in the class rest. A class is
// written as inside a regular expression's brackets: "A-Za-z0-9_-" (a "-"
// first or last is itself). first == "" means the same class as rest. New
// panics on a malformed class; the patterns are package-level constants.
func New(first, rest string, min, max int) *Pattern {
	if min < 0 || max < min || max < 1 {
		panic(fmt.Sprintf("allow.New: bad length bounds %d..%d", min, max))
	}
	p := &Pattern{min: min, max: max}
	p.rest = class(rest)
	if first == "" {
		p.first = p.rest
	} else {
		p.first = class(first)
	}
	if max >= Unbounded && (first != "" || min > 1) {
		panic("allow.New: an unbounded pattern has one class and a minimum of 0 or 1")
	}
	p.firstClass, p.restClass = first, rest
	return p
}

// Literal returns the pattern whose first byte is exactly c and whose other
// bytes are in rest: "/" then a path, for instance.
func Literal(c byte, rest string, min, max int) *Pattern {
	p := New(string([]byte{'\\', c}), rest, min, max)
	return p
}

// class parses a bracket class of single bytes and ranges.
func class(s string) [256]bool {
	var set [256]bool
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) {
			i++
			set[b[i]] = true
			continue
		}
		if i+2 < len(b) && b[i+1] == '-' {
			hi := b[i+2]
			if hi < c {
				panic(fmt.Sprintf("allow: bad range %c-%c in %q", c, hi, s))
			}
			for x := int(c); x <= int(hi); x++ {
				set[x] = true
			}
			i += 2
			continue
		}
		set[c] = true
	}
	if set[0] || strings.ContainsAny(s, "[]^") {
		panic(fmt.Sprintf("allow: unsupported class %q", s))
	}
	return set
}

// MatchString reports whether s is in the allowlist.
func (p *Pattern) MatchString(s string) bool {
	if len(s) < p.min || len(s) > p.max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 0 {
			if !p.first[s[0]] {
				return false
			}
		} else if !p.rest[s[i]] {
			return false
		}
	}
	return true
}

// String returns the equivalent regular expression. It is built when asked
// for (in messages and tests), not when the pattern is: patterns are
// package-level variables, built at every start.
func (p *Pattern) String() string {
	first, rest, min, max := p.firstClass, p.restClass, p.min, p.max
	switch {
	case max >= Unbounded && min == 0:
		return fmt.Sprintf("^[%s]*$", rest)
	case max >= Unbounded:
		return fmt.Sprintf("^[%s]+$", rest)
	case first == "":
		return fmt.Sprintf("^[%s]{%d,%d}$", rest, min, max)
	case min == 0:
		return fmt.Sprintf("^(?:[%s][%s]{0,%d})?$", first, rest, max-1)
	default:
		return fmt.Sprintf("^[%s][%s]{%d,%d}$", first, rest, min-1, max-1)
	}
}

// valid reports whether the equivalent expression parses; used by tests.
func (p *Pattern) valid() error {
	_, err := syntax.Parse(p.String(), syntax.Perl)
	return err
}
