package report

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/topolint/topo/finding"
)

// manyFindings is a source of n lines with one finding on each.
func manyFindings(b *testing.B, n int) Input {
	var src strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&src, "a%d = %d\n", i, i)
	}
	f, diags := hclparse.NewParser().ParseHCL([]byte(src.String()), "big.hcl")
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	in := Input{Files: map[string]*hcl.File{"big.hcl": f}, ToolName: "topo", ToolVersion: "bench"}
	for i := 0; i < n; i++ {
		in.Findings = append(in.Findings, finding.Finding{
			Rule: "single-point-of-failure", Severity: finding.Notice, Tier: "t", Summary: "s", Message: "a finding",
			Range: hcl.Range{Filename: "big.hcl", Start: hcl.Pos{Line: i + 1, Column: 1}, End: hcl.Pos{Line: i + 1, Column: 3}},
		})
	}
	return in
}

// BenchmarkFormats compares the text format, which prints a snippet of the
// source for every finding, with json at 400 and 4,000 findings: the text
// format reads each file once (a line index), not once per finding.
func BenchmarkFormats(b *testing.B) {
	for _, n := range []int{400, 4000} {
		in := manyFindings(b, n)
		for _, format := range []string{"text", "json"} {
			b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if err := Write(format, io.Discard, in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
