// Package docs embeds topo's documentation pages so that the binary can
// print them (`topo explain RULE`) and tests can check that every rule has one.
package docs

import "embed"

// Rules holds docs/rules/<rule-id>.md, one page per rule.
//
//go:embed rules/*.md
var Rules embed.FS

// RulePage returns the markdown page of rule id, or false.
func RulePage(id string) (string, bool) {
	b, err := Rules.ReadFile("rules/" + id + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}
