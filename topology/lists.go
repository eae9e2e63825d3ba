package topology

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Long lists of plain strings are read without HCL's lexer. HCL lexes a
// file into one slice of tokens, five per element of a list such as
// nodes = ["10.0.2.1:3000", …] (the quotes, the text, the comma, the line
// end), and a list is one expression that cannot be cut into pieces as
// files are (chunks.go): a tier of 10,000 nodes was 200,000 tokens and half
// of its lint time. A list of at least ListFrom elements that are all plain strings (printable ASCII
// without quotes, backslashes, "$" or "%", not empty), separated by commas
// and blanks, with no comment, is read by a scan here: HCL parses a copy of
// the file in which the list's contents are blanked (line ends kept, so
// every position after it is the same), and the scan's elements, with the
// ranges HCL gives them, are put into the empty list HCL built. Anything
// else is left to HCL.
var ListFrom = 256

// plainList is a list the scan read: where its "[" is, and its elements.
type plainList struct {
	open, close int
	exprs       []hclsyntax.Expression
}

// plainLists finds the lists of b that the scan reads, with their elements'
// ranges in file name; nil when there are none or the lexer's modes cannot
// be followed exactly.
func plainLists(b []byte, name string) []plainList {
	var out []plainList
	at, line := 0, 1 // the line of b[at]; lists come in file order
	_, stop := walkModes(b, nil, func(open int) int {
		line += bytes.Count(b[at:open], []byte("\n"))
		at = open
		l, end := scanPlainList(b, open, line, name)
		if l == nil {
			return open
		}
		out = append(out, *l)
		return end
	})
	if stop >= 0 {
		return nil
	}
	return out
}

// scanPlainList reads the list whose "[" is at b[open], on line openLine,
// or returns nil. end is the index of its "]".
func scanPlainList(b []byte, open, openLine int, name string) (*plainList, int) {
	// The position of b[open]: its line and the start of that line, whose
	// bytes before the list must be ASCII for columns to be byte counts (HCL
	// counts columns in grapheme clusters).
	lineStart := open
	for lineStart > 0 && b[lineStart-1] != '\n' {
		lineStart--
	}
	for _, c := range b[lineStart:open] {
		if c >= 0x80 {
			return nil, 0
		}
	}
	type span struct{ line, col, start, end int }
	var elems []span
	line, col := 0, open-lineStart+2 // of b[open+1]; line relative to the "[" line
	i := open + 1
	needComma := false
	for i < len(b) {
		c := b[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			col++
		case c == '\n':
			i++
			line++
			col = 1
		case c == '\r' && i+1 < len(b) && b[i+1] == '\n':
			i += 2
			line++
			col = 1
		case c == ',' && needComma:
			i++
			col++
			needComma = false
		case c == ']':
			if len(elems) < ListFrom {
				return nil, 0
			}
			l := &plainList{open: open, close: i, exprs: make([]hclsyntax.Expression, len(elems))}
			for k, e := range elems {
				ln := openLine + e.line
				qs := hcl.Pos{Line: ln, Column: e.col, Byte: e.start - 1}
				ts := hcl.Pos{Line: ln, Column: e.col + 1, Byte: e.start}
				te := hcl.Pos{Line: ln, Column: e.col + 1 + e.end - e.start, Byte: e.end}
				qe := hcl.Pos{Line: ln, Column: e.col + 2 + e.end - e.start, Byte: e.end + 1}
				l.exprs[k] = &hclsyntax.TemplateExpr{
					Parts: []hclsyntax.Expression{&hclsyntax.LiteralValueExpr{
						Val:      cty.StringVal(string(b[e.start:e.end])),
						SrcRange: hcl.Range{Filename: name, Start: ts, End: te},
					}},
					SrcRange: hcl.Range{Filename: name, Start: qs, End: qe},
				}
			}
			return l, i
		case c == '"' && !needComma:
			j := i + 1
			for j < len(b) && b[j] >= 0x20 && b[j] < 0x7f && b[j] != '"' && b[j] != '\\' && b[j] != '$' && b[j] != '%' {
				j++
			}
			if j == i+1 || j >= len(b) || b[j] != '"' {
				return nil, 0
			}
			elems = append(elems, span{line: line, col: col, start: i + 1, end: j})
			col += j + 1 - i
			i = j + 1
			needComma = true
		default:
			return nil, 0
		}
	}
	return nil, 0
}

// blankLists returns a copy of b in which the contents of lists are blanks,
// their line ends kept.
func blankLists(b []byte, lists []plainList) []byte {
	out := append([]byte(nil), b...)
	for _, l := range lists {
		for k := l.open + 1; k < l.close; k++ {
			if out[k] != '\n' && out[k] != '\r' {
				out[k] = ' '
			}
		}
	}
	return out
}

// fillLists puts the scanned elements into the empty lists HCL parsed from
// the blanked copy, found by the position of their "[".
func fillLists(blocks hcl.Blocks, lists []plainList) bool {
	byOpen := make(map[int][]hclsyntax.Expression, len(lists))
	for _, l := range lists {
		byOpen[l.open] = l.exprs
	}
	filled := 0
	for _, blk := range blocks {
		body, ok := blk.Body.(*hclsyntax.Body)
		if !ok {
			return false
		}
		_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
			if t, ok := n.(*hclsyntax.TupleConsExpr); ok && len(t.Exprs) == 0 {
				if exprs, ok := byOpen[t.OpenRange.Start.Byte]; ok {
					t.Exprs = exprs
					filled++
				}
			}
			return nil
		})
	}
	return filled == len(lists)
}

// parseLarge parses a file with long plain lists, or of ChunkFrom bytes or
// more: its lists read by the scan, and in pieces where it can be cut. It
// returns false when it cannot do so without errors, or when there is
// nothing to gain; the file is then parsed whole, as written.
func parseLarge(s Source) (hcl.Blocks, hcl.Diagnostics, bool) {
	lists := plainLists(s.Bytes, s.Name)
	cut := len(s.Bytes) >= ChunkFrom
	if len(lists) == 0 && !cut {
		return nil, nil, false
	}
	src := s
	if len(lists) > 0 {
		src.Bytes = blankLists(s.Bytes, lists)
	}
	var blocks hcl.Blocks
	var diags hcl.Diagnostics
	ok := false
	if cut {
		blocks, diags, ok = parseChunks(src)
	}
	if !ok && len(lists) > 0 {
		// One piece: the whole blanked file.
		f, fdiags := hclsyntax.ParseConfig(src.Bytes, src.Name, hcl.InitialPos)
		if f == nil || fdiags.HasErrors() {
			return nil, nil, false
		}
		content, cdiags := f.Body.Content(rootSchema)
		blocks, diags, ok = content.Blocks, append(fdiags, cdiags...), true
	}
	if !ok || (len(lists) > 0 && !fillLists(blocks, lists)) {
		return nil, nil, false
	}
	return blocks, diags, true
}
