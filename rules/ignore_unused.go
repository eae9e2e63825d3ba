package rules

import "github.com/topolint/topo/finding"

// IgnoreUnused is reported by the suppression pass (package lint) for a
// `# topo-ignore:` comment that matched no finding: stale suppressions hide
// future problems. It is an addition to the specification's rule table.
var IgnoreUnused = &Rule{
	ID:       "ignore-unused",
	Severity: finding.Warning,
	Summary:  "a topo-ignore comment that matches no finding",
}
