package finding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Fingerprint identifies f independently of where its line is: the rule,
// the tier, the client, the hops, and the text of the source line at the
// start of its range (spaces trimmed), read from files.
func Fingerprint(f Finding, files map[string]*hcl.File) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	field(f.Rule)
	field(f.Tier)
	field(f.Client)
	for _, hop := range f.Hops {
		field(hop.Tier + "\x01" + hop.Route + "\x01" + hop.Client)
	}
	field(lineText(files[f.Range.Filename], f.Range.Start.Line))
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// lineText returns line n (1-based) of file, trimmed; "" when unknown.
func lineText(file *hcl.File, n int) string {
	if file == nil || n < 1 {
		return ""
	}
	src := file.Bytes
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimSpace(string(src))
}
