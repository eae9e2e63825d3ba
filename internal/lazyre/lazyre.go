// Package lazyre holds regular expressions that are compiled on their first
// use instead of at package initialisation. topo's allowlists are many and
// most runs use few of them (`topo version` none, `topo lint` no render
// allowlist), so compiling them all at start-up cost milliseconds on every
// run (docs/performance.md, "Start-up").
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled once, when first used. Its
// methods are those of regexp.Regexp that topo uses.
type Regexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// all lists every Regexp made by New, for CompileAll.
var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns a Regexp for expr. Like regexp.MustCompile it panics on an
// invalid expression, but at the first use: CompileAll, called by a test of
// every binary, finds such a mistake before it ships.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// Regexp returns the compiled expression.
func (r *Regexp) Regexp() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}

// MatchString reports whether s contains a match of r.
func (r *Regexp) MatchString(s string) bool { return r.Regexp().MatchString(s) }

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Regexp().FindStringSubmatch(s) }

// String returns the source text of the expression.
func (r *Regexp) String() string { return r.expr }

// CompileAll compiles every Regexp made so far and returns how many there
// are; it panics, as regexp.MustCompile does, on the first invalid one.
func CompileAll() int {
	mu.Lock()
	list := append([]*Regexp(nil), all...)
	mu.Unlock()
	for _, r := range list {
		r.Regexp()
	}
	return len(list)
}
