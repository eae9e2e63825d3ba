package termsafe

import "testing"

func TestEscapes(t *testing.T) {
	for _, c := range []struct{ in, line, text string }{
		{"plain.hcl", "plain.hcl", "plain.hcl"},
		{"a\x1b[31mred\x1b[0m.hcl", `a\x1b[31mred\x1b[0m.hcl`, `a\x1b[31mred\x1b[0m.hcl`},
		{"two\nlines\ttab", `two\x0alines\x09tab`, "two\nlines\ttab"},
		{"bell\a cr\r c1\u009b", `bell\x07 cr\x0d c1\x9b`, `bell\x07 cr\x0d c1\x9b`},
		{"bad\xffutf8 ünïcode", `bad\xffutf8 ünïcode`, `bad\xffutf8 ünïcode`},
	} {
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.text)
		}
	}
}

func TestSourceKeepsOffsets(t *testing.T) {
	in := []byte("a = \"\x1b[2J\" # \u009b\r\nb = 1\r\n\tc\xff\n")
	got := Source(in)
	if len(got) != len(in) {
		t.Fatalf("length %d, want %d", len(got), len(in))
	}
	want := "a = \"?[2J\" # ??\r\nb = 1\r\n\tc?\n"
	if string(got) != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
}
