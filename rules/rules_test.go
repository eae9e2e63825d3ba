package rules_test

// Helpers shared by the rule tests, and the registry test.
//
// A test case is a topology written inline in HCL. Expected findings name the
// rule, the tier and the exact source range they must point at. The range is
// written as the text it covers (loc): the block header (`tier "edge"`) or an
// attribute inside that block (`balance   = "ip_hash"`), and the test turns it
// into line and column numbers from the source itself, so the expectation
// is exact (start and end line and column) without hand-counted numbers.

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/docs"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// fileName is the name every inline source is decoded under.
const fileName = "t.hcl"

// src trims the leading newline of a raw string literal, so that the first
// line of the literal is line 1.
func src(s string) string { return strings.TrimPrefix(s, "\n") }

// decode decodes inline HCL and fails the test on any diagnostic, warnings
// included: a test topology must be clean input.
func decode(t *testing.T, text string) *topology.Topology {
	t.Helper()
	top, diags := topology.Decode(topology.Source{Name: fileName, Bytes: []byte(src(text))})
	if len(diags) > 0 {
		t.Fatalf("test topology does not decode cleanly:\n%s", diagText(diags))
	}
	return top
}

func diagText(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "  %s", d.Error())
		b.WriteString("\n")
	}
	return b.String()
}

// analyze decodes and analyses inline HCL.
func analyze(t *testing.T, text string) *rules.Analysis {
	t.Helper()
	return rules.Analyze(decode(t, text))
}

// run decodes, analyses and runs every rule.
func run(t *testing.T, text string) []finding.Finding {
	t.Helper()
	return rules.Run(analyze(t, text))
}

// loc is a source range written as the text it covers: Block is a block
// header as written (`tier "edge"`, `route "ws"`, `socketio`); Text, when
// set, is the attribute (name through value, as written) inside that block.
type loc struct {
	Block string
	Text  string
}

// hdr is the range of a block header.
func hdr(block string) loc { return loc{Block: block} }

// attr is the range of an attribute inside a block.
func attr(block, text string) loc { return loc{Block: block, Text: text} }

// resolve turns l into a range of text. The block header must occur exactly
// once; Text is searched from the header to the block's closing brace.
func (l loc) resolve(t *testing.T, text string) hcl.Range {
	t.Helper()
	lines := strings.Split(src(text), "\n")
	head := -1
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if rest, ok := strings.CutPrefix(trimmed, l.Block); ok && (strings.HasPrefix(rest, " {") || rest == "{") {
			if head >= 0 {
				t.Fatalf("loc: block %q occurs twice (lines %d and %d)", l.Block, head+1, i+1)
			}
			head = i
		}
	}
	if head < 0 {
		t.Fatalf("loc: no block %q in the source", l.Block)
	}
	indent := len(lines[head]) - len(strings.TrimLeft(lines[head], " "))
	if l.Text == "" {
		return rng(head+1, indent+1, head+1, indent+1+len(l.Block))
	}
	closing := strings.Repeat(" ", indent) + "}"
	for i := head; i < len(lines); i++ {
		if i > head && strings.TrimRight(lines[i], " ") == closing {
			break
		}
		if c := strings.Index(lines[i], l.Text); c >= 0 {
			return rng(i+1, c+1, i+1, c+1+len(l.Text))
		}
	}
	t.Fatalf("loc: no %q in block %q", l.Text, l.Block)
	return hcl.Range{}
}

func rng(sl, sc, el, ec int) hcl.Range {
	return hcl.Range{Filename: fileName, Start: hcl.Pos{Line: sl, Column: sc}, End: hcl.Pos{Line: el, Column: ec}}
}

// want is one expected finding.
type want struct {
	Rule string
	// Severity defaults to the rule's severity in the specification's table
	// (specSeverity) when zero.
	Severity finding.Severity
	Tier     string
	At       loc
	// Msg are regular expressions the message must match: the key facts,
	// not the full text.
	Msg []string
	// NoMsg are regular expressions the message must not match: claims
	// that would be wrong for this chain.
	NoMsg []string
}

// ruleCase is a topology and what the rules must say about it.
type ruleCase struct {
	name string
	hcl  string
	// want lists the findings expected of the rules named in it: for each of
	// those rules, its findings must be exactly these (rule, severity,
	// tier, range), and each message must match its Msg patterns.
	want []want
	// absent lists rules that must report nothing.
	absent []string
	// exact makes want the complete list of findings, every rule included.
	exact bool
}

// findingOpts compares findings on rule, severity, tier and range (start and
// end line and column, file name); the byte offsets, the message (checked
// with patterns), related ranges and docs link are left out.
var findingOpts = cmp.Options{
	cmpopts.IgnoreFields(hcl.Pos{}, "Byte"),
	cmpopts.IgnoreFields(finding.Finding{}, "Message", "Related", "DocsURL", "Summary", "Hops", "Client", "App"),
	cmpopts.EquateEmpty(),
}

// check runs the rules over c.hcl and compares.
func (c ruleCase) check(t *testing.T) {
	t.Helper()
	got := run(t, c.hcl)
	c.compare(t, got)
}

func (c ruleCase) compare(t *testing.T, got []finding.Finding) {
	t.Helper()
	type expected struct {
		f finding.Finding
		w want
	}
	wantRules := map[string]bool{}
	var exps []expected
	for _, w := range c.want {
		wantRules[w.Rule] = true
		sev := w.Severity
		if sev == 0 {
			sev = specSeverity[w.Rule]
			if sev == 0 {
				sev = extraSeverity[w.Rule]
			}
		}
		exps = append(exps, expected{finding.Finding{Rule: w.Rule, Severity: sev, Tier: w.Tier, Range: w.At.resolve(t, c.hcl)}, w})
	}
	sort.SliceStable(exps, func(i, j int) bool { return findingLess(exps[i].f, exps[j].f) })
	exp := make([]finding.Finding, len(exps))
	for i, e := range exps {
		exp[i] = e.f
	}
	var sel []finding.Finding
	for _, f := range got {
		if c.exact || wantRules[f.Rule] {
			sel = append(sel, f)
		}
	}
	sort.SliceStable(sel, func(i, j int) bool { return findingLess(sel[i], sel[j]) })
	if diff := cmp.Diff(exp, sel, findingOpts); diff != "" {
		t.Errorf("findings differ (-want +got):\n%s\nall findings:\n%s", diff, dump(got))
	} else {
		// Same findings in the same order: check the messages.
		for i, e := range exps {
			for _, p := range e.w.Msg {
				if !regexp.MustCompile(p).MatchString(sel[i].Message) {
					t.Errorf("%s at %s: message does not match %q:\n  %s", sel[i].Rule, sel[i].Range, p, sel[i].Message)
				}
			}
			for _, p := range e.w.NoMsg {
				if regexp.MustCompile(p).MatchString(sel[i].Message) {
					t.Errorf("%s at %s: message must not match %q:\n  %s", sel[i].Rule, sel[i].Range, p, sel[i].Message)
				}
			}
		}
	}
	for _, id := range c.absent {
		if rules.Lookup(id) == nil {
			t.Errorf("absent names unknown rule %q", id)
		}
		for _, f := range got {
			if f.Rule == id {
				t.Errorf("%s must not fire, but reports at %s (tier %q): %s", id, f.Range, f.Tier, f.Message)
			}
		}
	}
}

// findingLess orders by position, then rule and tier (not by message).
func findingLess(a, b finding.Finding) bool {
	if a.Range.Start.Line != b.Range.Start.Line {
		return a.Range.Start.Line < b.Range.Start.Line
	}
	if a.Range.Start.Column != b.Range.Start.Column {
		return a.Range.Start.Column < b.Range.Start.Column
	}
	if a.Range.End.Line != b.Range.End.Line {
		return a.Range.End.Line < b.Range.End.Line
	}
	if a.Range.End.Column != b.Range.End.Column {
		return a.Range.End.Column < b.Range.End.Column
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Tier < b.Tier
}

func dump(fs []finding.Finding) string {
	if len(fs) == 0 {
		return "  (none)\n"
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s tier=%q %s: %s\n", f.Rule, f.Severity, f.Tier, f.Range, f.Message)
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Registry.

// specSeverity is the rule table of the specification
// (/work/shared/spec/topology-language.md, "Rule IDs (contract)"): every ID
// and its default severity. It is the contract; do not derive it from the
// code.
var specSeverity = map[string]finding.Severity{
	"affinity-missing":                  finding.Error,
	"ip-hash-collapse":                  finding.Error,
	"ip-hash-ipv4-prefix":               finding.Warning,
	"client-ip-lost":                    finding.Error,
	"websocket-upgrade-missing":         finding.Error,
	"cookie-affinity-cookieless-client": finding.Error,
	"affinity-key-absent":               finding.Error,
	"hash-not-consistent":               finding.Warning,
	"sibling-divergence":                finding.Error,
	"layer-mismatch":                    finding.Error,
	"proxy-protocol-mismatch":           finding.Error,
	"idle-timeout-below-heartbeat":      finding.Warning,
	"polling-pool-unscalable":           finding.Warning,
	"connection-capacity":               finding.Warning,
	"related-route-affinity":            finding.Error,
	"adapter-missing":                   finding.Warning,
	"dispatcher-reconnect":              finding.Warning,
	"redundant-affinity":                finding.Notice,
	"worker-affinity-missing":           finding.Error,
	"transport-mismatch":                finding.Error,
	"single-point-of-failure":           finding.Notice,
}

// extraSeverity holds the rules topo adds to the specification's table, with
// the severity their documentation gives.
var extraSeverity = map[string]finding.Severity{
	"auto-balance":        finding.Notice,
	"ignore-unused":       finding.Warning,
	"unsupported-feature": finding.Error,
}

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

func TestRegistryIDsUniqueKebabCase(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All {
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule ID %q registered twice", r.ID)
		}
		seen[r.ID] = true
		if rules.Lookup(r.ID) != r {
			t.Errorf("Lookup(%q) does not return the registered rule", r.ID)
		}
	}
	if rules.Lookup("no-such-rule") != nil {
		t.Error("Lookup of an unknown ID returned a rule")
	}
}

func TestRegistrySortedByID(t *testing.T) {
	// rule.go documents All as "every rule, in ID order".
	ids := make([]string, len(rules.All))
	for i, r := range rules.All {
		ids[i] = r.ID
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("rules.All is not in ID order: %v", ids)
	}
}

func TestRegistrySummaryAndSeverity(t *testing.T) {
	for _, r := range rules.All {
		if strings.TrimSpace(r.Summary) == "" {
			t.Errorf("rule %q has no Summary", r.ID)
		}
		switch r.Severity {
		case finding.Error, finding.Warning, finding.Notice:
		default:
			t.Errorf("rule %q has no valid Severity (%v)", r.ID, r.Severity)
		}
		if !strings.HasSuffix(r.DocsURL(), "/"+r.ID+".md") {
			t.Errorf("rule %q DocsURL %q does not name its page", r.ID, r.DocsURL())
		}
	}
}

func TestRegistryHasEverySpecRule(t *testing.T) {
	if len(specSeverity) != 21 {
		t.Fatalf("the specification's table has 21 rules; specSeverity has %d", len(specSeverity))
	}
	for id, sev := range specSeverity {
		r := rules.Lookup(id)
		if r == nil {
			t.Errorf("spec rule %q is not registered in rules.All", id)
			continue
		}
		if r.Severity != sev {
			t.Errorf("rule %q: default severity %v, the specification says %v", id, r.Severity, sev)
		}
	}
	for _, r := range rules.All {
		if _, ok := specSeverity[r.ID]; ok {
			continue
		}
		sev, ok := extraSeverity[r.ID]
		if !ok {
			t.Errorf("rule %q is neither in the specification's table nor a known addition: add it to the spec or to extraSeverity", r.ID)
			continue
		}
		if r.Severity != sev {
			t.Errorf("rule %q: severity %v, want %v", r.ID, r.Severity, sev)
		}
	}
}

func TestRegistryEveryRuleHasDocsPage(t *testing.T) {
	for _, r := range rules.All {
		page, ok := docs.RulePage(r.ID)
		if !ok {
			t.Errorf("rule %q has no docs page docs/rules/%s.md", r.ID, r.ID)
			continue
		}
		if !strings.Contains(page, r.ID) {
			t.Errorf("docs/rules/%s.md does not mention the rule ID", r.ID)
		}
	}
}

// TestRegistryEveryCheckedRuleIsCovered reads the case tables directly (no
// state filled by other tests, so the order tests run in does not matter):
// every rule with a Check must have at least one positive case (it fires)
// and one negative case (the fixed topology, where it stays silent).
func TestRegistryEveryCheckedRuleIsCovered(t *testing.T) {
	pos, neg := map[string]int{}, map[string]int{}
	for _, c := range positiveCases {
		if len(c.want) == 0 {
			t.Errorf("positive case %q expects no finding", c.name)
		}
		for _, w := range c.want {
			pos[w.Rule]++
		}
	}
	for _, c := range negativeCases {
		if len(c.absent) == 0 {
			t.Errorf("negative case %q names no rule that must stay silent", c.name)
		}
		for _, id := range c.absent {
			neg[id]++
		}
	}
	for _, r := range rules.All {
		if r.Check == nil {
			continue
		}
		if pos[r.ID] == 0 {
			t.Errorf("rule %q has no positive case in positiveCases", r.ID)
		}
		if neg[r.ID] == 0 {
			t.Errorf("rule %q has no negative case in negativeCases", r.ID)
		}
	}
	for id := range pos {
		if rules.Lookup(id) == nil {
			t.Errorf("positiveCases name unknown rule %q", id)
		}
	}
	for id := range neg {
		if rules.Lookup(id) == nil {
			t.Errorf("negativeCases name unknown rule %q", id)
		}
	}
}

func TestRegistryCaseNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range append(append([]ruleCase{}, positiveCases...), negativeCases...) {
		if seen[c.name] {
			t.Errorf("case name %q used twice", c.name)
		}
		seen[c.name] = true
	}
}

// TestRunFillsRuleSeverityDocs checks what Run adds to every finding, and
// that its output is sorted, free of duplicates and deterministic.
func TestRunFillsRuleSeverityDocs(t *testing.T) {
	for _, c := range positiveCases {
		t.Run(c.name, func(t *testing.T) {
			a := analyze(t, c.hcl)
			first := rules.Run(a)
			for _, f := range first {
				r := rules.Lookup(f.Rule)
				if r == nil {
					t.Fatalf("finding of unknown rule %q", f.Rule)
				}
				if f.Severity != r.Severity {
					t.Errorf("%s: severity %v, rule default %v", f.Rule, f.Severity, r.Severity)
				}
				if f.DocsURL != r.DocsURL() {
					t.Errorf("%s: DocsURL %q, want %q", f.Rule, f.DocsURL, r.DocsURL())
				}
				if f.Range.Filename != fileName || f.Range.Start.Line < 1 || f.Range.Start.Column < 1 {
					t.Errorf("%s: range %v does not point into the source", f.Rule, f.Range)
				}
				if strings.TrimSpace(f.Message) == "" {
					t.Errorf("%s: empty message", f.Rule)
				}
				checkPlace(t, a, f)
			}
			if !cmp.Equal(first, finding.Sort(first)) {
				t.Errorf("Run output is not sorted and de-duplicated:\n%s", dump(first))
			}
			again := rules.Run(analyze(t, c.hcl))
			if diff := cmp.Diff(first, again); diff != "" {
				t.Errorf("two runs over the same source differ:\n%s", diff)
			}
			// Running twice over one analysis must not change it either.
			if diff := cmp.Diff(first, rules.Run(a)); diff != "" {
				t.Errorf("Run changed the analysis:\n%s", diff)
			}
		})
	}
}

// checkPlace checks what a finding says about where it is, as data: a
// summary line of its own, and a tier, client and hops that exist.
func checkPlace(t *testing.T, a *rules.Analysis, f finding.Finding) {
	t.Helper()
	if f.Summary == "" || strings.HasSuffix(f.Summary, ".") || strings.Contains(f.Summary, "\n") || len(f.Summary) > 160 || f.Summary == f.Message {
		t.Errorf("%s: summary %q is not one short line of its own", f.Rule, f.Summary)
	}
	if f.Tier != "" && a.Topology.Tier(f.Tier) == nil {
		t.Errorf("%s: tier %q does not exist", f.Rule, f.Tier)
	}
	if f.Tier == "" && f.Client == "" && !f.App {
		t.Errorf("%s: about no tier, client or application", f.Rule)
	}
	for _, h := range f.Hops {
		if h.Client != "" {
			if a.Topology.Client(h.Client) == nil {
				t.Errorf("%s: hop of unknown client %q", f.Rule, h.Client)
			}
			continue
		}
		tier := a.Topology.Tier(h.Tier)
		if tier == nil {
			t.Errorf("%s: hop of unknown tier %q", f.Rule, h.Tier)
			continue
		}
		found := h.Route == "" && tier.To.Value != nil
		for _, r := range tier.Routes {
			found = found || r.Name == h.Route
		}
		if !found {
			t.Errorf("%s: tier %q has no way %q", f.Rule, h.Tier, h.Route)
		}
	}
}

// Rules that are about a hop say which: every session break, address and
// affinity finding names its hop as data.
func TestHopRulesNameTheirHop(t *testing.T) {
	hopRules := map[string]bool{
		"affinity-missing": true, "affinity-key-absent": true, "auto-balance": true, "client-ip-lost": true,
		"cookie-affinity-cookieless-client": true, "hash-not-consistent": true, "ip-hash-collapse": true,
		"ip-hash-ipv4-prefix": true, "redundant-affinity": true, "related-route-affinity": true,
		"sibling-divergence": true, "proxy-protocol-mismatch": true, "websocket-upgrade-missing": true,
		"polling-pool-unscalable": true,
	}
	seen := map[string]bool{}
	for _, c := range positiveCases {
		for _, f := range run(t, c.hcl) {
			if hopRules[f.Rule] {
				seen[f.Rule] = true
				if len(f.Hops) == 0 {
					t.Errorf("%s: %s names no hop", c.name, f.Rule)
				}
			}
		}
	}
	for id := range hopRules {
		if !seen[id] {
			t.Errorf("no case makes %s fire", id)
		}
	}
}
