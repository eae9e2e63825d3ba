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
// of the lint time. A file of ChunkFrom bytes (128 KB) or more is cut at top-level
// line ends into pieces of about ChunkSize bytes (4 KB: a piece's slice of
// tokens stays small, so growing it copies little; larger pieces cost more
// memory for no speed, measured in docs/performance.md); each piece is parsed with
// its own position in the file, so every range is the same as from one
// parse, and the pieces are parsed on all CPUs. When a piece does not parse
// cleanly, the whole file is parsed instead, so that diagnostics are
// exactly those of one parse.
var (
	ChunkFrom = 128 << 10
	ChunkSize = 4 << 10
)

// topLevelBreaks returns the offsets just after line ends where the lexer
// is at the top level of b (no open block, bracket, string, heredoc or
// comment), at most one per size bytes, or nil when the scan cannot follow
// b exactly or b ends inside something (then b is parsed whole).
func topLevelBreaks(b []byte, size int) []int {
	var out []int
	last := 0
	_, stop := walkModes(b, func(i int) {
		if i+1-last >= size && i+1 < len(b) {
			out = append(out, i+1)
			last = i + 1
		}
	}, nil)
	if stop >= 0 {
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
