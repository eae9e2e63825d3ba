// Package topology reads the topo topology language (HCL) into a typed model.
//
// Load is the entry point: it parses one file or every *.hcl file of a
// directory, decodes each block against an explicit schema, applies the
// product defaults of the language specification, validates every value that
// can reach a rendered configuration, resolves tier references and checks the
// shape of the chain (no cycles, every path ends on a socketio tier).
//
// Every model node keeps the source ranges it was decoded from, so that
// diagnostics and lint findings can point at the exact attribute. Errors in the
// input are returned as hcl.Diagnostics, never as panics.
//
// The package does not analyse the chain; that is package rules.
package topology
