package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Fixtures, relative to this package (the directory go test runs in), as a
// user would type them: the outputs print these paths.
const (
	clean       = "testdata/clean.hcl"        // no finding at all
	findings    = "testdata/findings.hcl"     // the spec's example: errors, a warning, a notice
	warningOnly = "testdata/warning.hcl"      // one warning (adapter-missing)
	noticeOnly  = "testdata/notice.hcl"       // one notice (single-point-of-failure)
	decodeError = "testdata/decode-error.hcl" // two decode errors
	splitDir    = "testdata/dir"              // clean.hcl split over two files
)

// run runs topo in-process.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		// stdout and stderr hold substrings; "" means the stream must be empty.
		stdout []string
		stderr []string
	}{
		{"clean", []string{"lint", clean}, ExitOK, []string{"No findings.\n"}, nil},
		{"clean directory", []string{"lint", splitDir}, ExitOK, []string{"No findings.\n"}, nil},
		{"findings at error", []string{"lint", findings}, ExitFindings, []string{"(ip-hash-collapse)", "(client-ip-lost)", "2 errors, 1 warning, 1 notice.\n"}, nil},
		{"findings, fail-on error written", []string{"lint", "--fail-on", "error", findings}, ExitFindings, []string{"(ip-hash-collapse)"}, nil},
		{"findings disabled", []string{"lint", "--disable", "ip-hash-collapse,client-ip-lost", findings}, ExitOK, []string{"0 errors, 1 warning, 1 notice.\n"}, nil},
		{"findings disabled, repeated flag", []string{"lint", "--disable", "ip-hash-collapse", "--disable", "client-ip-lost", findings}, ExitOK, []string{"0 errors, 1 warning, 1 notice.\n"}, nil},
		{"warning, default fail-on", []string{"lint", warningOnly}, ExitOK, []string{"(adapter-missing)", "0 errors, 1 warning, 0 notices.\n"}, nil},
		{"warning, fail-on warning", []string{"lint", "--fail-on", "warning", warningOnly}, ExitFindings, []string{"(adapter-missing)"}, nil},
		{"warning, fail-on notice", []string{"lint", "--fail-on=notice", warningOnly}, ExitFindings, []string{"(adapter-missing)"}, nil},
		{"warning, fail-on upper case", []string{"lint", "--fail-on", "WARNING", warningOnly}, ExitFindings, []string{"(adapter-missing)"}, nil},
		{"warning disabled, fail-on warning", []string{"lint", "--disable", "adapter-missing", "--fail-on", "warning", warningOnly}, ExitOK, []string{"No findings.\n"}, nil},
		{"notice, default fail-on", []string{"lint", noticeOnly}, ExitOK, []string{"(single-point-of-failure)", "0 errors, 0 warnings, 1 notice.\n"}, nil},
		{"notice, fail-on warning", []string{"lint", "--fail-on", "warning", noticeOnly}, ExitOK, []string{"(single-point-of-failure)"}, nil},
		{"notice, fail-on notice", []string{"lint", "--fail-on", "notice", noticeOnly}, ExitFindings, []string{"(single-point-of-failure)"}, nil},
		{"notice in json, fail-on notice", []string{"lint", "-f", "json", "--fail-on", "notice", noticeOnly}, ExitFindings, []string{`"rule": "single-point-of-failure"`}, nil},
		{"decode error", []string{"lint", decodeError}, ExitFindings, []string{""}, []string{
			"Error: Unsupported argument\n",
			`on testdata/decode-error.hcl line 12, in tier "edge":`,
			`  12:   balanse = "ip_hash"`,
			`Did you mean "balance"?`,
			"Error: Invalid node address\n",
			"on testdata/decode-error.hcl line 18",
			`  18:   nodes = ["10.0.2.21"]`,
		}},
		{"decode error, fail-on notice", []string{"lint", "--fail-on", "notice", decodeError}, ExitFindings, []string{""}, []string{"Error: Unsupported argument"}},
		{"decode error in json", []string{"lint", "--format", "json", decodeError}, ExitFindings, []string{`"summary": "Unsupported argument"`}, []string{""}},
		{"decode error in github", []string{"lint", "--format", "github", decodeError}, ExitFindings, []string{"::error file=testdata/decode-error.hcl,line=12,col=3"}, []string{""}},
		{"missing path", []string{"lint", "testdata/no-such.hcl"}, ExitError, []string{""}, []string{"Error: ", "testdata/no-such.hcl"}},
		{"directory without hcl files", []string{"lint", "testdata/golden"}, ExitError, []string{""}, []string{"Error: ", "no *.hcl files"}},
		{"bad flag", []string{"lint", "--bogus", clean}, ExitError, []string{""}, []string{"Error: unknown flag: --bogus", "topo lint --help"}},
		{"bad shorthand flag", []string{"lint", "-z", clean}, ExitError, []string{""}, []string{"Error: unknown shorthand flag: 'z'"}},
		{"bad format", []string{"lint", "--format", "xml", clean}, ExitError, []string{""}, []string{`Error: unknown format "xml"`, "text, json, sarif, github"}},
		{"bad format on a decode error", []string{"lint", "-f", "xml", decodeError}, ExitError, []string{""}, []string{`unknown format "xml"`}},
		{"unknown disabled rule", []string{"lint", "--disable", "no-such-rule", clean}, ExitError, []string{""}, []string{`Error: --disable: there is no rule "no-such-rule"`}},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", clean}, ExitError, []string{""}, []string{`Error: --fail-on: unknown severity "fatal"`}},
		{"two paths", []string{"lint", clean, findings}, ExitError, []string{""}, []string{"Error: lint takes one topology PATH, or deployed configurations: testdata/clean.hcl is neither"}},
		{"unknown command", []string{"nocmd"}, ExitError, []string{""}, []string{`Error: unknown command "nocmd" for "topo"`}},
		{"explain unknown rule", []string{"explain", "no-such-rule"}, ExitError, []string{""}, []string{`Error: there is no rule "no-such-rule"`, "ip-hash-collapse"}},
		{"explain without rule", []string{"explain"}, ExitError, []string{""}, []string{"Error: accepts 1 arg(s), received 0"}},
		{"rules with an argument", []string{"rules", "x"}, ExitError, []string{""}, []string{"Error: unknown command"}},
		{"version", []string{"version"}, ExitOK, []string{"topo " + version.Version + "\n"}, []string{""}},
		{"version flag", []string{"--version"}, ExitOK, []string{version.Version}, []string{""}},
		{"help", []string{"--help"}, ExitOK, []string{"lint", "rules", "explain", "version", "completion"}, []string{""}},
		{"lint help", []string{"lint", "--help"}, ExitOK, []string{"--fail-on", "--format", "--disable", "--no-inline-ignores"}, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			expect(t, "stdout", stdout, tc.stdout)
			expect(t, "stderr", stderr, tc.stderr)
		})
	}
}

func expect(t *testing.T, stream, got string, want []string) {
	t.Helper()
	if len(want) == 1 && want[0] == "" {
		if got != "" {
			t.Errorf("%s is not empty:\n%s", stream, got)
		}
		return
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", stream, w, got)
		}
	}
}

// TestUnreadableFile: a file that cannot be read is exit 2. Root reads
// anything, so the test needs an ordinary user.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: every file is readable")
	}
	path := filepath.Join(t.TempDir(), "topology.hcl")
	if err := os.WriteFile(path, []byte("topology \"t\" {}\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "lint", path)
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "Error: ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, an error", code, stdout, stderr)
	}
}

// TestDefaultPath: without a path, lint reads the current directory, here
// one without any *.hcl file.
func TestDefaultPath(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, stderr := run(t, "lint")
	if code != ExitError || !strings.Contains(stderr, "no *.hcl files") {
		t.Errorf("exit %d, stderr %q; want 2 and no *.hcl files", code, stderr)
	}
}

func TestRulesListsEveryRule(t *testing.T) {
	code, stdout, stderr := run(t, "rules")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(rules.All) {
		t.Errorf("%d lines, want one per rule (%d):\n%s", len(lines), len(rules.All), stdout)
	}
	for i, r := range rules.All {
		if i >= len(lines) {
			break
		}
		fields := strings.Fields(lines[i])
		if len(fields) < 3 || fields[0] != r.ID || fields[1] != r.Severity.String() || !strings.HasSuffix(lines[i], "  "+r.Summary) {
			t.Errorf("line %d %q, want %s, %s and the summary", i, lines[i], r.ID, r.Severity)
		}
	}
}

// TestExplainEveryRule needs docs/rules/<id>.md for every rule: it fails for
// the rules whose page is not written yet.
func TestExplainEveryRule(t *testing.T) {
	for _, r := range rules.All {
		t.Run(r.ID, func(t *testing.T) {
			code, stdout, stderr := run(t, "explain", r.ID)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if !strings.HasPrefix(stdout, r.ID+" ("+r.Severity.String()+"): "+r.Summary+"\n\n") {
				t.Errorf("page does not start with the rule's heading:\n%s", stdout)
			}
			if !strings.HasSuffix(stdout, "\nOnline: "+r.DocsURL()+"\n") {
				t.Errorf("page does not end with the online link:\n%s", stdout)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "# bash completion V2 for topo",
		"zsh":        "#compdef topo",
		"fish":       "complete -c topo",
		"powershell": "Register-ArgumentCompleter",
	} {
		t.Run(shell, func(t *testing.T) {
			code, stdout, stderr := run(t, "completion", shell)
			if code != ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if !strings.Contains(stdout, marker) || len(stdout) < 1000 {
				t.Errorf("no %s completion script (%d bytes):\n%.300s", shell, len(stdout), stdout)
			}
		})
	}
	// Dynamic completion of rule IDs for --disable, through cobra's hidden
	// __complete command (the shell filters by prefix), without files.
	code, stdout, _ := run(t, "__complete", "lint", "--disable", "ip-hash")
	if code != ExitOK || !strings.Contains(stdout, "ip-hash-collapse\t") || !strings.HasSuffix(stdout, ":4\n") {
		t.Errorf("completing --disable ip-hash: exit %d\n%s", code, stdout)
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/topo -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/topo -run %s -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, t.Name(), got, want)
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
		code   int
		stderr bool // compare stderr instead of stdout
	}{
		{"clean.txt", []string{"lint", clean}, ExitOK, false},
		{"clean.json", []string{"lint", "-f", "json", clean}, ExitOK, false},
		{"findings.txt", []string{"lint", findings}, ExitFindings, false},
		{"findings.json", []string{"lint", "--format", "json", findings}, ExitFindings, false},
		{"findings.github.txt", []string{"lint", "--format", "github", findings}, ExitFindings, false},
		{"decode-error.stderr.txt", []string{"lint", decodeError}, ExitFindings, true},
		{"decode-error.json", []string{"lint", "-f", "json", decodeError}, ExitFindings, false},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if tc.stderr {
				if stdout != "" {
					t.Errorf("stdout is not empty:\n%s", stdout)
				}
				golden(t, tc.golden, stderr)
				return
			}
			if stderr != "" {
				t.Errorf("stderr is not empty:\n%s", stderr)
			}
			golden(t, tc.golden, stdout)
		})
	}
}

// TestDeterministic: two runs print byte-identical output in every format.
func TestDeterministic(t *testing.T) {
	for _, path := range []string{clean, findings, warningOnly, noticeOnly, decodeError, splitDir} {
		for _, format := range []string{"text", "json", "sarif", "github"} {
			code1, out1, err1 := run(t, "lint", "-f", format, path)
			for i := 0; i < 3; i++ {
				code2, out2, err2 := run(t, "lint", "-f", format, path)
				if code1 != code2 || out1 != out2 || err1 != err2 {
					t.Fatalf("%s %s: run %d differs from the first:\n%s%s\n---\n%s%s", path, format, i+2, out1, err1, out2, err2)
				}
			}
		}
	}
}

// The json format's contract (spec "Exit codes and JSON").
type jsonPos struct {
	Line   *int `json:"line"`
	Column *int `json:"column"`
}

type jsonRange struct {
	Filename *string  `json:"filename"`
	Start    *jsonPos `json:"start"`
	End      *jsonPos `json:"end"`
}

type jsonReport struct {
	FormatVersion *string `json:"format_version"`
	Findings      *[]struct {
		Rule     *string    `json:"rule"`
		Severity *string    `json:"severity"`
		Tier     *string    `json:"tier"`
		Message  *string    `json:"message"`
		Range    *jsonRange `json:"range"`
		Related  *[]any     `json:"related"`
		Docs     *string    `json:"docs"`
	} `json:"findings"`
	Errors *[]struct {
		Severity *string    `json:"severity"`
		Summary  *string    `json:"summary"`
		Detail   *string    `json:"detail"`
		Range    *jsonRange `json:"range"`
	} `json:"errors"`
	Summary *struct {
		Error   *int `json:"error"`
		Warning *int `json:"warning"`
		Notice  *int `json:"notice"`
	} `json:"summary"`
}

func checkRange(t *testing.T, what string, r *jsonRange, file string) {
	t.Helper()
	if r == nil || r.Filename == nil || r.Start == nil || r.End == nil ||
		r.Start.Line == nil || r.Start.Column == nil || r.End.Line == nil || r.End.Column == nil {
		t.Errorf("%s: incomplete range %+v", what, r)
		return
	}
	if *r.Filename != file || *r.Start.Line < 1 || *r.Start.Column < 1 || *r.End.Line < *r.Start.Line {
		t.Errorf("%s: range %s %d:%d-%d:%d", what, *r.Filename, *r.Start.Line, *r.Start.Column, *r.End.Line, *r.End.Column)
	}
}

func TestJSONContract(t *testing.T) {
	for _, tc := range []struct {
		path                    string
		findings, errors        int
		errs, warnings, notices int
	}{
		{clean, 0, 0, 0, 0, 0},
		{findings, 4, 0, 2, 1, 1},
		{warningOnly, 1, 0, 0, 1, 0},
		{decodeError, 0, 2, 0, 0, 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			_, stdout, _ := run(t, "lint", "--format", "json", tc.path)
			if strings.Contains(stdout, "null") {
				t.Errorf("the output holds a null (arrays are never null):\n%s", stdout)
			}
			var generic map[string]any
			if err := json.Unmarshal([]byte(stdout), &generic); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout)
			}
			for _, key := range []string{"format_version", "findings", "errors", "summary"} {
				if _, ok := generic[key]; !ok {
					t.Errorf("no %q key", key)
				}
			}
			var r jsonReport
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatal(err)
			}
			if r.FormatVersion == nil || *r.FormatVersion != "1" {
				t.Errorf("format_version %v, want \"1\"", r.FormatVersion)
			}
			if r.Findings == nil || r.Errors == nil || r.Summary == nil {
				t.Fatalf("findings, errors or summary missing or null:\n%s", stdout)
			}
			if len(*r.Findings) != tc.findings || len(*r.Errors) != tc.errors {
				t.Errorf("%d findings and %d errors, want %d and %d", len(*r.Findings), len(*r.Errors), tc.findings, tc.errors)
			}
			counts := map[string]int{}
			for i, f := range *r.Findings {
				if f.Rule == nil || rules.Lookup(*f.Rule) == nil {
					t.Errorf("finding %d: rule %v is not a registered rule", i, f.Rule)
					continue
				}
				if f.Severity == nil || f.Tier == nil || f.Message == nil || *f.Message == "" || f.Related == nil || f.Docs == nil {
					t.Errorf("finding %d (%s): missing severity, tier, message, related or docs", i, *f.Rule)
					continue
				}
				counts[*f.Severity]++
				checkRange(t, "finding "+*f.Rule, f.Range, tc.path)
			}
			if s := r.Summary; s.Error == nil || s.Warning == nil || s.Notice == nil {
				t.Errorf("summary lacks a count")
			} else if *s.Error != tc.errs || *s.Warning != tc.warnings || *s.Notice != tc.notices ||
				*s.Error != counts["error"] || *s.Warning != counts["warning"] || *s.Notice != counts["notice"] {
				t.Errorf("summary %d/%d/%d, findings %v, want %d/%d/%d", *s.Error, *s.Warning, *s.Notice, counts, tc.errs, tc.warnings, tc.notices)
			}
			for i, e := range *r.Errors {
				if e.Summary == nil || *e.Summary == "" || e.Detail == nil || e.Severity == nil || *e.Severity != "error" {
					t.Errorf("error %d: summary, detail or severity missing", i)
				}
				checkRange(t, "error", e.Range, tc.path)
			}
		})
	}
	// The spec's example finding, where the contract shows it.
	_, stdout, _ := run(t, "lint", "-f", "json", findings)
	var r jsonReport
	_ = json.Unmarshal([]byte(stdout), &r)
	found := false
	for _, f := range *r.Findings {
		if *f.Rule == "ip-hash-collapse" {
			found = true
			if *f.Severity != "error" || *f.Tier != "edge" || *f.Range.Start.Line != 32 || *f.Range.Start.Column != 3 {
				t.Errorf("ip-hash-collapse: %s at tier %s line %d col %d, want error at edge's balance (32:3)", *f.Severity, *f.Tier, *f.Range.Start.Line, *f.Range.Start.Column)
			}
		}
	}
	if !found {
		t.Errorf("the spec's example does not report ip-hash-collapse")
	}
}

func TestSARIF(t *testing.T) {
	for _, tc := range []struct {
		path    string
		code    int
		results int
	}{
		{clean, ExitOK, 0},
		{findings, ExitFindings, 4},
		{decodeError, ExitFindings, 2},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, stdout, stderr := run(t, "lint", "--format", "sarif", tc.path)
			if code != tc.code || stderr != "" {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			var log struct {
				Version string `json:"version"`
				Schema  string `json:"$schema"`
				Runs    []struct {
					Tool struct {
						Driver struct {
							Name  string `json:"name"`
							Rules []struct {
								ID string `json:"id"`
							} `json:"rules"`
						} `json:"driver"`
					} `json:"tool"`
					Results []struct {
						RuleID    string `json:"ruleId"`
						Level     string `json:"level"`
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI string `json:"uri"`
								} `json:"artifactLocation"`
								Region struct {
									StartLine int `json:"startLine"`
								} `json:"region"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(stdout), &log); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout)
			}
			if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif") || len(log.Runs) != 1 {
				t.Fatalf("version %q, schema %q, %d runs; want 2.1.0, the SARIF schema, 1 run", log.Version, log.Schema, len(log.Runs))
			}
			run := log.Runs[0]
			if run.Tool.Driver.Name != "topo" {
				t.Errorf("driver %q", run.Tool.Driver.Name)
			}
			ids := map[string]bool{}
			for _, r := range run.Tool.Driver.Rules {
				ids[r.ID] = true
			}
			for _, r := range rules.All {
				if !ids[r.ID] {
					t.Errorf("driver rules lack %s", r.ID)
				}
			}
			if run.Results == nil || len(run.Results) != tc.results {
				t.Errorf("%d results, want %d", len(run.Results), tc.results)
			}
			for _, res := range run.Results {
				if !ids[res.RuleID] || res.Level == "" || len(res.Locations) != 1 ||
					res.Locations[0].PhysicalLocation.ArtifactLocation.URI != tc.path || res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
					t.Errorf("result %+v", res)
				}
			}
		})
	}
}

func TestGitHub(t *testing.T) {
	for _, tc := range []struct {
		path  string
		code  int
		lines int
	}{
		{clean, ExitOK, 0},
		{findings, ExitFindings, 4},
		{warningOnly, ExitOK, 1},
		{noticeOnly, ExitOK, 1},
		{decodeError, ExitFindings, 2},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, stdout, stderr := run(t, "lint", "--format", "github", tc.path)
			if code != tc.code || stderr != "" {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			if tc.lines == 0 {
				if stdout != "" {
					t.Errorf("output for a clean topology:\n%s", stdout)
				}
				return
			}
			if !strings.HasSuffix(stdout, "\n") {
				t.Errorf("output does not end with a newline")
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if len(lines) != tc.lines {
				t.Errorf("%d lines, want %d:\n%s", len(lines), tc.lines, stdout)
			}
			for _, l := range lines {
				if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
					t.Errorf("line is not a workflow command: %q", l)
				}
				if !strings.Contains(l, "file="+tc.path+",line=") {
					t.Errorf("line does not name the file and line: %q", l)
				}
			}
		})
	}
	_, stdout, _ := run(t, "lint", "--format", "github", noticeOnly)
	if !strings.HasPrefix(stdout, "::notice ") || !strings.Contains(stdout, "title=single-point-of-failure::") {
		t.Errorf("notice line %q", stdout)
	}
	_, stdout, _ = run(t, "lint", "--format", "github", warningOnly)
	if !strings.HasPrefix(stdout, "::warning ") || !strings.Contains(stdout, "title=adapter-missing::") {
		t.Errorf("warning line %q", stdout)
	}
}
