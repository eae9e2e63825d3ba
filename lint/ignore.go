package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// Marker starts a suppression comment: `# topo-ignore: RULE[, RULE] -- REASON`.
const Marker = "topo-ignore:"

// ignore is one suppression comment.
type ignore struct {
	rng   hcl.Range
	rules []string
	used  map[string]bool
}

// findIgnores lexes every file's comments and parses the suppressions. A
// malformed one (no rule, unknown rule, no reason) is an error diagnostic:
// suppressions must say what they suppress and why.
func findIgnores(t *topology.Topology) ([]*ignore, hcl.Diagnostics) {
	var out []*ignore
	var diags hcl.Diagnostics
	names := make([]string, 0, len(t.Files))
	for n := range t.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		f := t.Files[name]
		if !bytes.Contains(f.Bytes, []byte("topo-ignore")) {
			continue // no suppression: spare a second lexing pass
		}
		tokens, _ := hclsyntax.LexConfig(f.Bytes, name, hcl.InitialPos)
		for _, tok := range tokens {
			if tok.Type != hclsyntax.TokenComment {
				continue
			}
			text := commentText(string(tok.Bytes))
			if !strings.HasPrefix(text, Marker) {
				continue
			}
			rng := tok.Range
			rng.End = rng.Start
			rng.End.Column += len(strings.TrimRight(string(tok.Bytes), "\r\n"))
			rng.End.Byte += len(strings.TrimRight(string(tok.Bytes), "\r\n"))
			ig, d := parseIgnore(strings.TrimSpace(strings.TrimPrefix(text, Marker)), rng)
			if d != nil {
				diags = append(diags, d)
				continue
			}
			out = append(out, ig)
		}
	}
	return out, diags
}

func commentText(s string) string {
	s = strings.TrimRight(s, "\r\n")
	switch {
	case strings.HasPrefix(s, "#"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(s[2:], "*/")
	}
	return strings.TrimSpace(s)
}

func parseIgnore(body string, rng hcl.Range) (*ignore, *hcl.Diagnostic) {
	list, reason, ok := strings.Cut(body, "--")
	if !ok || strings.TrimSpace(reason) == "" {
		return nil, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "topo-ignore without a reason",
			Detail:   "A suppression must say why: write `# topo-ignore: RULE -- REASON`, such as `# topo-ignore: single-point-of-failure -- the F5 pair is one virtual node`.",
			Subject:  rng.Ptr(),
		}
	}
	ig := &ignore{rng: rng, used: map[string]bool{}}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if rules.Lookup(id) == nil {
			return nil, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown rule in topo-ignore",
				Detail:   fmt.Sprintf("There is no rule %q.%s Run `topo rules` for the list.", id, suggestRule(id)),
				Subject:  rng.Ptr(),
			}
		}
		ig.rules = append(ig.rules, id)
	}
	if len(ig.rules) == 0 {
		return nil, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "topo-ignore without a rule",
			Detail:   "Name the rule to suppress: `# topo-ignore: RULE -- REASON`.",
			Subject:  rng.Ptr(),
		}
	}
	return ig, nil
}

func suggestRule(id string) string {
	best, bestDist := "", 4
	for _, r := range rules.All {
		if d := levenshtein.Distance(id, r.ID, nil); d < bestDist {
			best, bestDist = r.ID, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// suppressed reports whether an ignore covers finding f: same file, and the
// finding starts on the comment's line or the line after it.
func suppressed(igs []*ignore, f finding.Finding) bool {
	if f.Rule == rules.IgnoreUnused.ID {
		return false
	}
	hit := false
	for _, ig := range igs {
		if ig.rng.Filename != f.Range.Filename {
			continue
		}
		line := f.Range.Start.Line
		if line != ig.rng.Start.Line && line != ig.rng.Start.Line+1 {
			continue
		}
		for _, id := range ig.rules {
			if id == f.Rule {
				ig.used[id] = true
				hit = true
			}
		}
	}
	return hit
}
