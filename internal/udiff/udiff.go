// Package udiff writes the unified diff of two texts, line by line, with
// three lines of context, as `diff -u` does; `topo fmt -diff` shows its
// changes with it. Lines are matched by a longest common subsequence; for
// inputs too large for that (more than maxCells line pairs) the diff
// replaces the whole text, which is still a correct patch.
package udiff

import (
	"bytes"
	"fmt"
	"strings"
)

// context is the number of unchanged lines shown around a change.
const context = 3

// maxCells bounds the work of the line matching (lines of a × lines of b).
const maxCells = 16 << 20

type op struct {
	kind byte // ' ', '-', '+'
	line string
}

// Unified returns the unified diff turning a into b, headed by "--- old"
// and "+++ new", or nil when they are equal.
func Unified(oldName, newName string, a, b []byte) []byte {
	if bytes.Equal(a, b) {
		return nil
	}
	al, bl := lines(a), lines(b)
	ops := script(al, bl)
	var out bytes.Buffer
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	// Group the script into hunks: changes with up to 2×context unchanged
	// lines between them share a hunk.
	i := 0
	aLine, bLine := 1, 1
	for i < len(ops) {
		// Find the next change.
		j := i
		for j < len(ops) && ops[j].kind == ' ' {
			j++
		}
		if j == len(ops) {
			break
		}
		start := max(i, j-context)
		// Count the lines before start to know the hunk's first numbers.
		for k := i; k < start; k++ {
			aLine++
			bLine++
		}
		end := j
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		na, nb := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", rangeOf(aLine, na), rangeOf(bLine, nb))
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.line)
			if !strings.HasSuffix(o.line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		aLine += na
		bLine += nb
		i = end
	}
	return out.Bytes()
}

// rangeOf formats a hunk range as diff -u does: "l,n", "l" for one line,
// and "l-1,0" for none.
func rangeOf(l, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", l-1)
	case 1:
		return fmt.Sprintf("%d", l)
	}
	return fmt.Sprintf("%d,%d", l, n)
}

// lines splits s after each newline; the last line may lack one.
func lines(s []byte) []string {
	var out []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, string(s))
			break
		}
		out = append(out, string(s[:i+1]))
		s = s[i+1:]
	}
	return out
}

// script returns the edit script from a to b: the common prefix and
// suffix, and in between a longest common subsequence of lines.
func script(a, b []string) []op {
	var ops []op
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		ops = append(ops, op{' ', a[p]})
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	ma, mb := a[p:len(a)-s], b[p:len(b)-s]
	if len(ma)*len(mb) > maxCells {
		for _, l := range ma {
			ops = append(ops, op{'-', l})
		}
		for _, l := range mb {
			ops = append(ops, op{'+', l})
		}
	} else {
		ops = append(ops, lcs(ma, mb)...)
	}
	for k := len(a) - s; k < len(a); k++ {
		ops = append(ops, op{' ', a[k]})
	}
	return ops
}

// lcs is the edit script of a and b from the table of longest common
// subsequences of their suffixes; deletions come before insertions.
func lcs(a, b []string) []op {
	n, m := len(a), len(b)
	t := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return t[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if a[i] == b[j] {
				v = at(i+1, j+1) + 1
			}
			t[i*(m+1)+j] = v
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i++
			j++
		case at(i+1, j) >= at(i, j+1):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, op{'-', a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, op{'+', b[j]})
	}
	return ops
}
