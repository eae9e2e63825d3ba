package rules_test

// The rule tests are annotated topologies under testdata/<rule-id>/: each line
// that must carry a finding says so with a "# want" comment, and TestRules
// checks that the findings are exactly those (package linttest). This file
// also holds the registry tests and the helpers the analysis tests share.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/topolint/topo/analysis"

	"github.com/google/go-cmp/cmp"

	"github.com/topolint/topo/docs"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/topotest"
	"github.com/topolint/topo/lint/linttest"
	"github.com/topolint/topo/rules"
)

// fileName is the name every inline source is decoded under.
const fileName = topotest.FileName

// analyze decodes and analyses inline HCL (package topotest).
func analyze(t *testing.T, text string) *analysis.Analysis { return topotest.Analyze(t, text) }

// run decodes, analyses and runs every rule.
func run(t *testing.T, text string) []finding.Finding {
	t.Helper()
	return rules.Run(analyze(t, text))
}

// ---------------------------------------------------------------------------
// Registry.

// specSeverity is the rule table of the specification
// (docs/topology-language.md, "Rule IDs (contract)"): every ID
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
	"affinity-spills-under-load": finding.Warning,
	"reload-drain":               finding.Notice,
	"path-mismatch":              finding.Error,
	"auto-balance":               finding.Notice,
	"cross-site-cookie":          finding.Error,
	"ignore-unused":              finding.Warning,
	"unsupported-feature":        finding.Error,
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

// corpus lists the annotated topologies of testdata: one folder per rule.
func corpus(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/*/*.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no annotated topologies under testdata: %v", err)
	}
	return files
}

// TestRules checks every annotated topology of testdata: the findings of
// `topo lint` must be exactly the "# want" markers, line by line, and match
// their message patterns (see package linttest).
func TestRules(t *testing.T) {
	linttest.Run(t, corpus(t)...)
}

// TestRegistryEveryCheckedRuleIsCovered: every rule has a topology where it
// fires (a marker names it, in testdata/<rule-id>) and one where it stays
// silent: one in its own folder that names it in no marker, or one anywhere
// whose header says "# Must not report: <rule-id>, …" (a topology that serves
// several rules is kept once). Every folder is named after a rule.
func TestRegistryEveryCheckedRuleIsCovered(t *testing.T) {
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, file := range corpus(t) {
		id := filepath.Base(filepath.Dir(file))
		if rules.Lookup(id) == nil {
			t.Errorf("%s: folder %q is not a rule ID", file, id)
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		wants, err := linttest.Markers(file, src)
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]bool{}
		for _, w := range wants {
			named[w.Rule] = true
		}
		if named[id] {
			fires[id] = true
		} else {
			silent[id] = true
		}
		for _, line := range strings.Split(string(src), "\n") {
			list, ok := strings.CutPrefix(line, "# Must not report:")
			if !ok {
				continue
			}
			for _, r := range strings.Split(strings.TrimSuffix(strings.TrimSpace(list), "."), ",") {
				r = strings.TrimSpace(r)
				switch {
				case rules.Lookup(r) == nil:
					t.Errorf("%s: \"Must not report\" names no rule %q", file, r)
				case named[r]:
					t.Errorf("%s: says it must not report %s, and a marker wants it", file, r)
				default:
					silent[r] = true
				}
			}
		}
	}
	for _, r := range rules.All {
		if !fires[r.ID] {
			t.Errorf("rule %q has no topology in testdata/%s where it fires", r.ID, r.ID)
		}
		if !silent[r.ID] {
			t.Errorf("rule %q has no topology where it stays silent", r.ID)
		}
	}
}

// TestRunFillsRuleSeverityDocs checks what Run adds to every finding, and
// that its output is sorted, free of duplicates and deterministic.
func TestRunFillsRuleSeverityDocs(t *testing.T) {
	for _, file := range corpus(t) {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := analyze(t, string(src))
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
			again := rules.Run(analyze(t, string(src)))
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

// checkPlace checks what a finding says about where it is, as data: a
// summary line of its own, and a tier, client and hops that exist.
func checkPlace(t *testing.T, a *analysis.Analysis, f finding.Finding) {
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
	for _, file := range corpus(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range run(t, string(src)) {
			if hopRules[f.Rule] {
				seen[f.Rule] = true
				if len(f.Hops) == 0 {
					t.Errorf("%s: %s names no hop", file, f.Rule)
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
