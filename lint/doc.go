// Package lint runs topo's lint pipeline on topology sources: decode
// (package topology), analyse and run the rules (package rules), then apply
// `# topo-ignore:` suppressions, and return findings sorted and
// de-duplicated together with the decode diagnostics.
package lint
