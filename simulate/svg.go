package simulate

import (
	"bytes"
	"fmt"
	"html"
)

// SVG draws the load of every tier's nodes as bars: the share of sessions
// each node holds, and, with a what-if run, the share after it beside it.
// The drawing depends only on r, byte for byte.
func SVG(r *Result) []byte {
	const (
		left, barW, gap, rowH, width = 180, 300, 40, 18, 760
	)
	type row struct {
		label         string
		before, after float64
		hasAfter      bool
		header        bool
	}
	var rows []row
	afterOf := map[string]map[string]float64{}
	if r.Failed != nil {
		for _, t := range r.Failed.Tiers {
			afterOf[t.Tier] = map[string]float64{}
			for _, n := range t.Nodes {
				afterOf[t.Tier][n.Node] = n.Share
			}
		}
	}
	for _, t := range r.Tiers {
		rows = append(rows, row{label: "tier " + t.Tier, header: true})
		for _, n := range t.Nodes {
			a, ok := afterOf[t.Tier][n.Node]
			rows = append(rows, row{label: n.Node, before: n.Share, after: a, hasAfter: ok})
		}
	}
	height := 60 + rowH*len(rows)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	title := fmt.Sprintf("topo simulate: %d sessions (seed %d), share of sessions per node", r.Clients, r.Seed)
	fmt.Fprintf(&b, `<text x="10" y="20" font-weight="bold">%s</text>`+"\n", html.EscapeString(title))
	fmt.Fprintf(&b, `<rect x="%d" y="30" width="10" height="10" fill="#1565c0"/><text x="%d" y="39">before</text>`+"\n", left, left+14)
	if r.Failed != nil {
		down := "after " + fmt.Sprint(len(r.Failed.Down)) + " node(s) down"
		fmt.Fprintf(&b, `<rect x="%d" y="30" width="10" height="10" fill="#c62828"/><text x="%d" y="39">%s</text>`+"\n", left+70, left+84, html.EscapeString(down))
	}
	y := 50
	for _, rw := range rows {
		if rw.header {
			fmt.Fprintf(&b, `<text x="10" y="%d" font-weight="bold">%s</text>`+"\n", y+13, html.EscapeString(rw.label))
			y += rowH
			continue
		}
		fmt.Fprintf(&b, `<text x="20" y="%d">%s</text>`+"\n", y+13, html.EscapeString(rw.label))
		w := int(rw.before*barW + 0.5)
		h := rowH - 4
		if rw.hasAfter {
			h = (rowH - 4) / 2
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#1565c0"/>`+"\n", left, y+2, w, h)
		label := fmt.Sprintf("%.1f%%", 100*rw.before)
		if rw.hasAfter {
			wa := int(rw.after*barW + 0.5)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#c62828"/>`+"\n", left, y+2+h, wa, h)
			label += fmt.Sprintf(" → %.1f%%", 100*rw.after)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", left+barW+gap/4, y+13, html.EscapeString(label))
		y += rowH
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}
