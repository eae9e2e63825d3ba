// Package hclfmt formats topology files the way `terraform fmt` formats
// Terraform: hclwrite's canonical layout (indentation, aligned "=" in a
// group of attributes, spacing), after checking that the file parses, so
// that a file with a syntax error is reported instead of rewritten.
package hclfmt

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Source formats src, named name in diagnostics. It returns the formatted
// bytes, whether they differ from src, and the parse's diagnostics; with
// error diagnostics the output is nil and nothing should be written.
func Source(name string, src []byte) (out []byte, changed bool, file *hcl.File, diags hcl.Diagnostics) {
	file, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, false, file, diags
	}
	out = hclwrite.Format(src)
	return out, !bytes.Equal(out, src), file, diags
}
