package e2e

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/lint/linttest"
	"github.com/topolint/topo/topology"
)

// brokenTopology ties one broken live case of cases_test.go (hand-written
// configs) to the topology that describes the same chain and the rule topo
// lint must report for it.
type brokenTopology struct {
	// Tag is the case prefix the live test records its Results under
	// ("a" for "a/nginx-round-robin/polling").
	Tag string
	// Live names the live test in cases_test.go.
	Live string
	// File is the topology in testdata/.
	File string
	// Rule is the rule that must be reported at error severity.
	Rule string
	// Tier is the tier the finding must be about.
	Tier string
}

var brokenTopologies = []brokenTopology{
	{"a", "TestBrokenNginxRoundRobin", "broken-affinity-missing.hcl", "affinity-missing", "nginx"},
	{"b", "TestBrokenNginxIPHashBehindProxy", "broken-ip-hash-collapse.hcl", "ip-hash-collapse", "tier2"},
	{"c", "TestBrokenNginxNoUpgradeHeaders", "broken-websocket-upgrade-missing.hcl", "websocket-upgrade-missing", "nginx"},
	{"d", "TestBrokenHAProxyCookieWithoutJar", "broken-cookie-cookieless-client.hcl", "cookie-affinity-cookieless-client", "haproxy"},
	{"e", "TestBrokenNginxSiblingsDifferentOrder", "broken-sibling-divergence.hcl", "sibling-divergence", "siblings"},
}

// lintOutcome is what topo lint measured for one topology file, for
// docs/e2e-results.md.
type lintOutcome struct {
	File string
	// Summary is, for a broken topology, its error rule IDs
	// ("ip-hash-collapse, sibling-divergence"); for a live topology "clean at
	// error level (warning: adapter-missing; notice: single-point-of-failure)".
	Summary string
}

// lintOutcomes maps a case prefix ("a", "live-a") to its lint outcome.
var lintOutcomes = struct {
	sync.Mutex
	m map[string]lintOutcome
}{m: map[string]lintOutcome{}}

func setLintOutcome(tag string, o lintOutcome) {
	lintOutcomes.Lock()
	defer lintOutcomes.Unlock()
	lintOutcomes.m[tag] = o
}

func getLintOutcome(tag string) (lintOutcome, bool) {
	lintOutcomes.Lock()
	defer lintOutcomes.Unlock()
	o, ok := lintOutcomes.m[tag]
	return o, ok
}

// lintFile runs the lint pipeline (lint.Path, as `topo lint` does) on
// testdata/file and fails the test when the file does not decode or names an
// address outside 127.0.0.0/8.
func lintFile(t testing.TB, file string) *lint.Result {
	t.Helper()
	res, err := lint.Path(filepath.Join(Dir(), "testdata", file), lint.Options{})
	if err != nil {
		t.Fatalf("lint %s: %v", file, err)
	}
	if !res.Decoded() {
		t.Fatalf("lint %s: does not decode: %v", file, res.Diagnostics)
	}
	for _, tier := range res.Topology.Tiers {
		for _, n := range tier.Nodes.Value {
			if err := CheckLoopback(n.Address); err != nil {
				t.Fatalf("%s: tier %q: %v", file, tier.Name, err)
			}
		}
		for _, e := range tier.EgressAddresses.Value {
			if err := CheckLoopback(e); err != nil {
				t.Fatalf("%s: tier %q egress: %v", file, tier.Name, err)
			}
		}
	}
	return res
}

// bySeverity lists the rule IDs of fs at severity s, sorted and unique.
func bySeverity(fs []finding.Finding, s finding.Severity) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if f.Severity == s && !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

// lintSummary prints findings as "error: a, b; warning: c; notice: d".
func lintSummary(fs []finding.Finding) string {
	var parts []string
	for _, s := range []finding.Severity{finding.Error, finding.Warning, finding.Notice} {
		if ids := bySeverity(fs, s); len(ids) > 0 {
			parts = append(parts, s.String()+": "+strings.Join(ids, ", "))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, "; ")
}

// TestLintBrokenTopologies lints the topology of each broken live case and
// requires the matching rule at error severity. No tools needed.
func TestLintBrokenTopologies(t *testing.T) {
	for _, bt := range brokenTopologies {
		t.Run(bt.File, func(t *testing.T) {
			res := lintFile(t, bt.File)
			var hit *finding.Finding
			for i, f := range res.Findings {
				if f.Rule == bt.Rule && f.Tier == bt.Tier {
					hit = &res.Findings[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("%s: want %s at tier %q, got %s", bt.File, bt.Rule, bt.Tier, lintSummary(res.Findings))
			}
			if hit.Severity != finding.Error {
				t.Errorf("%s: %s has severity %s, want error", bt.File, bt.Rule, hit.Severity)
			}
			t.Logf("%s (%s): %s", bt.File, bt.Live, lintSummary(res.Findings))
			setLintOutcome(bt.Tag, lintOutcome{File: bt.File, Summary: strings.Join(bySeverity(res.Findings, finding.Error), ", ")})
		})
	}
}

// TestLintLiveTopologiesClean lints the topologies the rendered live cases
// use: no error findings (what `topo lint` exits 0 on, and what `topo render`
// requires).
func TestLintLiveTopologiesClean(t *testing.T) {
	for _, lc := range liveCases {
		t.Run(lc.File, func(t *testing.T) {
			res := lintFile(t, lc.File)
			if errs := bySeverity(res.Findings, finding.Error); len(errs) > 0 {
				t.Errorf("%s: want no error findings, got %s", lc.File, lintSummary(res.Findings))
			}
			t.Logf("%s: %s", lc.File, lintSummary(res.Findings))
			setLintOutcome(lc.Tag, lintOutcome{File: lc.File, Summary: "clean at error level (" + lintSummary(res.Findings) + ")"})
		})
	}
}

// socketioTier returns the topology's socketio tier (the last hop).
func socketioTier(t testing.TB, top *topology.Topology) *topology.Tier {
	t.Helper()
	for _, tier := range top.Tiers {
		if tier.Kind.Value == topology.KindSocketIO {
			return tier
		}
	}
	t.Fatalf("topology %q has no socketio tier", top.Name)
	return nil
}

// TestLintAnnotatedTopologies checks the "# want" markers of every topology
// the live cases use, exactly (package linttest): the broken ones carry the
// findings their failure proves, the rendered ones only what they accept.
func TestLintAnnotatedTopologies(t *testing.T) {
	files, err := filepath.Glob("testdata/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	linttest.Run(t, files...)
}

// lintLive lints a live case's topology and checks what the case is about:
// broken, lint reports rule at error severity (or, for a notice or warning
// rule, at its own); fixed, lint reports no error at all. It records the
// outcome for docs/e2e-results.md.
func lintLive(t testing.TB, tag, file, rule string, broken bool) *lint.Result {
	t.Helper()
	res := lintFile(t, file)
	found := false
	for _, f := range res.Findings {
		found = found || f.Rule == rule
	}
	if found != broken {
		t.Fatalf("%s: %s reported: %v, want %v (%s)", tag, rule, found, broken, lintSummary(res.Findings))
	}
	summary := "clean at error level"
	if broken {
		summary = rule
	} else if errs := bySeverity(res.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("%s: lint errors %s", tag, lintSummary(res.Findings))
	}
	setLintOutcome(tag, lintOutcome{File: file, Summary: summary})
	return res
}
