package graph

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Every picture topo graph writes carries a stamp, so that `topo graph
// --out FILE` replaces only a file it wrote itself: DOT starts with a
// "// topo graph:" comment, Mermaid has a "%% topo graph:" comment after its
// front matter, SVG gets a "<!-- topo graph -->" comment after its prologue,
// and PNG a tEXt chunk "Software" = "topo graph".
const (
	dotStamp     = "// topo graph:"
	mermaidStamp = "%% topo graph:"
	svgStamp     = "<!-- topo graph -->"
	pngKeyword   = "Software"
	pngText      = "topo graph"
)

// stampWindow is how far into a file Stamped looks.
const stampWindow = 8 << 10

// Stamped reports whether data, or its first bytes, carries topo graph's
// stamp.
func Stamped(data []byte) bool {
	if len(data) > stampWindow {
		data = data[:stampWindow]
	}
	return bytes.HasPrefix(data, []byte(dotStamp)) ||
		bytes.Contains(data, []byte("\n"+mermaidStamp)) ||
		bytes.Contains(data, []byte(svgStamp)) ||
		bytes.Contains(data, pngChunkData())
}

// Stamp adds the stamp to a picture Render made (svg or png); other data is
// returned as it is.
func Stamp(data []byte, format string) []byte {
	switch format {
	case "svg":
		// After the XML declaration and doctype, if any: a comment may
		// not come before the declaration.
		at := 0
		for _, end := range []string{"?>", "]>", "dtd\">"} {
			if i := bytes.Index(data, []byte(end)); i >= 0 && i+len(end) > at && i < 1024 {
				at = i + len(end)
			}
		}
		out := append([]byte{}, data[:at]...)
		out = append(out, []byte("\n"+svgStamp)...)
		return append(out, data[at:]...)
	case "png":
		// After the signature (8 bytes) and the IHDR chunk (25 bytes).
		const ihdrEnd = 8 + 25
		if len(data) < ihdrEnd || !bytes.Equal(data[12:16], []byte("IHDR")) {
			return data
		}
		body := append([]byte("tEXt"), pngChunkData()...)
		chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
		chunk = append(chunk, body...)
		chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
		out := append([]byte{}, data[:ihdrEnd]...)
		out = append(out, chunk...)
		return append(out, data[ihdrEnd:]...)
	}
	return data
}

func pngChunkData() []byte { return []byte(pngKeyword + "\x00" + pngText) }
