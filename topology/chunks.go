package topology

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Large files are parsed in pieces. HCL lexes a whole file into one slice
// of tokens before it parses: on a file of 100,000 client blocks the slice
// grows to hundreds of megabytes, and copying it as it grows took a third
// of the lint time. A file of ChunkFrom bytes or more is cut at top-level
// line ends into pieces of about ChunkSize bytes; each piece is parsed with
// its own position in the file, so every range is the same as from one
// parse, and the pieces are parsed on all CPUs. When a piece does not parse
// cleanly, the whole file is parsed instead, so that diagnostics are
// exactly those of one parse.
var (
	ChunkFrom = 1 << 20
	ChunkSize = 64 << 10
)

// topLevelBreaks returns the offsets just after line ends where the lexer
// is at the top level of b (no open block, bracket, string, heredoc or
// comment), at most one per size bytes, or nil when b has a construct the
// scan does not follow exactly (then b is parsed whole). It follows the
// lexer's modes as depthBound does.
func topLevelBreaks(b []byte, size int) []int {
	type mode struct {
		kind   byte // 'n' normal, 'q' quoted, 'h' heredoc
		interp bool
		braces int
		marker []byte
	}
	stack := []mode{{kind: 'n'}}
	depth := 0
	var out []int
	last := 0
	atLineStart := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 0x80 {
			return nil // multibyte text: parse whole
		}
		top := &stack[len(stack)-1]
		switch top.kind {
		case 'q':
			switch {
			case c == '\n':
				return nil // a quoted string does not span lines: an error, parse whole
			case c == '\\':
				i++
			case c == '"':
				stack = stack[:len(stack)-1]
				depth--
			case (c == '$' || c == '%') && i+2 < len(b) && b[i+1] == c && b[i+2] == '{':
				i += 2
			case (c == '$' || c == '%') && i+1 < len(b) && b[i+1] == '{':
				i++
				stack = append(stack, mode{kind: 'n', interp: true})
				depth++
			}
		case 'h':
			if atLineStart {
				j := i
				for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
					j++
				}
				m := top.marker
				if j+len(m) <= len(b) && bytes.Equal(b[j:j+len(m)], m) {
					k := j + len(m)
					if k < len(b) && (b[k] == '\n' || (b[k] == '\r' && k+1 < len(b) && b[k+1] == '\n')) {
						stack = stack[:len(stack)-1]
						depth--
						i = k - 1
						atLineStart = false
						continue
					}
				}
			}
			atLineStart = false
			switch {
			case c == '\n':
				atLineStart = true
			case (c == '$' || c == '%') && i+2 < len(b) && b[i+1] == c && b[i+2] == '{':
				i += 2
			case (c == '$' || c == '%') && i+1 < len(b) && b[i+1] == '{':
				i++
				stack = append(stack, mode{kind: 'n', interp: true})
				depth++
			}
		default:
			switch c {
			case '\n':
				if depth == 0 && len(stack) == 1 && i+1-last >= size && i+1 < len(b) {
					out = append(out, i+1)
					last = i + 1
				}
			case '#':
				for i+1 < len(b) && b[i+1] != '\n' {
					i++
				}
			case '/':
				if i+1 < len(b) && b[i+1] == '/' {
					for i+1 < len(b) && b[i+1] != '\n' {
						i++
					}
				} else if i+1 < len(b) && b[i+1] == '*' {
					end := bytes.Index(b[i+2:], []byte("*/"))
					if end < 0 {
						return nil
					}
					i += 2 + end + 1
				}
			case '{':
				top.braces++
				depth++
			case '}':
				switch {
				case top.interp && top.braces == 0:
					stack = stack[:len(stack)-1]
				case top.braces > 0:
					top.braces--
				default:
					return nil // unbalanced: an error, parse whole
				}
				depth--
			case '[', '(':
				depth++
			case ']', ')':
				if depth == 0 {
					return nil
				}
				depth--
			case '"':
				stack = append(stack, mode{kind: 'q'})
				depth++
			case '<':
				if i+1 >= len(b) || b[i+1] != '<' {
					break
				}
				j := i + 2
				if j < len(b) && b[j] == '-' {
					j++
				}
				k := j
				for k < len(b) && (b[k] == '_' || b[k] == '-' || (b[k] >= 'a' && b[k] <= 'z') || (b[k] >= 'A' && b[k] <= 'Z') || (k > j && b[k] >= '0' && b[k] <= '9')) {
					k++
				}
				if k < len(b) && b[k] == '\r' {
					return nil // CRLF heredocs: parse whole
				}
				if k > j && b[j] != '-' && !(b[j] >= '0' && b[j] <= '9') && k < len(b) && b[k] == '\n' {
					stack = append(stack, mode{kind: 'h', marker: b[j:k]})
					depth++
					i = k
					atLineStart = true
				}
			}
		}
	}
	if depth != 0 || len(stack) != 1 {
		return nil
	}
	return out
}

// parseChunks parses src in pieces cut at top-level line ends and returns
// the top-level blocks of all pieces in file order, or false when src
// cannot be cut or a piece does not parse without errors.
func parseChunks(src Source) (hcl.Blocks, hcl.Diagnostics, bool) {
	breaks := topLevelBreaks(src.Bytes, ChunkSize)
	if len(breaks) == 0 {
		return nil, nil, false
	}
	starts := append([]int{0}, breaks...)
	type piece struct {
		blocks hcl.Blocks
		diags  hcl.Diagnostics
	}
	pieces := make([]piece, len(starts))
	// The line of each piece's first byte.
	lines := make([]int, len(starts))
	line, at := 1, 0
	for k, s := range starts {
		line += bytes.Count(src.Bytes[at:s], []byte("\n"))
		lines[k], at = line, s
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				end := len(src.Bytes)
				if k+1 < len(starts) {
					end = starts[k+1]
				}
				pos := hcl.Pos{Line: lines[k], Column: 1, Byte: starts[k]}
				f, diags := hclsyntax.ParseConfig(src.Bytes[starts[k]:end], src.Name, pos)
				if f == nil || diags.HasErrors() {
					pieces[k] = piece{diags: diags}
					continue
				}
				content, cdiags := f.Body.Content(rootSchema)
				pieces[k] = piece{blocks: content.Blocks, diags: append(diags, cdiags...)}
			}
		}()
	}
	for k := range starts {
		next <- k
	}
	close(next)
	wg.Wait()
	var blocks hcl.Blocks
	var diags hcl.Diagnostics
	for _, p := range pieces {
		if p.diags.HasErrors() {
			return nil, nil, false
		}
		blocks = append(blocks, p.blocks...)
		diags = append(diags, p.diags...)
	}
	return blocks, diags, true
}
