package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const baselineChain = `topology "t" {}

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

// The adoption path: record today's findings, then fail only on new ones,
// and hear about the ones that went away.
func TestBaselineAdoption(t *testing.T) {
	dir := t.TempDir()
	topo, base := filepath.Join(dir, "topology.hcl"), filepath.Join(dir, "topo-baseline.json")
	write(t, topo, baselineChain, 0o644)

	if code, _, _ := fmtRun(t, "", "lint", "--no-config", "--fail-on", "warning", topo); code != ExitFindings {
		t.Fatalf("the chain must have findings to record; exit %d", code)
	}
	code, _, errs := fmtRun(t, "", "lint", "--no-config", topo, "--baseline-write", base)
	if code != ExitOK || !strings.Contains(errs, "recorded") {
		t.Fatalf("--baseline-write: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(read(t, base), `"format_version": "1"`) {
		t.Fatalf("baseline file:\n%s", read(t, base))
	}

	// Unrelated lines moved: nothing new.
	write(t, topo, "# Moved by a comment.\n\n"+baselineChain, 0o644)
	code, out, errs := fmtRun(t, "", "lint", "--no-config", "--fail-on", "warning", topo, "--baseline", base, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"findings": []`) || !strings.Contains(errs, "recorded in the baseline") {
		t.Fatalf("after moving lines: exit %d\n%s\n%s", code, out, errs)
	}

	// A new problem fails; the recorded ones stay quiet.
	write(t, topo, strings.Replace(baselineChain, "  websocket = true\n", "  websocket = true\n  idle_timeout = \"10s\"\n", 1), 0o644)
	code, out, _ = fmtRun(t, "", "lint", "--no-config", topo, "--baseline", base, "--fail-on", "warning", "--format", "json")
	if code != ExitFindings || !strings.Contains(out, "idle-timeout-below-heartbeat") || strings.Contains(out, `"rule": "hash-not-consistent"`) {
		t.Fatalf("a new problem: exit %d\n%s", code, out)
	}

	// Fixed findings are listed as gone.
	fixed := strings.Replace(baselineChain, "  balance   = \"ip_hash\"\n", "  balance   = \"hash\"\n  hash_key  = \"client_ip\"\n  consistent = true\n", 1)
	write(t, topo, fixed, 0o644)
	code, _, errs = fmtRun(t, "", "lint", "--no-config", "--fail-on", "warning", topo, "--baseline", base)
	if code != ExitOK || !strings.Contains(errs, "no longer occur") || !strings.Contains(errs, "hash-not-consistent edge") {
		t.Fatalf("after fixing: exit %d, stderr %q", code, errs)
	}
}

func TestBaselineBadInput(t *testing.T) {
	dir := t.TempDir()
	topo := filepath.Join(dir, "topology.hcl")
	write(t, topo, baselineChain, 0o644)
	garbage := filepath.Join(dir, "garbage.json")
	write(t, garbage, "not json\n", 0o644)
	for name, args := range map[string][]string{
		"missing":   {"--baseline", filepath.Join(dir, "none.json")},
		"garbage":   {"--baseline", garbage},
		"both":      {"--baseline", garbage, "--baseline-write", garbage},
		"directory": {"--baseline-write", dir},
	} {
		code, _, errs := fmtRun(t, "", append([]string{"lint", "--no-config", topo}, args...)...)
		if code != ExitError || !strings.Contains(errs, "baseline") {
			t.Errorf("%s: exit %d, stderr %q", name, code, errs)
		}
	}
	if b, _ := os.ReadFile(garbage); string(b) != "not json\n" {
		t.Error("a failed run touched the baseline")
	}
}

// The configuration can name the baseline.
func TestBaselineFromConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "topology.hcl"), baselineChain, 0o644)
	write(t, filepath.Join(dir, ".topo.hcl"), "config {\n  baseline = \"topo-baseline.json\"\n}\n", 0o644)
	t.Chdir(dir)
	if code, _, errs := fmtRun(t, "", "lint", "topology.hcl", "--baseline-write", "topo-baseline.json"); code != ExitOK {
		t.Fatalf("write: exit %d %s", code, errs)
	}
	if code, _, errs := fmtRun(t, "", "lint", "topology.hcl"); code != ExitOK || !strings.Contains(errs, "recorded in the baseline topo-baseline.json") {
		t.Fatalf("with the configured baseline: exit %d, stderr %q", code, errs)
	}
}
