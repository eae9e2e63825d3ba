package topology

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// lexDepth is the deepest nesting tooDeep would measure.
func lexDepth(src []byte) int {
	tokens, _ := hclsyntax.LexConfig(src, "x.hcl", hcl.InitialPos)
	depth, deepest := 0, 0
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
			deepest = max(deepest, depth)
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			if depth > 0 {
				depth--
			}
		}
	}
	return deepest
}

// FuzzDepthBound checks that depthBound never underestimates what the
// lexer nests, so that skipping the lexer below MaxNesting is sound.
//
//	go test ./topology -run='^$' -fuzz=FuzzDepthBound -fuzztime=1m
func FuzzDepthBound(f *testing.F) {
	for _, s := range []string{
		`a = "x"`,
		`a = "${"${"${b}"}"}"`,
		`a = "%{ if x }y%{ endif }"`,
		"a = <<EOT\n${x}\nEOT\n",
		`a = "unterminated`,
		`a = "\"" b = "\\"`,
		`a = [[[({})]]]`,
		`# "comment" {[(`,
		"a = <<EOT\n}}${x}\n  EOT\n",
		"a = <<-EOT\r\n}\r\nEOT\r\n",
		"a = <<EOT x\n}\nEOT\n",
		"a = \"${ {a = 1} }\" b = \"%{ if x }}%{ endif }\"",
		"a = \"a$${b}\" c = \"%%{d}\"",
		"/* } */ # }\n// }\n{",
		"/* unterminated {{{",
		"a = <<EOT\n${ <<INNER\n}\nINNER\n}\nEOT\n",
		"a = \"x\n}\"",
		strings.Repeat("[", 150),
		strings.Repeat(`"${`, 60),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if d, b := lexDepth(src), depthBound(src); d > b {
			t.Fatalf("lexer depth %d above the bound %d for %q", d, b, src)
		}
	})
}

// TestDeepStillCaught: a file past the bound still gets its diagnostic.
func TestDeepStillCaught(t *testing.T) {
	src := Source{Name: "deep.hcl", Bytes: []byte("a = " + strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1))}
	if tooDeep(src) == nil {
		t.Fatal("101 nested brackets not reported")
	}
	if tooDeep(Source{Name: "ok.hcl", Bytes: []byte(`a = [[["x"]]]`)}) != nil {
		t.Fatal("a shallow file reported")
	}
}
