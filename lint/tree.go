package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// Topologies returns the topologies to lint under path, each a path that
// Path reads:
//
//   - a file: itself;
//   - a directory with *.hcl files: the directory (one topology of all its
//     files), or with each every one of its files (and of its
//     subdirectories) on its own;
//   - a directory without *.hcl files: every subdirectory below it that
//     has some, each one topology (a repository with one folder per
//     deployment).
//
// Hidden files and directories, and node_modules, are skipped.
func Topologies(path string, each bool) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	files, err := topology.HCLFiles(path, true)
	if err != nil {
		return nil, err
	}
	var dirs []string
	seen := map[string]bool{}
	for _, f := range files {
		if dir := filepath.Dir(f); !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	sort.Strings(files)
	sort.Strings(dirs)
	switch {
	case each && len(files) > 0:
		return files, nil
	case len(dirs) > 0 && dirs[0] == filepath.Clean(path):
		return []string{path}, nil
	case len(dirs) > 0:
		return dirs, nil
	}
	return nil, fmt.Errorf("%s: no *.hcl files in this directory or below it", path)
}

// Merge combines the results of several topologies into one report: their
// findings sorted together, their diagnostics and files side by side. The
// merged result decodes when every part does; its Topology and Analysis
// are nil.
func Merge(results []*Result) *Result {
	if len(results) == 1 {
		return results[0]
	}
	out := &Result{Files: map[string]*hcl.File{}}
	var all []finding.Finding
	for _, r := range results {
		all = append(all, r.Findings...)
		out.Diagnostics = append(out.Diagnostics, r.Diagnostics...)
		for name, f := range r.Files {
			out.Files[name] = f
		}
	}
	out.Findings = finding.Sort(all)
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	return out
}
