// Package nginxconf reads a deployed nginx configuration (a main file with
// its includes, or the dump `nginx -T` prints) into a deployed.Node, with
// nginx-go-crossplane as the parser. What matters to a Socket.IO chain is
// read: listeners, locations and where they proxy, upstreams and how they
// balance, the WebSocket headers, the client address handed on and learned,
// timeouts, TLS and the connection budget. What cannot be said in the
// topology language is kept as a Note at its line.
package nginxconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	crossplane "github.com/nginxinc/nginx-go-crossplane"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/topology"
)

// ReadFunc reads a file an include names. It is only called for paths under
// the configuration's root.
type ReadFunc func(path string) ([]byte, error)

// DefaultConfDir is the directory nginx's packages (Debian, Ubuntu, RHEL,
// Alpine and the official container image) deploy nginx.conf in, and so the
// directory its absolute includes name.
const DefaultConfDir = "/etc/nginx"

// Options say where a configuration's includes are read from.
type Options struct {
	// Root is the directory includes must stay in: the main file's
	// directory when "".
	Root string
	// ConfDir is the directory the main file is deployed in on its node
	// (DefaultConfDir when ""). An include of an absolute path under it
	// is read from the same place under the main file's directory, so
	// that a repository holding nginx.conf and what it includes, side by
	// side, is read as the node reads /etc/nginx.
	ConfDir string
	// Read reads an include.
	Read ReadFunc
	// SocketIOPath is the application's Socket.IO path ("/socket.io/"
	// when ""): of several servers that proxy, one with a location for it
	// is the one followed.
	SocketIOPath string
}

// distributed are the files nginx's own distribution installs next to
// nginx.conf that hold nothing topo reads: types { } (mime.types),
// fastcgi_param, scgi_param and uwsgi_param lines, and charset maps. An
// include of one that is not there is skipped with a warning instead of
// refused: they are seldom kept with the rest. (Debian's proxy_params sets
// X-Forwarded-For and is not among them.)
var distributed = map[string]bool{
	"mime.types": true, "fastcgi_params": true, "fastcgi.conf": true, "scgi_params": true,
	"uwsgi_params": true, "koi-utf": true, "koi-win": true, "win-utf": true,
}

// IsDump reports whether b is the output of `nginx -T`.
func IsDump(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("# configuration file ")) ||
		bytes.Contains(b, []byte("\n# configuration file "))
}

// SplitDump splits the output of `nginx -T` into its files, in order; the
// first is the main file.
func SplitDump(b []byte) (names []string, files map[string][]byte) {
	names, files, _ = splitDump(b)
	return names, files
}

// section is where a file of a dump starts in it.
type section struct{ line, byte int }

func splitDump(b []byte) (names []string, files map[string][]byte, starts map[string]section) {
	files, starts = map[string][]byte{}, map[string]section{}
	var cur string
	var buf bytes.Buffer
	flush := func() {
		if cur != "" {
			files[cur] = append([]byte(nil), buf.Bytes()...)
		}
		buf.Reset()
	}
	off := 0
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		off += len(line)
		t := bytes.TrimRight(line, "\r\n")
		if bytes.HasPrefix(t, []byte("# configuration file ")) && bytes.HasSuffix(t, []byte(":")) {
			flush()
			cur = string(t[len("# configuration file ") : len(t)-1])
			if _, dup := files[cur]; !dup {
				names = append(names, cur)
			}
			starts[cur] = section{line: i + 1, byte: off}
			continue
		}
		if cur != "" {
			buf.Write(line)
		}
	}
	flush()
	return names, files, starts
}

// places computes source ranges, in the given file or, for a dump, in the
// dump at the line its part starts.
type places struct {
	files map[string][]byte
	dump  string
	start map[string]section
	// alias maps the name nginx knows an include by (an absolute path
	// under the deployed conf directory) to the file read for it.
	alias map[string]string
}

func (p *places) rng(file string, line int, word string) *hcl.Range {
	if a, ok := p.alias[file]; ok {
		file = a
	}
	r := lineRange(p.files, file, line, word)
	if p.dump != "" {
		if st, ok := p.start[file]; ok {
			r.Filename = p.dump
			r.Start.Line += st.line
			r.End.Line += st.line
			r.Start.Byte += st.byte
			r.End.Byte += st.byte
		}
	}
	return r
}

// Parse reads the configuration src, its includes as opts say. Files holds
// every file read, by the name its ranges use, for snippets.
func Parse(src deployed.Source, opts Options) (node *deployed.Node, files map[string][]byte, diags hcl.Diagnostics) {
	files = map[string][]byte{}
	main := src.Path
	root, read := opts.Root, opts.Read
	confDir := opts.ConfDir
	if confDir == "" {
		confDir = DefaultConfDir
	}
	dump := IsDump(src.Bytes)
	var dumpFiles map[string][]byte
	pl := &places{files: files, alias: map[string]string{}}
	if dump {
		var names []string
		names, dumpFiles, pl.start = splitDump(src.Bytes)
		pl.dump = src.Path
		if len(names) == 0 {
			return nil, files, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Empty nginx -T dump",
				Detail: src.Path + " holds no \"# configuration file\" section: give the whole output of nginx -T."}}
		}
		main = names[0]
	} else {
		files[main] = src.Bytes
		if root == "" {
			root = filepath.Dir(main)
		}
	}
	// onTheNode: root is the conf directory itself (topo runs on the
	// node), so paths are the node's own.
	onTheNode := false
	if abs, err := filepath.Abs(root); err == nil && !dump {
		onTheNode = abs == filepath.Clean(confDir)
	}
	// local is where an include is read from: an absolute path under the
	// deployed conf directory is read from under root, unless root is
	// that directory.
	local := func(p string) string {
		if dump || !filepath.IsAbs(p) || onTheNode {
			return p
		}
		if rel, ok := within(confDir, p); ok {
			return filepath.Join(root, rel)
		}
		return p
	}
	inRoot := func(p string) bool {
		if dump {
			_, ok := dumpFiles[p]
			return ok
		}
		_, ok := within(root, p)
		return ok
	}
	// notRead are the messages of the includes topo does not read, by
	// text: crossplane reports them as its own errors, by message.
	notRead := map[string]bool{}
	// Warnings about includes, by the path crossplane asked for; placed on
	// their include line once every file is read.
	type pending struct {
		path string
		diag *hcl.Diagnostic
	}
	var warnings []pending
	warned := map[string]bool{}
	warn := func(p, summary, detail string) {
		if !warned[p] {
			warned[p] = true
			warnings = append(warnings, pending{p, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail}})
		}
	}
	// onNode is where nginx reads name on the node.
	onNode := func(name string) string {
		if rel, ok := within(root, name); ok {
			return filepath.Join(confDir, rel)
		}
		return name
	}
	popts := &crossplane.ParseOptions{
		CombineConfigs:           true,
		ParseComments:            true,
		SkipDirectiveArgsCheck:   false,
		ErrorOnUnknownDirectives: false,
		Open: func(p string) (io.ReadCloser, error) {
			if p == main {
				if dump {
					files[p] = dumpFiles[p]
				}
				return io.NopCloser(bytes.NewReader(files[p])), nil
			}
			name := local(p)
			if name != p {
				pl.alias[p] = name
			}
			if !inRoot(name) {
				msg := fmt.Sprintf("%s is outside %s, the directory topo reads includes from: copy it there, or give the output of nginx -T", p, root)
				if dump {
					msg = fmt.Sprintf("%s is not in the nginx -T dump", p)
				}
				notRead[msg] = true
				return nil, errors.New(msg)
			}
			var b []byte
			if dump {
				b = dumpFiles[p]
			} else {
				var err error
				if b, err = read(name); err != nil {
					if !errors.Is(err, fs.ErrNotExist) {
						return nil, err
					}
					if base := filepath.Base(name); distributed[base] {
						warn(p, "Include not read",
							fmt.Sprintf("%s is not there (on the node: %s). nginx's own %s holds nothing topo reads (%s), so it is skipped; if the node's holds more, copy it there.", name, onNode(name), base, distributedHolds(base)))
						files[name] = nil
						return io.NopCloser(bytes.NewReader(nil)), nil
					}
					msg := fmt.Sprintf("%s is not there (on the node: %s): copy it there, or give the output of nginx -T", name, onNode(name))
					notRead[msg] = true
					return nil, errors.New(msg)
				}
			}
			files[name] = b
			return io.NopCloser(bytes.NewReader(b)), nil
		},
		Glob: func(pattern string) ([]string, error) {
			asked := pattern
			var out []string
			where := "in the nginx -T dump"
			if dump {
				for name := range dumpFiles {
					if ok, _ := filepath.Match(pattern, name); ok {
						out = append(out, name)
					}
				}
			} else {
				pattern = local(pattern)
				where = "under " + root
				if inRoot(pattern) || inRoot(filepath.Dir(pattern)) {
					m, err := filepath.Glob(pattern)
					if err != nil {
						return nil, err
					}
					for _, p := range m {
						if inRoot(p) {
							out = append(out, p)
						}
					}
				}
			}
			if len(out) == 0 {
				// nginx accepts an include that matches nothing. On the
				// node itself (root is the conf directory) or in a dump
				// that is all there is; in a copy, what the node's files
				// would add is not seen: say so.
				if dump || onTheNode {
					return nil, nil
				}
				warn(asked, "Include matches no file",
					fmt.Sprintf("%s matches no file %s. nginx accepts that, but if the node's directory holds files, the servers and upstreams they add are not seen: copy them there, or give the output of nginx -T.", pattern, where))
				return nil, nil
			}
			sort.Strings(out)
			return out, nil
		},
	}
	payload, err := crossplane.Parse(main, popts)
	if err != nil {
		return nil, snippets(files, pl, src), hcl.Diagnostics{parseDiag(main, src.Path, pl, err)}
	}
	for _, e := range payload.Errors {
		line := 0
		if e.Line != nil {
			line = *e.Line
		}
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "nginx would reject this configuration",
			Detail:   cleanErr(e.Error) + ". Run nginx -t on it; topo reads only configurations nginx accepts.",
			Subject:  pl.rng(e.File, line, ""),
		}
		if msg := cleanErr(e.Error); notRead[msg] {
			d.Summary, d.Detail = "Include not read", msg+"."
		}
		diags = append(diags, d)
	}
	var ws hcl.Diagnostics
	for _, w := range warnings {
		w.diag.Subject = includeLine(pl, main, w.path)
		ws = append(ws, w.diag)
	}
	diags = append(ws, diags...)
	if diags.HasErrors() {
		return nil, snippets(files, pl, src), diags
	}
	if len(payload.Config) == 0 {
		return nil, snippets(files, pl, src), diags
	}
	r := &reader{pl: pl, node: &deployed.Node{Kind: "nginx", File: src.Path, Label: main, Host: src.Host}, upstreams: map[string]*deployed.Backend{}, stream: map[string]*deployed.Backend{},
		sioPath: opts.SocketIOPath}
	if r.sioPath == "" {
		r.sioPath = "/socket.io/"
	}
	r.main(payload.Config[0].Parsed, main)
	if r.node.Range.Filename == "" {
		r.node.Range = *pl.rng(main, 1, "")
	}
	return r.node, snippets(files, pl, src), append(diags, r.diags...)
}

// within returns p relative to base, and whether p is base or below it; a
// relative and an absolute path are compared as absolute paths (relative
// ones are to the working directory).
func within(base, p string) (string, bool) {
	if filepath.IsAbs(p) != filepath.IsAbs(base) {
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		if a, err := filepath.Abs(base); err == nil {
			base = a
		}
	}
	rel, err := filepath.Rel(base, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// includeLine is the range of the first include directive, in the files
// read (in name order), that names path p as crossplane resolves it
// (relative to the main file's directory); the main file's first line when
// none does.
func includeLine(pl *places, main, p string) *hcl.Range {
	names := make([]string, 0, len(pl.files))
	for n := range pl.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for i, line := range strings.Split(string(pl.files[n]), "\n") {
			f := strings.Fields(strings.TrimSpace(strings.SplitN(line, "#", 2)[0]))
			if len(f) < 2 || f[0] != "include" {
				continue
			}
			arg := strings.Trim(strings.TrimSuffix(f[1], ";"), `"'`)
			if !filepath.IsAbs(arg) {
				arg = filepath.Join(filepath.Dir(main), arg)
			}
			if arg == p {
				return pl.rng(n, i+1, "include")
			}
		}
	}
	return pl.rng(main, 1, "")
}

// distributedHolds says what nginx's own file of that name holds.
func distributedHolds(name string) string {
	switch name {
	case "mime.types":
		return "types { }, the MIME type of each file extension"
	case "koi-utf", "koi-win", "win-utf":
		return "a charset_map"
	default:
		return strings.TrimSuffix(strings.TrimSuffix(name, "_params"), ".conf") + "_param lines"
	}
}

// snippets are the files ranges point into: the dump itself for a dump.
func snippets(files map[string][]byte, pl *places, src deployed.Source) map[string][]byte {
	if pl.dump == "" {
		return files
	}
	return map[string][]byte{src.Path: src.Bytes}
}

func cleanErr(err error) string {
	var pe *crossplane.ParseError
	if errors.As(err, &pe) {
		return pe.What
	}
	return err.Error()
}

func parseDiag(main, given string, pl *places, err error) *hcl.Diagnostic {
	var pe *crossplane.ParseError
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "nginx would reject this configuration"}
	if errors.As(err, &pe) {
		file := main
		if pe.File != nil {
			file = *pe.File
		}
		line := 0
		if pe.Line != nil {
			line = *pe.Line
		}
		d.Detail = pe.What + ". Run nginx -t on it; topo reads only configurations nginx accepts."
		d.Subject = pl.rng(file, line, "")
		return d
	}
	if strings.Contains(err.Error(), "include cycle") {
		d.Summary = "Includes that loop"
		d.Detail = given + " includes itself through its includes; nginx would not start. Break the loop."
		return d
	}
	d.Summary = "Cannot read the nginx configuration"
	d.Detail = err.Error()
	d.Subject = pl.rng(main, 1, "")
	return d
}

// lineRange is the range of word on line of file (the whole line's text
// when word is "" or not on it), or the file when line is 0.
func lineRange(files map[string][]byte, file string, line int, word string) *hcl.Range {
	r := hcl.Range{Filename: file, Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 1}}
	b := files[file]
	if line < 1 {
		return &r
	}
	off, n := 0, 1
	for n < line {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		n++
	}
	end := bytes.IndexByte(b[off:], '\n')
	if end < 0 {
		end = len(b) - off
	}
	text := b[off : off+end]
	start := len(text) - len(bytes.TrimLeft(text, " \t"))
	stop := len(bytes.TrimRight(text, " \t\r"))
	if i := bytes.IndexByte(text, '#'); i >= start && i < stop {
		stop = len(bytes.TrimRight(text[:i], " \t"))
	}
	if word != "" {
		if i := bytes.Index(text, []byte(word)); i >= 0 {
			start = i
			if j := bytes.IndexByte(text[i:], ';'); j >= 0 && i+j+1 <= stop+1 {
				stop = i + j + 1
			}
		}
	}
	if stop < start {
		stop = start
	}
	r.Start = hcl.Pos{Line: line, Column: start + 1, Byte: off + start}
	r.End = hcl.Pos{Line: line, Column: stop + 1, Byte: off + stop}
	return &r
}

type reader struct {
	pl        *places
	node      *deployed.Node
	diags     hcl.Diagnostics
	upstreams map[string]*deployed.Backend
	stream    map[string]*deployed.Backend
	// upgradeVars are map variables set from $http_upgrade.
	upgradeVars map[string]bool
	// sioPath is the Socket.IO path the node is read for.
	sioPath string
	// headerMaps are map variables set from a request header
	// ($http_NAME), by variable: a proxy_pass to http://$VAR sends by
	// that header's value.
	headerMaps map[string]*headerMap
}

// headerMap is `map $http_NAME $VAR { KEY VALUE; ... default VALUE; }`.
type headerMap struct {
	header  string // lower case, "-" for "_"
	keys    []string
	values  []string
	def     string
	at      *crossplane.Directive
	readErr string // why topo cannot follow it ("" when it can)
}

// readHeaderMap reads a map of a request header, or why topo cannot
// follow it: only exact keys (no regular expressions, hostnames or
// includes) are conditions a route can say.
func readHeaderMap(d *crossplane.Directive) *headerMap {
	m := &headerMap{header: strings.ReplaceAll(strings.TrimPrefix(arg(d, 0), "$http_"), "_", "-"), at: d}
	hasDefault, empty := false, ""
	for _, e := range d.Block {
		k, v := e.Directive, arg(e, 0)
		switch {
		case len(e.Args) != 1 || k == "hostnames" || k == "include" || k == "volatile" || strings.HasPrefix(k, "~"):
			m.readErr = "a map with " + k + " (topo reads exact keys and default)"
			return m
		case k == "default":
			m.def, hasDefault = v, true
		case k == "":
			empty = v
		default:
			m.keys = append(m.keys, strings.TrimPrefix(k, "\\"))
			m.values = append(m.values, v)
		}
	}
	if !hasDefault {
		m.def = empty
	}
	return m
}

func (r *reader) at(d *crossplane.Directive) hcl.Range {
	return *r.pl.rng(d.File, d.Line, d.Directive)
}

func (r *reader) note(d *crossplane.Directive, format string, args ...any) {
	r.node.Notes = append(r.node.Notes, deployed.Note{Range: r.at(d), Text: fmt.Sprintf(format, args...)})
}

func (r *reader) main(top crossplane.Directives, file string) {
	workers := 1
	var workersDir *crossplane.Directive
	for _, d := range top {
		switch d.Directive {
		case "worker_processes":
			workersDir = d
			if n, err := strconv.Atoi(arg(d, 0)); err == nil {
				workers = n
			} else {
				workers = 0
			}
		}
	}
	for _, d := range top {
		switch d.Directive {
		case "worker_shutdown_timeout":
			if v, ok := Duration(arg(d, 0)); ok && v > 0 {
				r.node.DrainTimeout = deployed.At(v, r.at(d))
			}
		case "events":
			for _, e := range d.Block {
				if e.Directive == "worker_connections" {
					if n, err := strconv.Atoi(arg(e, 0)); err == nil {
						if workers == 0 {
							r.note(workersDir, "worker_processes auto: the connection budget depends on the host's cores, so max_connections is left out")
						} else {
							r.node.MaxConnections = deployed.At(workers*n, r.at(e))
						}
					}
				}
			}
		case "http":
			r.http(d)
		case "stream":
			r.streamBlock(d)
		}
	}
}

func arg(d *crossplane.Directive, i int) string {
	if d == nil || i >= len(d.Args) {
		return ""
	}
	return d.Args[i]
}

// inherited holds the directives a location inherits from server and http.
type inherited struct {
	headers     []*crossplane.Directive
	httpVersion *crossplane.Directive
	readTimeout *crossplane.Directive
	realIP      *crossplane.Directive
	trust       []*crossplane.Directive
}

func (in inherited) with(block crossplane.Directives) inherited {
	var hs, trust []*crossplane.Directive
	for _, d := range block {
		switch d.Directive {
		case "proxy_set_header":
			hs = append(hs, d)
		case "proxy_http_version":
			in.httpVersion = d
		case "proxy_read_timeout":
			in.readTimeout = d
		case "real_ip_header":
			in.realIP = d
		case "set_real_ip_from":
			trust = append(trust, d)
		}
	}
	if trust != nil {
		in.trust = trust
	}
	// nginx: proxy_set_header at one level replaces all inherited ones.
	if hs != nil {
		in.headers = hs
	}
	return in
}

func (r *reader) http(h *crossplane.Directive) {
	r.upgradeVars = map[string]bool{}
	r.headerMaps = map[string]*headerMap{}
	for _, d := range h.Block {
		switch d.Directive {
		case "map":
			if arg(d, 0) == "$http_upgrade" && strings.HasPrefix(arg(d, 1), "$") {
				r.upgradeVars[arg(d, 1)] = true
			}
			if strings.HasPrefix(arg(d, 0), "$http_") && strings.HasPrefix(arg(d, 1), "$") {
				r.headerMaps[arg(d, 1)] = readHeaderMap(d)
			}
		case "upstream":
			r.upstreams[arg(d, 0)] = r.upstream(d)
		}
	}
	base := inherited{}.with(h.Block)
	// The server topo follows: the first that proxies, unless another
	// has a location of its own for the Socket.IO path (virtual hosts of
	// one node: the chat's, not the API's in front of it in the file).
	var follow *crossplane.Directive
	for _, s := range h.Block {
		if s.Directive == "server" && proxies(s.Block) {
			if follow == nil || (!r.sioLocation(follow) && r.sioLocation(s)) {
				follow = s
			}
		}
	}
	// The followed server first: its listens are the node's first
	// addresses, the one the tier in front is matched to.
	if follow != nil {
		r.node.Proxies = true
		r.server(follow, base.with(follow.Block))
	}
	for _, s := range h.Block {
		if s.Directive != "server" || s == follow {
			continue
		}
		if !proxies(s.Block) {
			r.redirect(s)
			continue
		}
		at := r.at(follow)
		r.note(s, "another server that proxies: topo reads the one at %s:%d, %s; lint this one as its own file if it serves Socket.IO too", at.Filename, at.Start.Line, r.followWhy(follow))
		r.listens(s, false)
	}
}

// sioLocation reports whether server s has a location of its own, other
// than "/", that takes the Socket.IO path and proxies.
func (r *reader) sioLocation(s *crossplane.Directive) bool {
	for _, l := range s.Block {
		if l.Directive != "location" || !proxies(l.Block) {
			continue
		}
		path, ok := locationPath(l.Args)
		if !ok {
			path, ok = regexPath(l.Args)
		}
		if ok && path != "/*" && topology.MatchPath(path, r.sioPath) {
			return true
		}
	}
	return false
}

func (r *reader) followWhy(s *crossplane.Directive) string {
	if r.sioLocation(s) {
		return "whose location takes " + r.sioPath
	}
	return "the first"
}

// redirect reads a server that only redirects plain HTTP to https.
func (r *reader) redirect(s *crossplane.Directive) {
	var port int
	var at *crossplane.Directive
	for _, d := range s.Block {
		switch d.Directive {
		case "listen":
			if a, ok := parseListen(arg(d, 0)); ok && port == 0 && len(d.Args) == 1 {
				port, at = a.Port, d
			}
		case "return":
			if !strings.HasPrefix(arg(d, 1), "https://") {
				return
			}
		}
	}
	for _, d := range s.Block {
		if d.Directive == "return" && at != nil && !r.node.RedirectHTTPPort.Set {
			r.node.RedirectHTTPPort = deployed.At(port, r.at(at))
		}
	}
}

func proxies(block crossplane.Directives) bool {
	for _, d := range block {
		if d.Directive == "proxy_pass" {
			return true
		}
		if d.Directive == "location" && proxies(d.Block) {
			return true
		}
	}
	return false
}

// listens records the server's listen addresses; tls and PROXY only from
// the first server.
func (r *reader) listens(s *crossplane.Directive, first bool) {
	for _, d := range s.Block {
		if d.Directive != "listen" {
			continue
		}
		a, ok := parseListen(arg(d, 0))
		if !ok {
			r.note(d, "listen %s: not an address and port topo reads", arg(d, 0))
			continue
		}
		a.Range = r.at(d)
		r.node.Listen = append(r.node.Listen, a)
		if r.node.Range.Filename == "" {
			r.node.Range = a.Range
		}
		if !first {
			continue
		}
		for _, o := range d.Args[1:] {
			switch o {
			case "ssl":
				r.node.TLS = deployed.At(true, a.Range)
			case "proxy_protocol":
				r.node.AcceptProxy = deployed.At(true, a.Range)
			}
		}
	}
}

func (r *reader) server(s *crossplane.Directive, in inherited) {
	r.node.Layer = deployed.Setting[int]{Value: 7}
	r.listens(s, true)
	for _, d := range s.Block {
		switch d.Directive {
		case "ssl_certificate":
			r.node.Certificate = arg(d, 0)
		case "ssl":
			if arg(d, 0) == "on" {
				r.node.TLS = deployed.At(true, r.at(d))
			}
		}
	}
	for _, d := range in.trust {
		if v := arg(d, 0); !strings.HasPrefix(v, "unix:") {
			t := r.node.TrustFrom
			t.Value = append(t.Value, v)
			if !t.Set {
				t.Set, t.Range = true, r.at(d)
			}
			r.node.TrustFrom = t
		}
	}
	if in.realIP != nil {
		switch strings.ToLower(arg(in.realIP, 0)) {
		case "x-forwarded-for":
			r.node.RealIPFrom = deployed.At("x_forwarded_for", r.at(in.realIP))
		case "proxy_protocol":
			r.node.RealIPFrom = deployed.At("proxy_protocol", r.at(in.realIP))
		default:
			r.note(in.realIP, "real_ip_header %s: topo reads the client address from X-Forwarded-For or a PROXY header only", arg(in.realIP, 0))
		}
	}
	// A server-level proxy_pass is its default way.
	for _, d := range s.Block {
		if d.Directive == "proxy_pass" {
			r.node.Routes, r.node.Default = r.addWays(r.node.Routes, d, "", "", in, s)
		}
	}
	// nginx takes an exact (=) location, else the longest prefix when it
	// is ^~, else the first regular expression that matches, else the
	// longest prefix: the routes are put in that order of kinds.
	rank := map[*deployed.Way]int{}
	defer func() {
		sort.SliceStable(r.node.Routes, func(i, j int) bool { return rank[r.node.Routes[i]] < rank[r.node.Routes[j]] })
	}()
	var prev *crossplane.Directive
	for _, l := range s.Block {
		comment := prev
		prev = l
		if l.Directive != "location" {
			continue
		}
		lin := in.with(l.Block)
		var pass *crossplane.Directive
		for _, d := range l.Block {
			switch d.Directive {
			case "proxy_pass":
				pass = d
			case "location":
				if proxies(d.Block) {
					r.note(d, "a nested location: topo reads top-level locations only")
				}
			}
		}
		if pass == nil {
			continue
		}
		path, ok := locationPath(l.Args)
		kind := 2
		switch {
		case ok && len(l.Args) == 2:
			kind = 0
		case !ok:
			if path, ok = regexPath(l.Args); !ok {
				r.note(l, "location %s: a regular expression topo cannot say as a route path (it reads ^/literal/prefix, with $ for an exact path); the requests it takes are not followed", strings.Join(l.Args, " "))
				continue
			}
			kind = 1
		}
		if path == "/*" {
			if r.node.Default == nil {
				r.node.Routes, r.node.Default = r.addWays(r.node.Routes, pass, "", "", lin, l)
			}
			continue
		}
		name := deployed.RouteName(path)
		// topo render names each route in a comment above its location.
		if comment != nil && comment.Comment != nil {
			if f := strings.Fields(*comment.Comment); len(f) == 2 && f[0] == "route" {
				name = f[1]
			}
		}
		var w *deployed.Way
		before := len(r.node.Routes)
		r.node.Routes, w = r.addWays(r.node.Routes, pass, name, path, lin, l)
		r.node.Routes = append(r.node.Routes, w)
		for _, x := range r.node.Routes[before:] {
			rank[x] = kind
		}
	}
}

// regexPath maps a regular-expression location that only anchors a
// literal path to a topology path: "~ ^/socket\.io/" is "/socket.io/*",
// "~ ^/health$" is "/health". An unescaped "." is taken as itself (the
// location matches that path and others, which Socket.IO does not use);
// any other operator is not said.
func regexPath(args []string) (string, bool) {
	if len(args) != 2 || (args[0] != "~" && args[0] != "~*") || !strings.HasPrefix(args[1], "^/") {
		return "", false
	}
	re := args[1][1:]
	exact := strings.HasSuffix(re, "$") && !strings.HasSuffix(re, "\\$")
	re = strings.TrimSuffix(re, "$")
	if !exact {
		re = strings.TrimSuffix(re, ".*")
	}
	var b strings.Builder
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\' && i+1 < len(re) && strings.IndexByte(".-/_~", re[i+1]) >= 0:
			i++
			b.WriteByte(re[i])
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/._~-", c) >= 0:
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	if exact {
		return b.String(), true
	}
	return b.String() + "*", true
}

// locationPath maps a prefix or exact location to a topology path.
func locationPath(args []string) (string, bool) {
	switch {
	case len(args) == 1:
		return args[0] + "*", strings.HasPrefix(args[0], "/")
	case len(args) == 2 && args[0] == "^~":
		return args[1] + "*", strings.HasPrefix(args[1], "/")
	case len(args) == 2 && args[0] == "=":
		return args[1], strings.HasPrefix(args[1], "/")
	}
	return "", false
}

// addWays reads the way of proxy_pass pass. Its target may be
// http://$VAR of a map of a request header: each key of the map is then a
// way with that header condition, added to routes in the map's order, and
// the map's default is the way returned, which takes the rest.
func (r *reader) addWays(routes []*deployed.Way, pass *crossplane.Directive, name, path string, in inherited, block *crossplane.Directive) ([]*deployed.Way, *deployed.Way) {
	target := arg(pass, 0)
	scheme := "http://"
	if strings.HasPrefix(target, "https://") {
		scheme = "https://"
	}
	host, rest, _ := strings.Cut(strings.TrimPrefix(target, scheme), "/")
	m := r.headerMaps[host]
	if m == nil || !strings.HasPrefix(target, scheme) {
		return routes, r.way(pass, name, path, in, block)
	}
	if m.readErr != "" {
		r.note(m.at, "map %s %s: %s; the requests of proxy_pass %s are not followed", arg(m.at, 0), arg(m.at, 1), m.readErr, target)
		return routes, r.way(pass, name, path, in, block)
	}
	to := func(v string) *crossplane.Directive {
		d := *pass
		d.Args = append([]string{scheme + v + strings.TrimSuffix("/"+rest, "/")}, pass.Args[1:]...)
		return &d
	}
	for i, k := range m.keys {
		w := r.way(to(m.values[i]), deployed.RouteName(strings.TrimSuffix(name+" "+m.header+" "+k, " ")), path, in, block)
		if name == "" {
			w.Name = deployed.RouteName(path + " " + m.header + " " + k)
		}
		w.Header = map[string]string{m.header: k}
		routes = append(routes, w)
	}
	if m.def == "" {
		r.note(m.at, "map %s %s has no default: proxy_pass %s of other requests has no target", arg(m.at, 0), arg(m.at, 1), target)
		w := r.way(pass, name, path, in, block)
		w.Backend = nil
		return routes, w
	}
	return routes, r.way(to(m.def), name, path, in, block)
}

func (r *reader) way(pass *crossplane.Directive, name, path string, in inherited, block *crossplane.Directive) *deployed.Way {
	w := &deployed.Way{Name: name, Path: path, Range: r.at(block)}
	target := arg(pass, 0)
	u := strings.TrimPrefix(strings.TrimPrefix(target, "http://"), "https://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	switch {
	case strings.Contains(u, "$"):
		r.note(pass, "proxy_pass %s: a variable target cannot be followed; declare the tier it reaches", target)
	case r.upstreams[u] != nil:
		w.Backend = r.upstreams[u]
	default:
		a, ok := parseServer(u)
		if !ok {
			r.note(pass, "proxy_pass %s: not an upstream of this file nor an address", target)
			break
		}
		a.Range = r.at(pass)
		w.Backend = &deployed.Backend{Name: "", Range: a.Range, Servers: []deployed.Addr{a}}
	}
	var upgrade, connection *crossplane.Directive
	for _, h := range in.headers {
		name, val := strings.ToLower(arg(h, 0)), arg(h, 1)
		switch name {
		case "upgrade":
			if val == "$http_upgrade" {
				upgrade = h
			}
		case "connection":
			if strings.EqualFold(val, "upgrade") || r.upgradeVars[val] {
				connection = h
			}
		case "x-forwarded-for":
			if val == "$proxy_add_x_forwarded_for" || val == "$remote_addr" {
				w.ForwardsClientIP = deployed.At("x_forwarded_for", r.at(h))
			}
		}
	}
	switch {
	case upgrade != nil && connection != nil && in.httpVersion != nil && arg(in.httpVersion, 0) == "1.1":
		w.Websocket = deployed.At(true, r.at(upgrade))
	case upgrade != nil && connection != nil:
		w.Websocket = deployed.At(false, r.at(upgrade))
		r.note(upgrade, "Upgrade and Connection headers without proxy_http_version 1.1: nginx speaks HTTP/1.0 to the upstream, which cannot upgrade")
	default:
		w.Websocket = deployed.Setting[bool]{Value: false, Range: w.Range}
	}
	if in.readTimeout != nil {
		if d, ok := Duration(arg(in.readTimeout, 0)); ok {
			w.IdleTimeout = deployed.At(d, r.at(in.readTimeout))
		}
	}
	return w
}

func (r *reader) upstream(u *crossplane.Directive) *deployed.Backend {
	b := &deployed.Backend{Name: arg(u, 0), Range: r.at(u)}
	for _, d := range u.Block {
		switch d.Directive {
		case "server":
			a, ok := parseServer(arg(d, 0))
			if !ok {
				if strings.HasPrefix(arg(d, 0), "unix:") {
					r.note(d, "server %s: a unix socket; topo's nodes are host:port addresses, so the process behind it is left out", arg(d, 0))
					continue
				}
				r.note(d, "server %s: not an address and port topo reads", arg(d, 0))
				continue
			}
			a.Range = r.at(d)
			for _, o := range d.Args[1:] {
				switch {
				case strings.HasPrefix(o, "weight=") && o != "weight=1":
					r.note(d, "server %s %s: topo treats servers as equal; weights are not followed", arg(d, 0), o)
				case o == "backup" || o == "down":
					r.note(d, "server %s %s: topo lists it as a normal server", arg(d, 0), o)
				case strings.HasPrefix(o, "max_conns="):
					n, err := strconv.Atoi(strings.TrimPrefix(o, "max_conns="))
					switch {
					case err != nil || n < 0:
					case b.MaxConns.Set && b.MaxConns.Value != n:
						r.note(d, "server %s %s: the servers have different max_conns; topo keeps the first, %d", arg(d, 0), o, b.MaxConns.Value)
					case n > 0 && !b.MaxConns.Set:
						b.MaxConns = deployed.At(n, r.at(d))
					}
				}
			}
			b.Servers = append(b.Servers, a)
		case "ip_hash":
			b.Balance = deployed.At("ip_hash", r.at(d))
		case "least_conn":
			b.Balance = deployed.At("least_conn", r.at(d))
		case "random":
			b.Balance = deployed.At("random", r.at(d))
		case "sticky":
			if arg(d, 0) == "cookie" && arg(d, 1) != "" {
				b.Balance = deployed.At("cookie", r.at(d))
				b.CookieName = arg(d, 1)
			} else if arg(d, 0) == "learn" && slices.Contains(d.Args, "create=$upstream_cookie_io") && slices.Contains(d.Args, "lookup=$arg_sid") {
				b.Balance = deployed.At("learn", r.at(d))
			} else {
				r.note(d, "sticky %s: topo reads sticky cookie, and sticky learn of the io cookie looked up in $arg_sid", strings.Join(d.Args, " "))
			}
		case "hash":
			key, ok := hashKey(arg(d, 0))
			if !ok {
				r.note(d, "hash %s: a key topo cannot follow (it reads $remote_addr, $http_*, $cookie_* and $arg_*); the hop is taken as random", arg(d, 0))
				b.Balance = deployed.At("random", r.at(d))
				continue
			}
			b.Balance = deployed.At("hash", r.at(d))
			b.HashKey = key
			b.Consistent = arg(d, 1) == "consistent"
		}
	}
	return b
}

func hashKey(v string) (string, bool) {
	switch {
	case v == "$remote_addr" || v == "$binary_remote_addr":
		return "client_ip", true
	case v == "$http_x_forwarded_for":
		return "x_forwarded_for", true
	case strings.HasPrefix(v, "$http_") && len(v) > 6:
		return "header:" + strings.ReplaceAll(v[6:], "_", "-"), true
	case strings.HasPrefix(v, "$cookie_") && len(v) > 8:
		return "cookie:" + v[8:], true
	case strings.HasPrefix(v, "$arg_") && len(v) > 5:
		return "query:" + v[5:], true
	}
	return "", false
}

func (r *reader) streamBlock(h *crossplane.Directive) {
	for _, d := range h.Block {
		if d.Directive == "upstream" {
			r.stream[arg(d, 0)] = r.upstream(d)
		}
	}
	var timeout *crossplane.Directive
	for _, d := range h.Block {
		if d.Directive == "proxy_timeout" {
			timeout = d
		}
	}
	for _, s := range h.Block {
		if s.Directive != "server" || r.node.Default != nil || r.node.Layer.Value == 7 {
			continue
		}
		var pass *crossplane.Directive
		st := timeout
		for _, d := range s.Block {
			switch d.Directive {
			case "proxy_pass":
				pass = d
			case "proxy_timeout":
				st = d
			}
		}
		if pass == nil {
			continue
		}
		r.node.Proxies = true
		r.node.Layer = deployed.At(4, r.at(h))
		r.listens(s, true)
		w := &deployed.Way{Range: r.at(s), Websocket: deployed.Setting[bool]{Value: true}}
		if b := r.stream[arg(pass, 0)]; b != nil {
			w.Backend = b
		} else if a, ok := parseServer(arg(pass, 0)); ok {
			a.Range = r.at(pass)
			w.Backend = &deployed.Backend{Range: a.Range, Servers: []deployed.Addr{a}}
		} else {
			r.note(pass, "proxy_pass %s: not an upstream of this file nor an address", arg(pass, 0))
		}
		for _, d := range s.Block {
			if d.Directive == "proxy_protocol" && arg(d, 0) == "on" {
				w.ForwardsClientIP = deployed.At("proxy_protocol", r.at(d))
			}
		}
		if st != nil {
			if t, ok := Duration(arg(st, 0)); ok {
				w.IdleTimeout = deployed.At(t, r.at(st))
			}
		}
		r.node.Default = w
	}
}

// parseListen reads the address of a listen directive.
func parseListen(s string) (deployed.Addr, bool) {
	if strings.HasPrefix(s, "unix:") {
		return deployed.Addr{}, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return deployed.Addr{Port: n}, n > 0 && n < 65536
	}
	a, ok := parseServer(s)
	if a.Host == "*" || a.Host == "0.0.0.0" || a.Host == "[::]" {
		a.Host = ""
	}
	return a, ok
}

// parseServer reads host[:port] (port 80 when absent), [v6]:port included.
func parseServer(s string) (deployed.Addr, bool) {
	if s == "" || strings.HasPrefix(s, "unix:") {
		return deployed.Addr{}, false
	}
	host, port := s, "80"
	if strings.HasPrefix(s, "[") {
		i := strings.IndexByte(s, ']')
		if i < 0 {
			return deployed.Addr{}, false
		}
		host = s[:i+1]
		if rest := s[i+1:]; rest != "" {
			if !strings.HasPrefix(rest, ":") {
				return deployed.Addr{}, false
			}
			port = rest[1:]
		}
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i+1:]
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || host == "" {
		return deployed.Addr{}, false
	}
	return deployed.Addr{Host: host, Port: n}, true
}

// Duration reads an nginx time ("75s", "1m", "60", "1h 30m", "500ms").
func Duration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	var total time.Duration
	for _, part := range strings.Fields(s) {
		i := 0
		for i < len(part) && part[i] >= '0' && part[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			return 0, false
		}
		n, _ := strconv.Atoi(part[:i])
		unit := map[string]time.Duration{"": time.Second, "ms": time.Millisecond, "s": time.Second, "m": time.Minute,
			"h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}
		u, ok := unit[part[i:]]
		if !ok {
			return 0, false
		}
		total += time.Duration(n) * u
	}
	return total, true
}
