package docs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// factRow is a row of docs/facts.md: | ID | fact | source | used by |.
var factRow = regexp.MustCompile(`^\| ([A-Z]{1,2}[0-9]*) \| (.*) \| (.*) \| (.*) \|$`)

// citation finds "fact S1" and "facts N2, N10, H4" in code comments.
var citation = regexp.MustCompile(`\bfacts? ((?:[A-Z]{1,2}[0-9]*)(?:(?:, | and )[A-Z]{1,2}[0-9]*)*)`)

func facts(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("facts.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		m := factRow.FindStringSubmatch(line)
		if m == nil || m[1] == "ID" {
			continue
		}
		if ids[m[1]] {
			t.Errorf("facts.md: %s is listed twice", m[1])
		}
		ids[m[1]] = true
		if strings.TrimSpace(m[2]) == "" || strings.TrimSpace(m[3]) == "" {
			t.Errorf("facts.md: %s has no statement or no source", m[1])
		}
	}
	if len(ids) < 20 {
		t.Fatalf("facts.md lists %d facts; the table format is not what this test reads", len(ids))
	}
	return ids
}

// goFiles lists the repository's Go files, outside node_modules.
func goFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".go") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryCitedFactIsCatalogued: every fact that a comment cites is in
// docs/facts.md, with its source.
func TestEveryCitedFactIsCatalogued(t *testing.T) {
	ids := facts(t)
	cited := 0
	for _, p := range goFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range citation.FindAllStringSubmatch(string(data), -1) {
			for _, id := range regexp.MustCompile(`[A-Z]{1,2}[0-9]*`).FindAllString(m[1], -1) {
				cited++
				if !ids[id] {
					t.Errorf("%s cites fact %s, which docs/facts.md does not list", p, id)
				}
			}
		}
	}
	if cited < 30 {
		t.Errorf("only %d fact citations found in the code", cited)
	}
}

// TestNoPathOutsideTheRepository: no source, test or document names a file
// outside the repository, which a reader or CI does not have.
func TestNoPathOutsideTheRepository(t *testing.T) {
	outside := regexp.MustCompile(`/work/|\.\./shared/|\.\./\.\./\.\./`)
	var files []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		switch filepath.Ext(p) {
		case ".go", ".md", ".hcl", ".js", ".tmpl":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if outside.MatchString(line) && !strings.Contains(line, "outside.MatchString") && !strings.Contains(line, "regexp.MustCompile(`/work/") {
				t.Errorf("%s:%d names a path outside the repository: %s", p, i+1, strings.TrimSpace(line))
			}
		}
	}
}
