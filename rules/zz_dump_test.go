package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDumpCases(t *testing.T) {
	dir := os.Getenv("TOPO_DUMP")
	if dir == "" {
		t.Skip()
	}
	all := append(append([]ruleCase{}, positiveCases...), negativeCases...)
	for i, c := range all {
		name := strings.NewReplacer("/", "__", " ", "_").Replace(c.name)
		if len(name) > 120 {
			name = name[:120]
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%03d-%s.hcl", i, name)), []byte(src(c.hcl)), 0o644)
	}
}
