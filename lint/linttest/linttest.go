// Package linttest checks annotated topologies against what `topo lint`
// reports, in the manner of go/analysis's analysistest: each line that must
// carry findings says so in a comment,
//
//	balance = "ip_hash" # want "ip-hash-collapse" "hash-not-consistent"
//
// and the check is exact: a finding on a line without its marker fails, and
// a marker without its finding fails. A double-quoted string names a rule;
// back-quoted strings after it are regular expressions its message must
// match, and with "!" before them must not match:
//
//	to = tier.app # want "affinity-missing" `round_robin` !`cookie`
//
// Markers are read from HCL comment tokens (hclsyntax.LexConfig), so a
// "# want" inside a string is not one; a marker may trail another comment
// ("# topo-ignore: … # want …"). A finding is on the line where its
// range starts; a marker counts for the line its comment starts on.
package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
)

// Want is one expected finding: a rule on a line, with patterns for its
// message.
type Want struct {
	// File and Line locate the marker.
	File string
	Line int
	// Rule is the rule ID.
	Rule string
	// Match and NoMatch are regular expressions the message must match and
	// must not match.
	Match, NoMatch []*regexp.Regexp
}

// Markers reads the "# want" markers of one HCL source. A malformed marker
// is an error with its file:line.
func Markers(filename string, src []byte) ([]Want, error) {
	tokens, diags := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", filename, diags.Error())
	}
	var out []Want
	for _, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		text := strings.TrimSpace(string(tok.Bytes))
		switch {
		case strings.HasPrefix(text, "#"):
			text = strings.TrimSpace(text[1:])
		case strings.HasPrefix(text, "//"):
			text = strings.TrimSpace(text[2:])
		default:
			continue
		}
		if text != "want" && !strings.HasPrefix(text, "want ") {
			// A marker may trail another comment on its line:
			// "# topo-ignore: … -- reason # want "ignore-unused"".
			i := strings.LastIndex(text, " # want ")
			if i < 0 {
				continue
			}
			text = text[i+3:]
		}
		rest := strings.TrimPrefix(text, "want")
		ws, err := parse(rest)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: malformed want marker: %v", filename, tok.Range.Start.Line, err)
		}
		for i := range ws {
			ws[i].File, ws[i].Line = filename, tok.Range.Start.Line
		}
		out = append(out, ws...)
	}
	return out, nil
}

// LineMarkers reads the "# want" markers of a file that is not HCL (an
// nginx or HAProxy configuration): a '#' comment, alone on its line or
// after a directive, that starts with want.
func LineMarkers(filename string, src []byte) ([]Want, error) {
	var out []Want
	for i, line := range strings.Split(string(src), "\n") {
		j := strings.Index(line, "# want ")
		if j < 0 {
			continue
		}
		ws, err := parse(line[j+len("# want "):])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: malformed want marker: %v", filename, i+1, err)
		}
		for k := range ws {
			ws[k].File, ws[k].Line = filename, i+1
		}
		out = append(out, ws...)
	}
	return out, nil
}

// parse reads `"rule" `re` !`re` "rule2" …`.
func parse(s string) ([]Want, error) {
	var out []Want
	s = strings.TrimSpace(s)
	for s != "" {
		neg := false
		if strings.HasPrefix(s, "!`") {
			neg, s = true, s[1:]
		}
		lit, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("expected a quoted rule ID or a `pattern` at %q", s)
		}
		s = strings.TrimSpace(s[len(lit):])
		val, _ := strconv.Unquote(lit)
		switch {
		case lit[0] == '"' && !neg:
			if val == "" {
				return nil, fmt.Errorf("empty rule ID")
			}
			out = append(out, Want{Rule: val})
		case lit[0] == '`':
			if len(out) == 0 {
				return nil, fmt.Errorf("pattern %s before any rule ID", lit)
			}
			re, err := regexp.Compile(val)
			if err != nil {
				return nil, err
			}
			w := &out[len(out)-1]
			if neg {
				w.NoMatch = append(w.NoMatch, re)
			} else {
				w.Match = append(w.Match, re)
			}
		default:
			return nil, fmt.Errorf("patterns are back-quoted, rule IDs double-quoted: %s", lit)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rule ID")
	}
	return out, nil
}

// Compare matches findings against wants and returns one line per
// disagreement, sorted: "file:line: unexpected RULE: message",
// "file:line: no RULE (want marker)", "file:line: RULE message does not
// match `re`: message". No disagreement gives nil.
func Compare(wants []Want, findings []finding.Finding) []string {
	type key struct {
		file string
		line int
		rule string
	}
	pending := map[key][]Want{}
	for _, w := range wants {
		k := key{w.File, w.Line, w.Rule}
		pending[k] = append(pending[k], w)
	}
	var out []string
	for _, f := range findings {
		k := key{filepath.ToSlash(f.Range.Filename), f.Range.Start.Line, f.Rule}
		ws := pending[k]
		if len(ws) == 0 {
			out = append(out, fmt.Sprintf("%s:%d: unexpected %s: %s", k.file, k.line, f.Rule, f.Message))
			continue
		}
		w := ws[0]
		pending[k] = ws[1:]
		for _, re := range w.Match {
			if !re.MatchString(f.Message) {
				out = append(out, fmt.Sprintf("%s:%d: %s message does not match `%s`: %s", k.file, k.line, f.Rule, re, f.Message))
			}
		}
		for _, re := range w.NoMatch {
			if re.MatchString(f.Message) {
				out = append(out, fmt.Sprintf("%s:%d: %s message must not match `%s`: %s", k.file, k.line, f.Rule, re, f.Message))
			}
		}
	}
	for k, ws := range pending {
		for range ws {
			out = append(out, fmt.Sprintf("%s:%d: no %s finding, but a want marker", k.file, k.line, k.rule))
		}
	}
	sort.Strings(out)
	return out
}

// CheckFile lints one annotated topology (a file, or a directory of *.hcl
// files read as one topology) with opts and compares. It returns the
// disagreements, and an error when the topology cannot be read, does not
// decode or has a malformed marker.
func CheckFile(path string, opts lint.Options) ([]string, *lint.Result, error) {
	files := []string{path}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.hcl"))
	}
	var wants []Want
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		ws, err := Markers(filepath.ToSlash(f), src)
		if err != nil {
			return nil, nil, err
		}
		wants = append(wants, ws...)
	}
	res, err := lint.Path(path, opts)
	if err != nil {
		return nil, nil, err
	}
	if !res.Decoded() {
		return nil, res, fmt.Errorf("%s does not decode: %s", path, res.Diagnostics.Error())
	}
	return Compare(wants, res.Findings), res, nil
}

// Run checks every path as an annotated topology, each in a subtest named
// after it, and reports every disagreement with its file:line.
func Run(t *testing.T, paths ...string) {
	t.Helper()
	if len(paths) == 0 {
		t.Fatal("linttest: no topologies to check")
	}
	for _, p := range paths {
		t.Run(filepath.ToSlash(p), func(t *testing.T) {
			problems, _, err := CheckFile(p, lint.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range problems {
				t.Error(pr)
			}
		})
	}
}
