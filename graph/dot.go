package graph

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topolint/topo/finding"
)

// Colours of the drawing, shared by the DOT and Mermaid outputs.
const (
	errorColor   = "#c62828"
	errorFill    = "#fdecea"
	warningColor = "#b77900"
	warningFill  = "#fff4d6"
	clientColor  = "#1565c0"
	clientFill   = "#e3f2fd"
	proxyColor   = "#455a64"
	proxyFill    = "#ffffff"
	appColor     = "#2e7d32"
	appFill      = "#e8f5e9"
	edgeColor    = "#546e7a"
	unusedColor  = "#9e9e9e"
)

// DOT returns the graph in Graphviz DOT, left to right, clients on the first
// rank and socket.io tiers on the last. It ends with a newline.
func (g *Graph) DOT() []byte {
	var b bytes.Buffer
	b.WriteString(dotStamp + " render with `dot -Tsvg`.\n")
	b.WriteString("digraph topology {\n")
	fmt.Fprintf(&b, "  graph [rankdir=LR, label=%s, labelloc=t, labeljust=l, fontname=\"Helvetica\", fontsize=13, nodesep=0.5, ranksep=1.2, pad=0.3];\n", dotHTML(g.Title, true, "left"))
	fmt.Fprintf(&b, "  node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=11, color=%q, fillcolor=%q, margin=\"0.2,0.1\"];\n", proxyColor, proxyFill)
	fmt.Fprintf(&b, "  edge [fontname=\"Helvetica\", fontsize=9, color=%q, fontcolor=\"#37474f\", arrowsize=0.8];\n", edgeColor)
	b.WriteString("\n")

	for _, n := range g.Nodes {
		attrs := []string{"label=" + dotHTML(n.Lines, true, "")}
		color, fill := "", ""
		switch n.Kind {
		case ClientNode:
			attrs = append(attrs, `style="rounded,filled"`)
			color, fill = clientColor, clientFill
		case AppNode:
			attrs = append(attrs, "shape=box3d")
			color, fill = appColor, appFill
		}
		switch Severity(n.Marks) {
		case finding.Error:
			color, fill = errorColor, errorFill
			attrs = append(attrs, "fontcolor="+quoted(errorColor), "penwidth=2.5")
		case finding.Warning:
			color, fill = warningColor, warningFill
			attrs = append(attrs, "penwidth=2.5")
		}
		if color != "" {
			attrs = append(attrs, "color="+quoted(color), "fillcolor="+quoted(fill))
		}
		fmt.Fprintf(&b, "  %s [%s];\n", dotID(n.ID), strings.Join(attrs, ", "))
	}
	b.WriteString("\n")

	for _, e := range g.Edges {
		attrs := []string{"label=" + dotHTML(e.Lines, false, "")}
		color := ""
		switch e.Style {
		case Dashed:
			attrs = append(attrs, "style=dashed")
		case Dotted:
			attrs = append(attrs, "style=dotted")
			color = unusedColor
		}
		switch Severity(e.Marks) {
		case finding.Error:
			color = errorColor
			attrs = append(attrs, "penwidth=2.5")
		case finding.Warning:
			color = warningColor
			attrs = append(attrs, "penwidth=2.5")
		}
		if color != "" {
			attrs = append(attrs, "color="+quoted(color), "fontcolor="+quoted(color))
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", dotID(e.From), dotID(e.To), strings.Join(attrs, ", "))
	}

	var clients, apps []string
	for _, n := range g.Nodes {
		switch n.Kind {
		case ClientNode:
			clients = append(clients, dotID(n.ID))
		case AppNode:
			apps = append(apps, dotID(n.ID))
		}
	}
	if len(clients) > 0 {
		fmt.Fprintf(&b, "\n  { rank=source; %s; }\n", strings.Join(clients, "; "))
	}
	if len(apps) > 0 {
		fmt.Fprintf(&b, "  { rank=sink; %s; }\n", strings.Join(apps, "; "))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func quoted(s string) string { return `"` + dotEscape(s) + `"` }

// dotID quotes a node ID.
func dotID(id string) string { return quoted(id) }

// dotHTML is a DOT HTML-like label: the lines, each escaped, separated by
// line breaks, the first in bold when bold is set, aligned as align says
// ("" centres).
func dotHTML(lines []string, bold bool, align string) string {
	br := "<br/>"
	if align != "" {
		br = `<br align="` + align + `"/>`
	}
	if len(lines) == 0 {
		return `""`
	}
	var b strings.Builder
	b.WriteByte('<')
	for i, l := range lines {
		if i == 0 && bold {
			b.WriteString("<b>" + htmlEscape(l) + "</b>")
		} else {
			b.WriteString(htmlEscape(l))
		}
		if i < len(lines)-1 || align != "" {
			b.WriteString(br)
		}
	}
	b.WriteByte('>')
	return b.String()
}

// htmlEscape makes s plain text inside a DOT HTML-like label: & < > " and '
// become entities, and control characters, line breaks included, become
// spaces, so that user text cannot open a tag or end the label.
func htmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dotEscape makes s safe inside a double-quoted DOT string (node IDs and
// colours): quotes and backslashes are escaped, so that user text cannot end
// the string or form escapes such as \N, \G or \l, and control characters,
// line breaks included, become spaces.
func dotEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
