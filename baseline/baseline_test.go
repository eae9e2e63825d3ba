package baseline_test

import (
	"strings"
	"testing"

	"github.com/topolint/topo/baseline"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

const chain = `topology "t" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}

tier "edge" {
  kind      = "nginx"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "ip_hash"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

func lintSrc(t *testing.T, src string) *lint.Result {
	t.Helper()
	res := lint.Sources(lint.Options{}, topology.Source{Name: "t.hcl", Bytes: []byte(src)})
	if !res.Decoded() {
		t.Fatal(res.Diagnostics)
	}
	return res
}

// Moving lines keeps every finding in the baseline; a new problem is new;
// a fixed one is reported as gone.
func TestFilter(t *testing.T) {
	before := lintSrc(t, chain)
	if len(before.Findings) == 0 {
		t.Fatal("the chain has no finding to record")
	}
	b := baseline.New(before.Findings, before.Files)
	round, err := baseline.Parse(b.Marshal())
	if err != nil {
		t.Fatal(err)
	}

	moved := lintSrc(t, strings.Replace(chain, "client \"browser\"", "# A comment and blank lines move everything below.\n\n\nclient \"browser\"", 1))
	if fresh, gone := round.Filter(moved.Findings, moved.Files); len(fresh) != 0 || len(gone) != 0 {
		t.Fatalf("after moving lines: %d new, %d gone; want none", len(fresh), len(gone))
	}

	worse := lintSrc(t, strings.Replace(chain, `  websocket = true`, `  websocket = true
  idle_timeout = "10s"`, 1))
	fresh, gone := round.Filter(worse.Findings, worse.Files)
	if len(fresh) == 0 {
		t.Fatal("a new problem (an idle timeout below the heartbeat) is not new")
	}
	for _, f := range fresh {
		if f.Rule != "idle-timeout-below-heartbeat" {
			t.Errorf("unexpected new finding %s: %s", f.Rule, f.Summary)
		}
	}
	if len(gone) != 0 {
		t.Errorf("%d entries gone, want 0: %+v", len(gone), gone)
	}

	fixed := lintSrc(t, strings.Replace(chain, `balance   = "ip_hash"`, `balance   = "hash"
  hash_key  = "client_ip"
  consistent = true`, 1))
	fresh, gone = round.Filter(fixed.Findings, fixed.Files)
	if len(gone) == 0 {
		t.Fatal("fixing ip_hash removed no entry")
	}
	for _, e := range gone {
		if e.Tier != "edge" {
			t.Errorf("gone entry %+v", e)
		}
	}
}

func TestDeterministic(t *testing.T) {
	res := lintSrc(t, chain)
	a := baseline.New(res.Findings, res.Files).Marshal()
	b := baseline.New(res.Findings, res.Files).Marshal()
	if string(a) != string(b) || !strings.HasPrefix(string(a), "{\n  \"format_version\": \"1\",\n  \"tool\": \"topo\",") {
		t.Fatalf("not deterministic or not the documented shape:\n%s", a)
	}
}

func TestParseRejects(t *testing.T) {
	for name, data := range map[string]string{
		"not json":       "ip-hash-collapse edge\n",
		"other tool":     `{"format_version": "1", "tool": "tflint", "entries": []}`,
		"future version": `{"format_version": "2", "tool": "topo", "entries": []}`,
		"unknown field":  `{"format_version": "1", "tool": "topo", "entries": [], "extra": 1}`,
		"no fingerprint": `{"format_version": "1", "tool": "topo", "entries": [{"rule": "x"}]}`,
	} {
		if _, err := baseline.Parse([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
