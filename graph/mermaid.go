package graph

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topolint/topo/finding"
)

// Mermaid returns the graph as a Mermaid flowchart (flowchart LR) that
// renders in GitHub markdown inside a ```mermaid block. Node IDs are
// generated (c0, t0, ...), never user text; every label is a quoted string
// in which quotes become #quot; and any character outside a small safe set
// becomes a numeric entity code, so that no name or description can break
// the diagram. It ends with a newline.
func (g *Graph) Mermaid() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntitle: %s\nconfig:\n  flowchart:\n    wrappingWidth: 400\n---\n", yamlString(strings.Join(g.Title, " - ")))
	b.WriteString(mermaidStamp + " paste into a Mermaid renderer, or render with topo graph --out FILE.svg\n")
	b.WriteString("flowchart LR\n")

	ids := map[string]string{}
	nc, nt := 0, 0
	for _, n := range g.Nodes {
		var id string
		if n.Kind == ClientNode {
			id = fmt.Sprintf("c%d", nc)
			nc++
		} else {
			id = fmt.Sprintf("t%d", nt)
			nt++
		}
		ids[n.ID] = id
		label := mermaidLabel(n.Lines, true)
		switch n.Kind {
		case ClientNode:
			fmt.Fprintf(&b, "  %s(%s)\n", id, label)
		case AppNode:
			fmt.Fprintf(&b, "  %s[[%s]]\n", id, label)
		default:
			fmt.Fprintf(&b, "  %s[%s]\n", id, label)
		}
	}

	var styles []string
	for i, e := range g.Edges {
		arrow := "-->"
		if e.Style != Solid {
			arrow = "-.->"
		}
		if len(e.Lines) == 0 {
			fmt.Fprintf(&b, "  %s %s %s\n", ids[e.From], arrow, ids[e.To])
		} else {
			fmt.Fprintf(&b, "  %s %s|%s| %s\n", ids[e.From], arrow, mermaidLabel(e.Lines, false), ids[e.To])
		}
		switch Severity(e.Marks) {
		case finding.Error:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,stroke-width:3px,color:%s", i, errorColor, errorColor))
		case finding.Warning:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,stroke-width:3px,color:%s", i, warningColor, warningColor))
		default:
			if e.Style == Dotted {
				styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,color:%s", i, unusedColor, unusedColor))
			}
		}
	}

	fmt.Fprintf(&b, "  classDef client fill:%s,stroke:%s,color:#0d47a1\n", clientFill, clientColor)
	fmt.Fprintf(&b, "  classDef proxy fill:%s,stroke:%s,color:#263238\n", proxyFill, proxyColor)
	fmt.Fprintf(&b, "  classDef app fill:%s,stroke:%s,color:#1b5e20\n", appFill, appColor)
	fmt.Fprintf(&b, "  classDef error fill:%s,stroke:%s,stroke-width:3px,color:%s\n", errorFill, errorColor, errorColor)
	fmt.Fprintf(&b, "  classDef warning fill:%s,stroke:%s,stroke-width:3px,color:#3e2723\n", warningFill, warningColor)
	classes := map[string][]string{}
	order := []string{"client", "proxy", "app", "error", "warning"}
	for _, n := range g.Nodes {
		c := map[NodeKind]string{ClientNode: "client", ProxyNode: "proxy", AppNode: "app"}[n.Kind]
		switch Severity(n.Marks) {
		case finding.Error:
			c = "error"
		case finding.Warning:
			c = "warning"
		}
		classes[c] = append(classes[c], ids[n.ID])
	}
	for _, c := range order {
		if len(classes[c]) > 0 {
			fmt.Fprintf(&b, "  class %s %s\n", strings.Join(classes[c], ","), c)
		}
	}
	for _, s := range styles {
		b.WriteString(s + "\n")
	}
	return b.Bytes()
}

// mermaidLabel is a quoted Mermaid label whose lines are joined by <br/>,
// the first in bold when bold is set.
func mermaidLabel(lines []string, bold bool) string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = mermaidEscape(l)
	}
	if bold && len(esc) > 0 {
		esc[0] = "<b>" + esc[0] + "</b>"
	}
	return `"` + strings.Join(esc, "<br/>") + `"`
}

// mermaidEscape makes s safe inside a quoted Mermaid label: letters, digits,
// space and . , : / _ - + = * ( ) ' ! ? @ ~ are kept; a double quote becomes
// #quot; and every other character (# < > & | ; ` [ ] { } and anything
// outside ASCII) becomes its numeric entity code, such as #35; for '#'.
// Control characters, line breaks included, become spaces.
func mermaidEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" .,:/_-+=*()'!?@~", r):
			b.WriteRune(r)
		case r == '"':
			b.WriteString("#quot;")
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			fmt.Fprintf(&b, "#%d;", r)
		}
	}
	return b.String()
}

// yamlString is s as a YAML double-quoted scalar on one line, for the
// diagram's title in the front matter. Only letters, digits, space and
// . , : / _ - + = * ( ) ' ! ? @ ~ are written as they are; everything else is
// a \x or \u escape, so that the raw text holds nothing Mermaid scans for
// before it reads the YAML (such as a %%{init} directive).
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" .,:/_-+=*()'!?@~", r):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
