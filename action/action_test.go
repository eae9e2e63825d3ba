// Package action holds the topo GitHub Action's script (topo-action.sh,
// run by ../action.yml) and its tests, which run the script on a sample
// repository with a freshly built topo.
package action

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// buildTopo builds the topo command once per test binary.
func buildTopo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "topo")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/topo")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runAction runs the script in repo with env and returns its exit code,
// output and the GITHUB_OUTPUT values.
func runAction(t *testing.T, repo string, env ...string) (int, string, map[string]string) {
	t.Helper()
	script, err := filepath.Abs("topo-action.sh")
	if err != nil {
		t.Fatal(err)
	}
	ghOut := filepath.Join(t.TempDir(), "github_output")
	cmd := exec.Command("bash", script)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), append(env, "GITHUB_OUTPUT="+ghOut)...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	data, _ := os.ReadFile(ghOut)
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			values[k] = v
		}
	}
	return code, string(out), values
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../report/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const uri = "https://json.schemastore.org/sarif-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	if err := c.AddResource(uri, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(uri)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// The Action's steps on a repository whose chain has findings and whose
// committed HAProxy configs are first in sync, then drift.
func TestActionScript(t *testing.T) {
	bin := buildTopo(t)
	repo := t.TempDir()
	copyFile(t, "../examples/chat.hcl", filepath.Join(repo, "deploy", "chat.hcl"))
	copyFile(t, "../examples/haproxy-cookie.hcl", filepath.Join(repo, "deploy", "support.hcl"))
	// The committed configs of the clean chain.
	render := exec.Command(bin, "render", "haproxy", "deploy/support.hcl", "--out", "deploy/haproxy")
	render.Dir = repo
	if out, err := render.CombinedOutput(); err != nil {
		t.Fatalf("render: %v\n%s", err, out)
	}

	// The chain with findings: exit-code 1, SARIF that validates,
	// annotations.
	code, out, values := runAction(t, repo, "TOPO_BIN="+bin, "TOPO_PATH=deploy/chat.hcl", "TOPO_SARIF_FILE=chat.sarif")
	if code != 0 || values["exit-code"] != "1" || values["sarif-file"] != "chat.sarif" {
		t.Fatalf("exit %d, outputs %v\n%s", code, values, out)
	}
	if !regexp.MustCompile(`(?m)^::error file=deploy/chat.hcl,line=\d+`).MatchString(out) {
		t.Errorf("no annotation in the output:\n%s", out)
	}
	data, err := os.ReadFile(filepath.Join(repo, "chat.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the SARIF file is not JSON: %v", err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("the SARIF file does not validate: %v", err)
	}
	if !strings.Contains(string(data), `"ruleId": "ip-hash-collapse"`) {
		t.Errorf("the SARIF file lacks the chain's finding")
	}

	// The clean chain with its committed configs: everything passes.
	code, out, values = runAction(t, repo, "TOPO_BIN="+bin, "TOPO_PATH=deploy/support.hcl", "TOPO_RENDER_CHECK=haproxy=deploy/haproxy")
	if code != 0 || values["exit-code"] != "0" {
		t.Fatalf("clean chain: exit %d, outputs %v\n%s", code, values, out)
	}

	// A committed config edited by hand: drift fails the step.
	f := filepath.Join(repo, "deploy", "haproxy", "haproxy-1.cfg")
	data, _ = os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(data, []byte("maxconn"), []byte("maxconn 10 #"), 1), 0o644)
	code, out, values = runAction(t, repo, "TOPO_BIN="+bin, "TOPO_PATH=deploy/support.hcl", "TOPO_RENDER_CHECK=haproxy=deploy/haproxy")
	if code != 0 || values["exit-code"] != "1" || !strings.Contains(out, "::error title=topo render haproxy::") {
		t.Fatalf("drift: exit %d, outputs %v\n%s", code, values, out)
	}

	// topo itself cannot run (a missing path): the script fails at once.
	if code, out, _ := runAction(t, repo, "TOPO_BIN="+bin, "TOPO_PATH=deploy/none.hcl"); code != 2 {
		t.Fatalf("missing path: exit %d\n%s", code, out)
	}
	if code, out, _ := runAction(t, repo, "TOPO_BIN="+bin, "TOPO_PATH=deploy/support.hcl", "TOPO_RENDER_CHECK=haproxy"); code != 2 {
		t.Fatalf("bad render-check: exit %d\n%s", code, out)
	}
}

// action.yml runs this script and hands it every input through the
// environment variables it reads; .pre-commit-hooks.yaml names topo's
// commands.
func TestActionMetadata(t *testing.T) {
	var action struct {
		Inputs  map[string]struct{ Description, Default string }
		Outputs map[string]struct{ Value string }
		Runs    struct {
			Using string
			Steps []struct {
				ID   string
				Uses string
				Run  string
				Env  map[string]string
			}
		}
	}
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", action.Runs.Using)
	}
	script, _ := os.ReadFile("topo-action.sh")
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\$\{?(TOPO_[A-Z_]+)`).FindAllStringSubmatch(string(script), -1) {
		read[m[1]] = true
	}
	passed := map[string]bool{"TOPO_BIN": true} // set by the install step through GITHUB_ENV
	ran := false
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "action/topo-action.sh") {
			ran = true
			for k, v := range s.Env {
				passed[k] = true
				if m := regexp.MustCompile(`inputs\.([a-z-]+)`).FindStringSubmatch(v); m == nil || action.Inputs[m[1]].Description == "" {
					t.Errorf("env %s = %q names no declared input", k, v)
				}
			}
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("a run script interpolates an expression (script injection): %q", s.Run)
		}
	}
	if !ran {
		t.Fatal("no step runs action/topo-action.sh")
	}
	var missing []string
	for k := range read {
		if !passed[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the script reads %v, which action.yml does not pass", missing)
	}
	for _, o := range []string{"exit-code", "sarif-file"} {
		if !strings.Contains(action.Outputs[o].Value, "steps.run.outputs."+o) || !strings.Contains(string(script), o+"=") {
			t.Errorf("output %s is not written by the script and exposed by action.yml", o)
		}
	}

	var hooks []struct {
		ID, Entry, Language, Files string
	}
	data, err = os.ReadFile("../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	ids := map[string]string{}
	for _, h := range hooks {
		ids[h.ID] = h.Entry
		if h.Language != "golang" || !regexp.MustCompile(h.Files).MatchString("deploy/topology.hcl") {
			t.Errorf("hook %s: language %q, files %q", h.ID, h.Language, h.Files)
		}
	}
	if ids["topo-lint"] != "topo lint" || ids["topo-fmt"] != "topo fmt" {
		t.Errorf("hooks: %v", ids)
	}
}
