// Package examples holds the bundled example topologies, embedded for the
// browser playground (and anything else that shows them without a file
// system).
package examples

import "embed"

// Files holds every bundled example, *.hcl.
//
//go:embed *.hcl
var Files embed.FS
