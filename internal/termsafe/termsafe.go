// Package termsafe keeps bytes a user controls (file names, source lines,
// values echoed in messages) from driving the terminal topo prints to: no
// escape sequence, carriage return or other control character passes.
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// control reports whether r must not reach a terminal: C0 controls, DEL and
// the C1 controls (U+0080 to U+009F), and invalid UTF-8.
func control(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError
}

// escape writes s with each control character as \xNN (\u00NN above 0xff),
// keeping the characters keep allows.
func escape(s string, keep func(rune) bool) string {
	if strings.IndexFunc(s, func(r rune) bool { return control(r) && !keep(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case control(r) && !keep(r):
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line escapes every control character of s, newlines and tabs included:
// for a file name or a value that must stay on one line.
func Line(s string) string { return escape(s, func(rune) bool { return false }) }

// Text escapes the control characters of s but keeps newlines and tabs:
// for a message of several lines.
func Text(s string) string { return escape(s, func(r rune) bool { return r == '\n' || r == '\t' }) }

// Source returns a copy of a source file's bytes in which every control
// character but newline, carriage return before a newline, and tab is
// replaced by as many "?" as it has bytes, so that byte offsets and columns
// of ranges into it stay right for highlighting snippets.
func Source(b []byte) []byte {
	out := make([]byte, len(b))
	copy(out, b)
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRune(out[i:])
		ok := r == '\n' || r == '\t' || (r == '\r' && i+1 < len(out) && out[i+1] == '\n')
		if control(r) && !ok || (r == utf8.RuneError && n == 1) {
			for j := i; j < i+n; j++ {
				out[j] = '?'
			}
		}
		i += n
	}
	return out
}

// Printable reports whether s has no control character (newlines and tabs
// included).
func Printable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return control(r) || !unicode.IsPrint(r) && r != ' ' }) < 0
}
