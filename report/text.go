package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/topolint/topo/internal/termsafe"

	"github.com/hashicorp/hcl/v2"

	"github.com/topolint/topo/finding"
)

// writeText prints findings for people, in the shape of tflint's default
// format:
//
//	Error: <message> (<rule>)
//
//	  on topology.hcl line 27:
//	  27:   balance = "ip_hash"
//	  (related: <message> at topology.hcl:12,3)
//
//	Reference: <docs URL>
//
// followed by "1 error, 0 warnings, 0 notices." or "No findings.". Decode
// diagnostics are left to WriteDiagnostics.
func writeText(w io.Writer, in Input) error {
	ew := &errWriter{w: w}
	idx := lineIndex{files: in.Files, starts: map[string][]int{}}
	for _, f := range in.Findings {
		writeTextFinding(ew, &idx, f)
	}
	if len(in.Findings) == 0 {
		ew.printf("No findings.\n")
		return ew.err
	}
	e, wn, n := finding.Count(in.Findings)
	ew.printf("%s, %s, %s.\n", plural(e, "error"), plural(wn, "warning"), plural(n, "notice"))
	return ew.err
}

func writeTextFinding(ew *errWriter, idx *lineIndex, f finding.Finding) {
	ew.printf("%s: %s (%s)\n\n", capitalized(f.Severity), termsafe.Text(f.Message), f.Rule)
	if f.Range.Filename != "" {
		ew.printf("  on %s line %d:\n", termsafe.Line(f.Range.Filename), f.Range.Start.Line)
		lines := idx.snippet(f.Range)
		width := 0
		if len(lines) > 0 {
			width = len(strconv.Itoa(lines[len(lines)-1].number))
		}
		for _, l := range lines {
			ew.printf("  %*d: %s\n", width, l.number, termsafe.Line(l.text))
		}
	}
	for _, r := range f.Related {
		if r.Message == "" {
			ew.printf("  (related: %s)\n", position(r.Range))
		} else {
			ew.printf("  (related: %s at %s)\n", termsafe.Line(r.Message), position(r.Range))
		}
	}
	ew.printf("\n")
	if f.DocsURL != "" {
		ew.printf("Reference: %s\n\n", f.DocsURL)
	}
}

// position prints a range's start as file:line,column, as HCL does.
func position(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d", termsafe.Line(r.Filename), r.Start.Line, r.Start.Column)
}

// capitalized is the severity as a text-format heading: Error, Warning, Notice.
func capitalized(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "Error"
	case finding.Warning:
		return "Warning"
	case finding.Notice:
		return "Notice"
	}
	return s.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// sourceLine is one numbered line of a snippet.
type sourceLine struct {
	number int
	text   string
}

// lineIndex finds source lines by number: each file is scanned once for
// the starts of its lines, so that printing n findings costs n look-ups, not
// n scans of the file.
type lineIndex struct {
	files  map[string]*hcl.File
	starts map[string][]int // byte offset where each line starts
}

// lines returns the file's bytes and the offsets of its line starts.
func (x *lineIndex) lines(name string) ([]byte, []int) {
	file := x.files[name]
	if file == nil || len(file.Bytes) == 0 {
		return nil, nil
	}
	if st, ok := x.starts[name]; ok {
		return file.Bytes, st
	}
	st := []int{0}
	for i, c := range file.Bytes {
		if c == '\n' && i+1 < len(file.Bytes) {
			st = append(st, i+1)
		}
	}
	x.starts[name] = st
	return file.Bytes, st
}

// snippet returns the source lines that rng covers, or nil when the file is
// not known. A range that ends at column 1 of a later line does not cover that
// line. Line ends ("\n" or "\r\n") are not part of a line's text.
func (x *lineIndex) snippet(rng hcl.Range) []sourceLine {
	src, starts := x.lines(rng.Filename)
	if src == nil {
		return nil
	}
	last := rng.End.Line
	if last > rng.Start.Line && rng.End.Column <= 1 {
		last--
	}
	if last < rng.Start.Line {
		last = rng.Start.Line
	}
	var out []sourceLine
	for n := max(rng.Start.Line, 1); n <= last && n <= len(starts); n++ {
		end := len(src)
		if n < len(starts) {
			end = starts[n]
		}
		text := src[starts[n-1]:end]
		text = bytes.TrimSuffix(text, []byte("\n"))
		text = bytes.TrimSuffix(text, []byte("\r"))
		out = append(out, sourceLine{number: n, text: string(text)})
	}
	return out
}
