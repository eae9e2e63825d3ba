// Package haproxycfg reads a deployed haproxy.cfg into a deployed.Node. No
// maintained HAProxy configuration parser exists for Go, so this is a small
// one of topo's own: it splits the file into its sections (global,
// defaults, frontend, backend, listen) and reads the keywords that matter to
// a Socket.IO chain (bind, mode, balance, hash-type, cookie, stick, server
// and its options, timeouts, option forwardfor, http-request set-src,
// accept-proxy and send-proxy, use_backend and default_backend with path
// ACLs, maxconn). Keywords it does not know are skipped; those that change
// where a session lands but cannot be said in the topology language become
// Notes at their line.
package haproxycfg

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/topology"
)

// Looks reports whether b reads like an haproxy.cfg: a line that opens one
// of its sections.
func Looks(b []byte) bool {
	for _, line := range bytes.Split(b, []byte("\n")) {
		f := strings.Fields(string(line))
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "global", "defaults", "frontend", "backend", "listen":
			return line[0] != ' ' && line[0] != '\t'
		}
		return false
	}
	return false
}

type line struct {
	n      int
	fields []string
	rng    hcl.Range
}

type section struct {
	kind, name string
	head       line
	lines      []line
}

// Parse reads src into a node. Of several frontends that proxy, it follows
// the one with a rule of its own for sioPath ("/socket.io/" when ""), else
// the first.
func Parse(src deployed.Source, sioPath string) (*deployed.Node, hcl.Diagnostics) {
	if sioPath == "" {
		sioPath = "/socket.io/"
	}
	secs, diags := split(src)
	if diags.HasErrors() {
		return nil, diags
	}
	r := &reader{node: &deployed.Node{Kind: "haproxy", File: src.Path, Host: src.Host}, backends: map[string]*section{}, built: map[string]*deployed.Backend{}, defaultsOf: map[*section]*section{}}
	var defaults *section
	var fronts []*section
	for _, s := range secs {
		switch s.kind {
		case "global":
			for _, l := range s.lines {
				if l.fields[0] == "hard-stop-after" {
					if v, ok := Duration(field(l, 1)); ok && v > 0 {
						r.node.DrainTimeout = deployed.At(v, l.rng)
					}
				}
				if l.fields[0] == "maxconn" {
					if n, err := strconv.Atoi(field(l, 1)); err == nil {
						r.node.MaxConnections = deployed.At(n, l.rng)
					}
				}
			}
		case "defaults":
			defaults = s
		case "peers":
			for _, l := range s.lines {
				if l.fields[0] == "peer" {
					if a, ok := parseAddr(field(l, 2), false); ok {
						if r.peerPorts == nil {
							r.peerPorts = map[string]deployed.Setting[int]{}
						}
						r.peerPorts[s.name] = deployed.At(a.Port, l.rng)
					}
					break
				}
			}
		case "backend":
			r.backends[s.name] = s
		case "frontend", "listen":
			fronts = append(fronts, s)
			if s.kind == "listen" {
				r.backends[s.name] = s
			}
		}
		r.defaultsOf[s] = defaults
	}
	// The frontend topo follows: the first that proxies, unless another
	// has a rule of its own for the Socket.IO path.
	var follow *section
	for _, f := range fronts {
		if r.proxies(f) && (follow == nil || (!r.sioRule(follow, sioPath) && r.sioRule(f, sioPath))) {
			follow = f
		}
	}
	// The followed frontend first: its binds are the node's first
	// addresses, the one the tier in front is matched to.
	read := follow != nil
	if read {
		r.frontend(follow)
	}
	for _, f := range fronts {
		if !r.proxies(f) {
			r.redirect(f)
			continue
		}
		if f != follow {
			why := "the first"
			if r.sioRule(follow, sioPath) {
				why = "whose rules take " + sioPath
			}
			r.note(f.head.rng, "another %s that proxies: topo reads %s %s at line %d, %s; lint this one as its own file if it serves Socket.IO too", f.kind, follow.kind, follow.name, follow.head.rng.Start.Line, why)
			r.binds(f, false)
		}
	}
	if !read {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No HAProxy frontend that proxies",
			Detail: src.Path + " has no frontend or listen section with a bind and a backend: topo has nothing to follow.", Subject: &hcl.Range{Filename: src.Path, Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 1}}}}
	}
	return r.node, diags
}

func field(l line, i int) string {
	if i < len(l.fields) {
		return l.fields[i]
	}
	return ""
}

// split cuts the file into sections of lines without comments. HAProxy's
// quoting and escapes are kept simple: a '#' outside quotes starts a
// comment, quotes group words.
func split(src deployed.Source) ([]*section, hcl.Diagnostics) {
	var secs []*section
	var cur *section
	var diags hcl.Diagnostics
	off := 0
	for i, raw := range bytes.SplitAfter(src.Bytes, []byte("\n")) {
		n := i + 1
		start := off
		off += len(raw)
		text := strings.TrimRight(string(raw), "\r\n")
		fields, ok := words(text)
		if !ok {
			rng := rangeOf(src.Path, n, start, text)
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "HAProxy would reject this configuration",
				Detail: "An unterminated quote. Run haproxy -c on it; topo reads only configurations HAProxy accepts.", Subject: &rng})
			continue
		}
		if len(fields) == 0 {
			continue
		}
		l := line{n: n, fields: fields, rng: rangeOf(src.Path, n, start, text)}
		indented := text[0] == ' ' || text[0] == '\t'
		switch fields[0] {
		case "global", "defaults", "frontend", "backend", "listen", "peers", "resolvers", "userlist", "cache", "program", "http-errors", "ring", "mailers":
			if !indented || cur == nil {
				cur = &section{kind: fields[0], name: field(l, 1), head: l}
				secs = append(secs, cur)
				if (cur.kind == "frontend" || cur.kind == "backend" || cur.kind == "listen") && cur.name == "" {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "HAProxy would reject this configuration",
						Detail: "A " + cur.kind + " section needs a name. Run haproxy -c on it.", Subject: &l.rng})
				}
				if cur.kind == "listen" && len(fields) > 2 {
					cur.lines = append(cur.lines, line{n: n, fields: append([]string{"bind"}, fields[2:]...), rng: l.rng})
				}
				continue
			}
		}
		if cur == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "HAProxy would reject this configuration",
				Detail: fmt.Sprintf("%q outside any section. Run haproxy -c on it.", fields[0]), Subject: &l.rng})
			continue
		}
		cur.lines = append(cur.lines, l)
	}
	return secs, diags
}

func rangeOf(file string, n, off int, text string) hcl.Range {
	s := len(text) - len(strings.TrimLeft(text, " \t"))
	e := len(strings.TrimRight(text, " \t"))
	if i := strings.IndexByte(text, '#'); i >= s && i < e {
		e = len(strings.TrimRight(text[:i], " \t"))
	}
	if e < s {
		e = s
	}
	return hcl.Range{Filename: file, Start: hcl.Pos{Line: n, Column: s + 1, Byte: off + s}, End: hcl.Pos{Line: n, Column: e + 1, Byte: off + e}}
}

// words splits a line HAProxy's way: blanks separate, quotes group, a
// backslash escapes, # outside quotes ends the line.
func words(s string) ([]string, bool) {
	var out []string
	var b strings.Builder
	in, q, esc := false, byte(0), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			b.WriteByte(c)
			esc = false
		case c == '\\':
			esc = true
			in = true
		case q != 0:
			if c == q {
				q = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
			in = true
		case c == '#':
			if in {
				out = append(out, b.String())
			}
			return out, true
		case c == ' ' || c == '\t':
			if in {
				out = append(out, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if q != 0 {
		return nil, false
	}
	if in {
		out = append(out, b.String())
	}
	return out, true
}

type reader struct {
	node       *deployed.Node
	backends   map[string]*section
	defaultsOf map[*section]*section
	built      map[string]*deployed.Backend
	ways       map[string]*deployed.Way
	// notedIDs are the backends already noted for servers without ids.
	notedIDs map[string]bool
	// peerPorts are the port of each peers section's first peer.
	peerPorts map[string]deployed.Setting[int]
}

func (r *reader) note(rng hcl.Range, format string, args ...any) {
	r.node.Notes = append(r.node.Notes, deployed.Note{Range: rng, Text: fmt.Sprintf(format, args...)})
}

// settings are the lines of s after those of its defaults section: the
// last one of each keyword wins.
func (r *reader) settings(s *section) []line {
	var out []line
	if d := r.defaultsOf[s]; d != nil {
		out = append(out, d.lines...)
	}
	return append(out, s.lines...)
}

func (r *reader) proxies(f *section) bool {
	hasBind, hasBackend := false, false
	for _, l := range f.lines {
		switch l.fields[0] {
		case "bind":
			hasBind = true
		case "default_backend", "use_backend":
			hasBackend = true
		case "server":
			hasBackend = f.kind == "listen"
		}
	}
	if d := r.defaultsOf[f]; d != nil {
		for _, l := range d.lines {
			if l.fields[0] == "default_backend" {
				hasBackend = true
			}
		}
	}
	return hasBind && hasBackend
}

// redirect reads a frontend that only redirects plain HTTP to https.
func (r *reader) redirect(f *section) {
	var bind *line
	redirects := false
	for _, l := range f.lines {
		l := l
		switch {
		case l.fields[0] == "bind" && bind == nil && len(l.fields) == 2:
			bind = &l
		case l.fields[0] == "http-request" && field(l, 1) == "redirect" && field(l, 2) == "scheme" && field(l, 3) == "https":
			redirects = true
		}
	}
	if bind != nil && redirects && !r.node.RedirectHTTPPort.Set {
		if a, ok := parseAddr(field(*bind, 1), true); ok {
			r.node.RedirectHTTPPort = deployed.At(a.Port, bind.rng)
		}
	}
}

func (r *reader) binds(f *section, first bool) {
	for _, l := range f.lines {
		if l.fields[0] != "bind" {
			continue
		}
		if len(l.fields) < 2 {
			r.note(l.rng, "bind without an address")
			continue
		}
		for _, spec := range strings.Split(field(l, 1), ",") {
			a, ok := parseAddr(spec, true)
			if !ok {
				r.note(l.rng, "bind %s: not an address and port topo reads", spec)
				continue
			}
			a.Range = l.rng
			r.node.Listen = append(r.node.Listen, a)
			if r.node.Range.Filename == "" {
				r.node.Range = l.rng
			}
		}
		if !first {
			continue
		}
		for i, o := range l.fields[2:] {
			switch o {
			case "ssl":
				r.node.TLS = deployed.At(true, l.rng)
			case "crt":
				r.node.Certificate = field(l, i+3)
			case "accept-proxy":
				r.node.AcceptProxy = deployed.At(true, l.rng)
				r.node.RealIPFrom = deployed.At("proxy_protocol", l.rng)
			}
		}
	}
}

func (r *reader) frontend(f *section) {
	r.binds(f, true)
	mode := "tcp"
	var modeLine line
	lines := r.settings(f)
	acls := map[string][]match{}
	var uses []line
	var def string
	var defLine line
	fwd := deployed.Setting[string]{}
	for _, l := range lines {
		switch l.fields[0] {
		case "mode":
			mode, modeLine = field(l, 1), l
		case "acl":
			// An ACL declared again adds alternatives (HAProxy ORs them);
			// one topo cannot read makes the name unknown.
			name := field(l, 1)
			if ms, ok := aclMatches(l.fields[min(2, len(l.fields)):]); ok {
				if prev, seen := acls[name]; !seen || prev != nil {
					acls[name] = append(prev, ms...)
				}
			} else {
				acls[name] = nil
			}
		case "use_backend":
			uses = append(uses, l)
		case "default_backend":
			def, defLine = field(l, 1), l
		case "option":
			if field(l, 1) == "forwardfor" {
				fwd = deployed.At("x_forwarded_for", l.rng)
			}
		case "http-request":
			if field(l, 1) == "set-src" && strings.EqualFold(field(l, 2), "hdr(x-forwarded-for)") {
				r.node.RealIPFrom = deployed.At("x_forwarded_for", l.rng)
			}
		case "tcp-request":
			if strings.Join(l.fields[1:min(4, len(l.fields))], " ") == "connection expect-proxy layer4" {
				r.node.AcceptProxy = deployed.At(true, l.rng)
				r.node.RealIPFrom = deployed.At("proxy_protocol", l.rng)
			}
		}
	}
	if mode == "http" {
		r.node.Layer = deployed.At(7, modeLine.rng)
	} else {
		r.node.Layer = deployed.Setting[int]{Value: 4, Set: modeLine.fields != nil, Range: modeLine.rng}
		if modeLine.fields == nil {
			r.node.Layer.Range = f.head.rng
			r.node.Layer.Set = true
		}
	}
	r.ways = map[string]*deployed.Way{}
	names := map[string]bool{}
	for _, l := range uses {
		name := field(l, 1)
		var alts []match
		ok := len(l.fields) >= 4 && l.fields[2] == "if"
		if ok {
			alts, ok = condition(l.fields[3:], acls)
		}
		if !ok {
			r.note(l.rng, "use_backend %s: its condition is not one topo reads (path, path_beg, url_beg and hdr ACLs, joined by || or side by side; no negation); the requests it takes are not followed", name)
			continue
		}
		for _, m := range alts {
			w := r.way(name, l.rng, fwd)
			w.Path, w.Header = m.path, m.header
			w.Name = uniqueName(names, m.name())
			r.node.Routes = append(r.node.Routes, w)
		}
	}
	if f.kind == "listen" && def == "" {
		def, defLine = f.name, f.head
	}
	if def != "" {
		r.node.Default = r.way(def, defLine.rng, fwd)
	}
}

// sioRule reports whether frontend f has an acl or an inline condition of
// its own on a path that takes sioPath.
func (r *reader) sioRule(f *section, sioPath string) bool {
	for _, l := range f.lines {
		var ms []match
		switch field(l, 0) {
		case "acl":
			ms, _ = aclMatches(l.fields[min(2, len(l.fields)):])
		case "use_backend":
			for i, x := range l.fields {
				if x != "{" {
					continue
				}
				for j := i + 1; j < len(l.fields); j++ {
					if l.fields[j] == "}" {
						m, _ := aclMatches(l.fields[i+1 : j])
						ms = append(ms, m...)
						break
					}
				}
			}
		}
		for _, m := range ms {
			if m.path != "" && m.path != "/*" && topology.MatchPath(m.path, sioPath) {
				return true
			}
		}
	}
	return false
}

// match is one conjunction of conditions a route can say: a path pattern
// ("" for any) and header values.
type match struct {
	path   string
	header map[string]string
}

func (m match) name() string {
	parts := []string{m.path}
	keys := make([]string, 0, len(m.header))
	for k := range m.header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k, m.header[k])
	}
	return deployed.RouteName(strings.Join(parts, " "))
}

// and is the conjunction of a and b, false when topo cannot say it (two
// different paths) or it matches nothing (two values of one header).
func (a match) and(b match) (match, bool) {
	out := match{path: a.path, header: map[string]string{}}
	if b.path != "" {
		if a.path != "" && a.path != b.path {
			return match{}, false
		}
		out.path = b.path
	}
	for _, h := range []map[string]string{a.header, b.header} {
		for k, v := range h {
			if w, ok := out.header[k]; ok && !strings.EqualFold(w, v) {
				return match{}, false
			}
			out.header[k] = v
		}
	}
	if len(out.header) == 0 {
		out.header = nil
	}
	return out, true
}

// uniqueName returns name, or name-2, name-3… when a route of the node
// has it already.
func uniqueName(taken map[string]bool, name string) string {
	n := name
	for i := 2; taken[n]; i++ {
		n = fmt.Sprintf("%s-%d", name, i)
	}
	taken[n] = true
	return n
}

// maxAlternatives bounds the alternatives a condition expands to.
const maxAlternatives = 16

// condition reads the condition of a use_backend: terms joined by || (or
// "or"), each term ACL names and { inline ACLs } side by side (all must
// hold). It returns the alternatives, in order, or false when a part is
// not one topo reads (a negation, an unknown ACL, two different paths in
// one term).
func condition(toks []string, acls map[string][]match) ([]match, bool) {
	var out []match
	term := []match{{}}
	flush := func() bool {
		out = append(out, term...)
		term = []match{{}}
		return len(out) <= maxAlternatives
	}
	for i := 0; i < len(toks); i++ {
		var ms []match
		switch t := toks[i]; {
		case t == "||" || t == "or":
			if !flush() {
				return nil, false
			}
			continue
		case t == "{":
			j := i + 1
			for j < len(toks) && toks[j] != "}" {
				j++
			}
			if j == len(toks) {
				return nil, false
			}
			var ok bool
			if ms, ok = aclMatches(toks[i+1 : j]); !ok {
				return nil, false
			}
			i = j
		default:
			ms = acls[t]
			if ms == nil {
				// A negation, a predefined ACL or one topo cannot read.
				return nil, false
			}
		}
		var next []match
		for _, a := range term {
			for _, b := range ms {
				if m, ok := a.and(b); ok {
					next = append(next, m)
				} else if a.path != "" && b.path != "" && a.path != b.path {
					return nil, false
				}
			}
		}
		if len(next) > maxAlternatives {
			return nil, false
		}
		term = next
	}
	if !flush() {
		return nil, false
	}
	return out, true
}

// aclMatches reads an ACL's criterion and values: "path_beg /x/ /y/",
// "path /x", "url_beg /x" (a request's URL is its path and query), or
// "hdr(Upgrade) websocket" (a header's whole value); flags such as -i are
// ignored (topo compares header values without case, and paths are what
// the client writes). Each value is an alternative.
func aclMatches(f []string) ([]match, bool) {
	var rest []string
	for _, x := range f {
		switch x {
		case "-i", "-m", "beg", "str", "--":
		default:
			rest = append(rest, x)
		}
	}
	if len(rest) < 2 {
		return nil, false
	}
	crit, vals := rest[0], rest[1:]
	var out []match
	for _, v := range vals {
		switch {
		case crit == "path_beg" || crit == "url_beg":
			if !strings.HasPrefix(v, "/") {
				return nil, false
			}
			out = append(out, match{path: v + "*"})
		case crit == "path":
			if !strings.HasPrefix(v, "/") {
				return nil, false
			}
			out = append(out, match{path: v})
		case strings.HasPrefix(crit, "hdr(") && strings.HasSuffix(crit, ")"):
			h := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(crit, "hdr("), ")"))
			if h == "" || strings.Contains(h, ",") {
				return nil, false
			}
			out = append(out, match{header: map[string]string{h: v}})
		default:
			return nil, false
		}
	}
	return out, true
}

// way builds the way to backend name (its settings read once per backend).
func (r *reader) way(name string, rng hcl.Range, fwd deployed.Setting[string]) *deployed.Way {
	w := &deployed.Way{Range: rng, Websocket: deployed.Setting[bool]{Value: true}, ForwardsClientIP: fwd}
	s := r.backends[name]
	if s == nil {
		r.note(rng, "backend %s is not in this file", name)
		return w
	}
	b := r.built[name]
	if b == nil {
		b = &deployed.Backend{Name: name, Range: s.head.rng}
		r.built[name] = b
	}
	w.Backend = b
	var hashType string
	var cookieLine, balLine line
	var balance []string
	var server, tunnel, noID *line
	var storeIO, matchSid *line
	var defProto string
	var defProtoLine line
	for _, l := range r.settings(s) {
		l := l
		switch l.fields[0] {
		case "balance":
			balance, balLine = l.fields[1:], l
		case "hash-type":
			hashType = field(l, 1)
		case "hash-balance-factor":
			if n, err := strconv.Atoi(field(l, 1)); err == nil && n > 0 {
				b.BalanceFactor = deployed.At(n, l.rng)
			}
		case "hash-preserve-affinity":
			switch v := field(l, 1); v {
			case "always", "maxconn", "maxqueue":
				b.PreserveAffinity = deployed.At(v, l.rng)
			}
		case "cookie":
			if field(l, 1) != "" && len(l.fields) > 2 {
				cookieLine = l
			}
		case "stick":
			switch strings.Join(l.fields[1:], " ") {
			case "on src":
				b.Balance = deployed.At("source_ip", l.rng)
			case "store-response res.cook(io)":
				storeIO = &l
			case "match url_param(sid)":
				matchSid = &l
			}
		case "stick-table":
			for i, f := range l.fields {
				if f == "peers" && i+1 < len(l.fields) {
					b.SharedTable = deployed.At(true, l.rng)
					if p, ok := r.peerPorts[l.fields[i+1]]; ok {
						b.SharedTablePort = p
					}
				}
			}
		case "timeout":
			switch field(l, 1) {
			case "server":
				server = &l
			case "tunnel":
				tunnel = &l
			}
		case "option":
			if field(l, 1) == "forwardfor" {
				w.ForwardsClientIP = deployed.At("x_forwarded_for", l.rng)
			}
		case "default-server":
			// It applies to the server lines after it.
			for i, o := range l.fields {
				if o == "proto" {
					defProto, defProtoLine = field(l, i+1), l
				}
			}
		case "server":
			r.server(b, l, w)
			if defProto != "" && !contains(l.fields[min(3, len(l.fields)):], "proto") {
				r.proto(b, defProtoLine, defProto)
			}
			if noID == nil && (len(l.fields) < 3 || !contains(l.fields[3:], "id")) {
				noID = &l
			}
		}
	}
	if len(b.Servers) == 0 {
		r.note(s.head.rng, "backend %s has no server topo reads", name)
	}
	if len(balance) > 0 && b.Balance.Value == "" {
		r.balance(b, balance, balLine, hashType == "consistent")
	}
	switch {
	case storeIO != nil && matchSid != nil:
		// Learned stickiness on the sid (fact H16).
		b.Balance, b.HashKey, b.Consistent = deployed.At("learn", matchSid.rng), "", false
	case storeIO != nil || matchSid != nil:
		l := storeIO
		if l == nil {
			l = matchSid
		}
		r.note(l.rng, "backend %s: a stick table learns the sid only with both stick store-response res.cook(io) and stick match url_param(sid)", name)
	}
	if b.Consistent && noID != nil && !r.notedIDs[name] {
		if r.notedIDs == nil {
			r.notedIDs = map[string]bool{}
		}
		r.notedIDs[name] = true
		r.note(noID.rng, "backend %s hashes consistently, and this server has no id: ids follow the server lines' positions, so deleting a line renumbers the servers after it and moves sessions of nodes that stay (fact H12); give every server an id (topo render derives them from the address)", name)
	}
	if cookieLine.fields != nil {
		b.Balance = deployed.At("cookie", cookieLine.rng)
		b.CookieName = field(cookieLine, 1)
	}
	idle := server
	if tunnel != nil && (idle == nil || r.timeout(*tunnel) < r.timeout(*idle)) && r.node.Layer.Value == 4 {
		idle = tunnel
	}
	if idle != nil {
		if d := r.timeout(*idle); d > 0 {
			w.IdleTimeout = deployed.At(d, idle.rng)
		}
	}
	return w
}

func (r *reader) timeout(l line) time.Duration {
	d, _ := Duration(field(l, 2))
	return d
}

func (r *reader) balance(b *deployed.Backend, f []string, l line, consistent bool) {
	alg := strings.ToLower(f[0])
	switch {
	case alg == "roundrobin" || alg == "static-rr":
		b.Balance = deployed.At("round_robin", l.rng)
	case alg == "leastconn":
		b.Balance = deployed.At("least_conn", l.rng)
	case alg == "random":
		b.Balance = deployed.At("random", l.rng)
	case alg == "source":
		b.Balance = deployed.At("source_ip", l.rng)
		b.Consistent = consistent
	case alg == "url_param" && len(f) > 1:
		b.Balance, b.HashKey, b.Consistent = deployed.At("hash", l.rng), "query:"+f[1], consistent
	case strings.HasPrefix(alg, "hdr(") && strings.HasSuffix(alg, ")"):
		h := alg[4 : len(alg)-1]
		b.Balance, b.Consistent = deployed.At("hash", l.rng), consistent
		b.HashKey = "header:" + h
		if h == "x-forwarded-for" {
			b.HashKey = "x_forwarded_for"
		}
	default:
		r.note(l.rng, "balance %s: a method topo cannot follow for Socket.IO; the hop is taken as random", strings.Join(f, " "))
		b.Balance = deployed.At("random", l.rng)
	}
}

// proto reads "proto NAME" of a server or default-server line: h2 is
// HTTP/2 to the servers.
func (r *reader) proto(b *deployed.Backend, l line, name string) {
	switch name {
	case "h2":
		b.Protocol = deployed.At("h2", l.rng)
	case "h1", "":
	default:
		r.note(l.rng, "proto %s: a protocol topo does not follow (it reads h2)", name)
	}
}

func (r *reader) server(b *deployed.Backend, l line, w *deployed.Way) {
	a, ok := parseAddr(field(l, 2), false)
	if !ok {
		r.note(l.rng, "server %s %s: not an address and port topo reads", field(l, 1), field(l, 2))
		return
	}
	a.Range = l.rng
	for i, o := range l.fields[3:] {
		switch o {
		case "send-proxy", "send-proxy-v2":
			w.ForwardsClientIP = deployed.At("proxy_protocol", l.rng)
		case "proto":
			r.proto(b, l, field(l, i+4))
		case "backup":
			r.note(l.rng, "server %s backup: topo lists it as a normal server", field(l, 1))
		case "maxconn":
			n, err := strconv.Atoi(field(l, i+4))
			switch {
			case err != nil || n <= 0:
			case b.MaxConns.Set && b.MaxConns.Value != n:
				r.note(l.rng, "server %s maxconn %d: the servers have different maxconn; topo keeps the first, %d", field(l, 1), n, b.MaxConns.Value)
			case !b.MaxConns.Set:
				b.MaxConns = deployed.At(n, l.rng)
			}
		case "weight":
			if field(l, i+4) != "1" {
				r.note(l.rng, "server %s weight %s: topo treats servers as equal; weights are not followed", field(l, 1), field(l, i+4))
			}
		}
	}
	for _, x := range b.Servers {
		if x.Host == a.Host && x.Port == a.Port {
			return
		}
	}
	b.Servers = append(b.Servers, a)
}

// parseAddr reads [host]:port, *:port, :port, ipv4@…; a listener without
// a host has Host "". A server without a port is not read.
func parseAddr(s string, listen bool) (deployed.Addr, bool) {
	if i := strings.Index(s, "@"); i >= 0 {
		if p := s[:i]; p == "ipv4" || p == "ipv6" {
			s = s[i+1:]
		} else {
			return deployed.Addr{}, false
		}
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return deployed.Addr{}, false
	}
	host, port := s[:i], s[i+1:]
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return deployed.Addr{}, false
	}
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	if listen && (host == "" || host == "*" || host == "0.0.0.0" || host == "[::]") {
		host = ""
	}
	if !listen && host == "" {
		return deployed.Addr{}, false
	}
	return deployed.Addr{Host: host, Port: n}, true
}

// Duration reads an HAProxy time: a number with an optional unit (us, ms,
// s, m, h, d); without one it is milliseconds.
func Duration(s string) (time.Duration, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 10 {
		return 0, false
	}
	n, _ := strconv.ParseInt(s[:i], 10, 64)
	u, ok := map[string]time.Duration{"": time.Millisecond, "us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[s[i:]]
	return time.Duration(n) * u, ok
}

func contains(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}
