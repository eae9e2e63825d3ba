// Package rules holds topo's lint rules: each is one record (ID, default
// severity, summary) plus a pure Check over the analysis of package
// analysis, in a file of its own named after the rule, and registered in the
// explicit list All. helpers.go holds what more than one rule uses to word a
// finding.
//
// Each rule is tested by the annotated topologies of testdata/<rule-id>: a
// "# want" comment on each line that must carry a finding, exact by default
// (package lint/linttest). Adding a rule is adding its file, its testdata
// folder and its page docs/rules/<rule-id>.md.
package rules
