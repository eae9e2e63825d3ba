package topology_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/topolint/topo/analysis"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

// Allowlists for the values that reach rendered configurations. They are
// deliberately wider than the decoder's own patterns: the property is that
// nothing outside them (whitespace, quotes, braces, semicolons, '$', '#',
// control or non-ASCII characters) is ever accepted.
var (
	configSafe = regexp.MustCompile(`^[A-Za-z0-9._:/\[\]*~+@-]*$`)
	nameSafe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
)

// FuzzDecode decodes arbitrary bytes. It must never panic; when the bytes
// decode without errors, the analysis and every rule must run without
// panicking, and every value that can reach a config must be allowlisted.
//
// Plain `go test` runs the seeds in testdata/fuzz/FuzzDecode; fuzz with
//
//	go test ./topology -run='^$' -fuzz=FuzzDecode -fuzztime=3m
func FuzzDecode(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte(everyKind))
	f.Fuzz(func(t *testing.T, src []byte) {
		topo, diags := topology.Decode(topology.Source{Name: "fuzz.hcl", Bytes: src})
		if topo == nil {
			t.Fatal("Decode returned a nil topology")
		}
		if topo.Files == nil {
			t.Fatal("Decode returned no Files")
		}
		for _, d := range diags {
			if d == nil {
				t.Fatal("nil diagnostic")
			}
			if d.Severity == hcl.DiagError && d.Summary == "" {
				t.Errorf("error diagnostic without a summary: %+v", d)
			}
		}
		// The pipeline the CLI runs (suppression comments included) and the
		// json format must not panic either, decoded or not.
		res := lint.Sources(lint.Options{}, topology.Source{Name: "fuzz.hcl", Bytes: src})
		var out bytes.Buffer
		if err := report.Write("json", &out, report.Input{Findings: res.Findings, Diagnostics: res.Diagnostics, Files: res.Files, ToolName: "topo"}); err != nil {
			t.Fatalf("json report: %v", err)
		}
		if !json.Valid(out.Bytes()) {
			t.Fatalf("json report is not valid JSON:\n%s", out.Bytes())
		}
		if diags.HasErrors() {
			if len(topo.Tiers) != 0 || len(topo.Clients) != 0 || topo.SocketIO != nil {
				t.Fatal("a topology with errors kept its model")
			}
			if res.Decoded() {
				t.Fatal("lint says the topology decoded, Decode reported errors")
			}
			return
		}
		checkAllowlisted(t, topo)

		a := analysis.Analyze(topo)
		for _, fd := range rules.Run(a) {
			if rules.Lookup(fd.Rule) == nil {
				t.Errorf("finding of unknown rule %q", fd.Rule)
			}
			if fd.Severity < finding.Notice || fd.Severity > finding.Error {
				t.Errorf("finding %s with severity %d", fd.Rule, fd.Severity)
			}
			if fd.Message == "" {
				t.Errorf("finding %s without a message", fd.Rule)
			}
		}
	})
}

// checkAllowlisted asserts that every value of a decoded model that can reach
// a configuration (names, addresses, paths, keys, versions) is allowlisted.
func checkAllowlisted(t *testing.T, topo *topology.Topology) {
	t.Helper()
	name := func(what, s string) {
		if !nameSafe.MatchString(s) {
			t.Errorf("%s %q accepted: names must match %s", what, s, nameSafe)
		}
	}
	val := func(what, s string) {
		if !configSafe.MatchString(s) {
			t.Errorf("%s %q accepted: it must match %s", what, s, configSafe)
		}
	}
	name("topology name", topo.Name)
	s := topo.SocketIO
	if s == nil {
		t.Fatal("decoded topology without a socketio block")
	}
	val("socketio version", s.Version.Value.Raw)
	val("socketio path", s.Path.Value)
	for _, p := range s.RelatedPaths.Value {
		val("related path", p)
	}
	for _, tr := range s.Transports.Value {
		val("transport", tr)
	}
	val("adapter", s.Adapter.Value)
	val("engine", s.Engine.Value)
	for _, c := range topo.Clients {
		name("client name", c.Name)
		val("client library", c.Library.Value)
		for _, tr := range c.Transports.Value {
			val("client transport", tr)
		}
		if c.Entry.Value == nil || topo.Tier(c.Entry.Value.Name) != c.Entry.Value {
			t.Errorf("client %q: entry does not resolve to a declared tier", c.Name)
		}
	}
	for i, tier := range topo.Tiers {
		name("tier name", tier.Name)
		if tier.Index != i || topo.Tier(tier.Name) != tier {
			t.Errorf("tier %q: Index %d at position %d, or not found by name", tier.Name, tier.Index, i)
		}
		val("kind", tier.Kind.Value)
		val("tier version", tier.Version.Value.Raw)
		for _, n := range tier.Nodes.Value {
			val("node address", n.Address)
			val("node host", n.Host)
			if n.Host == "" || n.Port < 1 || n.Port > 65535 {
				t.Errorf("node %q: host %q port %d", n.Address, n.Host, n.Port)
			}
		}
		for _, e := range tier.EgressAddresses.Value {
			val("egress address", e)
		}
		checkAffinity(t, val, "tier "+tier.Name, tier.Affinity)
		for _, v := range []string{tier.ForwardsClientIP.Value, tier.RealIPFrom.Value, tier.TLS.Value, tier.ServerOrder.Value} {
			val("tier enum", v)
		}
		if tier.To.Set && topo.Tier(tier.To.Value.Name) != tier.To.Value {
			t.Errorf("tier %q: to does not resolve to a declared tier", tier.Name)
		}
		if !tier.IsSocketIO() && !tier.To.Set && len(tier.Routes) == 0 {
			t.Errorf("tier %q: not socketio, no to, no routes, yet decoded", tier.Name)
		}
		for _, r := range tier.Routes {
			name("route name", r.Name)
			val("route path", r.Path.Value)
			for _, kv := range append(append([]topology.KV(nil), r.Query.Value...), r.Header.Value...) {
				val("route condition key", kv.Key)
				val("route condition value", kv.Value)
			}
			checkAffinity(t, val, "route "+r.Name, r.Affinity)
			if r.To.Value == nil || topo.Tier(r.To.Value.Name) != r.To.Value {
				t.Errorf("route %q: to does not resolve to a declared tier", r.Name)
			}
		}
	}
}

func checkAffinity(t *testing.T, val func(what, s string), where string, af topology.Affinity) {
	t.Helper()
	val(where+" balance", af.Balance.Value)
	val(where+" hash_key kind", af.HashKey.Value.Kind)
	val(where+" hash_key name", af.HashKey.Value.Name)
	val(where+" cookie_name", af.CookieName.Value)
}
