package topology_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// hclQuote writes s as an HCL quoted string literal that evaluates to s
// exactly: escapes for quotes, backslashes and control characters, and
// doubled template introducers so that "${" stays literal.
func hclQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+size:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// hostile are fragments that would change the meaning of an nginx or HAProxy
// configuration if they reached one: whitespace, quotes, block and statement
// delimiters, variables, comments, escapes, control and non-ASCII characters.
var hostile = []string{
	" ", "\t", "\n", "\r\n", `"`, "'", "`", "{", "}", ";", "$", "${x}", "%{x}", "$host", "%[src]",
	"#", `\`, "\x00", "\x7f", "é", "\u202e", "|", "&", "<", ">", "(", ")", "=", ",", "!", "?", "^",
	" ; return 200; #", "\n}\nserver {\n", "\"; include /etc/passwd; \"",
}

// hostileInNames are also refused in names, which become file names and
// config identifiers: dots and slashes (directory traversal, nginx upstream
// names, HAProxy backend names), ':' and '@'.
var hostileInNames = []string{".", "/", "../", "..", ":", "@", "*", "+", "~", "[", "]"}

// injectionTarget builds a source whose one string attribute (or label)
// holds value; with the benign value "" the source must decode cleanly.
type injectionTarget struct {
	name  string
	build func(value string) string
}

// nameTargets are the labels, which refuse hostileInNames too.
var nameTargets = map[string]bool{"topology name": true, "tier name": true, "client name": true, "route name": true}

var injectionTargets = []injectionTarget{
	{"topology name", func(v string) string {
		return "topology " + hclQuote("t"+v+"x") + " {}\n" + base[len("topology \"t\" {}\n"):]
	}},
	{"tier name", func(v string) string {
		return base + "tier " + hclQuote("spare"+v+"x") + " {\n  kind = \"alb\"\n  to   = tier.app\n}\n"
	}},
	{"client name", func(v string) string {
		return base + "client " + hclQuote("c2"+v+"x") + " {\n  entry = tier.app\n}\n"
	}},
	{"route name", func(v string) string {
		return edgeAttr("  route " + hclQuote("r"+v+"x") + " {\n    to = tier.app\n  }")
	}},
	{"socketio version", func(v string) string { return sioAttr("  version = " + hclQuote("4.8"+v)) }},
	{"socketio path", func(v string) string { return sioAttr("  path = " + hclQuote("/sock"+v+"et/")) }},
	{"socketio path end", func(v string) string { return sioAttr("  path = " + hclQuote("/socket/"+v)) }},
	{"related path", func(v string) string { return sioAttr("  related_paths = [" + hclQuote("/api"+v+"x") + "]") }},
	{"adapter", func(v string) string { return sioAttr("  adapter = " + hclQuote("redis"+v)) }},
	{"library", func(v string) string { return clientAttr("  library = " + hclQuote("socket.io-client"+v+"@4.8")) }},
	{"tier version", func(v string) string { return edgeAttr("  version = " + hclQuote("1.24.0"+v)) }},
	{"node host", func(v string) string { return nodesSrc(hclQuote("edge" + v + "1:80")) }},
	{"node port", func(v string) string { return nodesSrc(hclQuote("10.0.1.1:8" + v + "0")) }},
	{"node IPv6", func(v string) string { return nodesSrc(hclQuote("[2001:db8::" + v + "1]:80")) }},
	{"egress", func(v string) string { return edgeAttr("  egress_addresses = [" + hclQuote("10.0.1.1"+v) + "]") }},
	{"egress prefix", func(v string) string { return edgeAttr("  egress_addresses = [" + hclQuote("10.0.1.0/2"+v+"4") + "]") }},
	{"kind", func(v string) string {
		return edgeBody("  kind  = " + hclQuote("nginx"+v) + "\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app")
	}},
	{"balance", func(v string) string { return edgeAttr("  balance = " + hclQuote("ip_hash"+v)) }},
	{"cookie_name", func(v string) string {
		return edgeAttr("  balance     = \"cookie\"\n  cookie_name = " + hclQuote("SERVER"+v+"ID"))
	}},
	{"hash_key header", func(v string) string {
		return edgeAttr("  balance  = \"hash\"\n  hash_key = " + hclQuote("header:X-Sess"+v+"ion"))
	}},
	{"hash_key cookie", func(v string) string {
		return edgeAttr("  balance  = \"hash\"\n  hash_key = " + hclQuote("cookie:sess"+v+"ion"))
	}},
	{"hash_key query", func(v string) string {
		return edgeAttr("  balance  = \"hash\"\n  hash_key = " + hclQuote("query:room"+v))
	}},
	{"route path", func(v string) string { return routeAttr("    path = " + hclQuote("/socket.io/"+v+"x")) }},
	{"route query key", func(v string) string {
		return routeAttr("    query = { " + hclQuote("trans"+v+"port") + " = \"websocket\" }")
	}},
	{"route query value", func(v string) string {
		return routeAttr("    query = { transport = " + hclQuote("web"+v+"socket") + " }")
	}},
	{"route header key", func(v string) string {
		return routeAttr("    header = { " + hclQuote("up"+v+"grade") + " = \"websocket\" }")
	}},
	{"route header value", func(v string) string {
		return routeAttr("    header = { upgrade = " + hclQuote("web"+v+"socket") + " }")
	}},
	{"route cookie_name", func(v string) string {
		return routeAttr("    balance     = \"cookie\"\n    cookie_name = " + hclQuote("SERVER"+v+"ID"))
	}},
	{"route hash_key", func(v string) string {
		return routeAttr("    balance  = \"hash\"\n    hash_key = " + hclQuote("header:X-Sess"+v+"ion"))
	}},
}

// TestHostileStringsRejected: every string attribute and label that can reach
// a rendered configuration rejects every hostile fragment with an error
// diagnostic, never accepting it into the model.
func TestHostileStringsRejected(t *testing.T) {
	for _, target := range injectionTargets {
		t.Run(target.name, func(t *testing.T) {
			if _, diags := decode(target.build("")); diags.HasErrors() {
				t.Fatalf("the benign form does not decode:%s", dump(diags))
			}
			fragments := hostile
			if nameTargets[target.name] {
				fragments = append(append([]string(nil), hostile...), hostileInNames...)
			}
			for _, h := range fragments {
				topo, diags := decode(target.build(h))
				if !diags.HasErrors() {
					t.Errorf("%q accepted", h)
					continue
				}
				if len(topo.Tiers) != 0 || len(topo.Clients) != 0 {
					t.Errorf("%q: a topology with errors kept its tiers or clients", h)
				}
			}
		})
	}
}

func TestHCLQuote(t *testing.T) {
	for _, s := range append([]string{"", "plain", "a${b}c", "%{if}", "$$", "\u00e9\u202e"}, hostile...) {
		src := sioAttr("  adapter = " + hclQuote(s))
		_, diags := decode(src)
		found := false
		for _, d := range diags {
			if d.Summary == "Invalid value for adapter" {
				found = true
				if !strings.Contains(d.Detail, fmt.Sprintf("%q", s)) {
					t.Errorf("hclQuote(%q) does not round-trip: %s", s, d.Detail)
				}
			}
		}
		if !found {
			t.Errorf("hclQuote(%q) = %s does not parse as a plain string:%s", s, hclQuote(s), dump(diags))
		}
	}
}
