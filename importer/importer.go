package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/importer/awslb"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/importer/haproxycfg"
	"github.com/topolint/topo/importer/nginxconf"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/topology"
	"github.com/zclconf/go-cty/cty"
)

// Options change what Import reads.
type Options struct {
	// Overlay holds HCL blocks (topology, socketio, client) that a
	// configuration cannot say; OverlayName names it in ranges.
	Overlay     []byte
	OverlayName string
	// MaxFileSize bounds every file read (includes among them); 0 is topo's
	// default.
	MaxFileSize int64
	// Name is the file name the topology is given in ranges and comments.
	Name string
	// NginxConfDir is the directory nginx.conf is deployed in on the nodes
	// (nginxconf.DefaultConfDir when ""): absolute includes under it are
	// read from under each main file's directory.
	NginxConfDir string
}

// Result is an imported topology.
type Result struct {
	// Name is the topology's file name (Options.Name, or "imported.hcl").
	Name string
	// HCL is the topology, formatted as hclwrite formats it.
	HCL []byte
	// Origins maps a line of HCL to the range of the configuration (or
	// overlay) it was read from.
	Origins map[int]hcl.Range
	// Files holds every file read, by the name its ranges use.
	Files map[string][]byte
	// Notes are what the topology does not say, at their lines.
	Notes []deployed.Note
}

// Arg splits a command-line source "FILE@HOST" into the file and the host
// its node runs on ("" when not given, or when FILE@HOST is itself a file).
func Arg(s string) (file, host string) {
	i := strings.LastIndexByte(s, '@')
	if i <= 0 || i == len(s)-1 {
		return s, ""
	}
	if _, err := os.Stat(s); err == nil {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// IsConfig reports whether path names a deployed configuration rather than
// a topology: a file that does not end in .hcl, or FILE@HOST.
func IsConfig(path string) bool {
	f, host := Arg(path)
	if host != "" {
		return true
	}
	info, err := os.Stat(f)
	return err == nil && !info.IsDir() && !strings.HasSuffix(f, ".hcl")
}

// ReadSources reads the files named by args (FILE or FILE@HOST).
func ReadSources(args []string, limit int64) ([]deployed.Source, error) {
	if limit <= 0 {
		limit = safeio.DefaultLimit
	}
	var out []deployed.Source
	for _, a := range args {
		f, host := Arg(a)
		b, err := safeio.ReadFile(f, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, deployed.Source{Path: f, Host: host, Bytes: b})
	}
	return out, nil
}

// Import reads the configurations srcs and builds their topology.
func Import(srcs []deployed.Source, opts Options) (*Result, hcl.Diagnostics) {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = safeio.DefaultLimit
	}
	res := &Result{Name: opts.Name, Files: map[string][]byte{}, Origins: map[int]hcl.Range{}}
	if res.Name == "" {
		res.Name = "imported.hcl"
	}
	var diags hcl.Diagnostics
	var nodes []*deployed.Node
	var describes []deployed.Source
	// The Socket.IO path the overlay declares, read once: the parsers
	// choose the server to follow by it, the builder the way.
	sioPath := overlaySocketIOPath(opts.Overlay, opts.OverlayName)
	for _, s := range srcs {
		var n *deployed.Node
		var d hcl.Diagnostics
		// AWS load balancers: a file can hold several; the describe
		// outputs are read together.
		var aws func(deployed.Source) ([]*deployed.Node, hcl.Diagnostics)
		switch {
		case awslb.LooksShowJSON(s.Bytes):
			aws = awslb.ParseShowJSON
		case awslb.LooksDescribe(s.Bytes):
			res.Files[s.Path] = s.Bytes
			describes = append(describes, s)
			continue
		case awslb.LooksTerraform(s.Path):
			aws = awslb.ParseTerraform
		}
		if aws != nil {
			res.Files[s.Path] = s.Bytes
			ns, d := aws(s)
			diags = append(diags, d...)
			nodes = append(nodes, ns...)
			continue
		}
		if haproxycfg.Looks(s.Bytes) {
			res.Files[s.Path] = s.Bytes
			n, d = haproxycfg.Parse(s, sioPath)
		} else {
			var files map[string][]byte
			n, files, d = nginxconf.Parse(s, nginxconf.Options{ConfDir: opts.NginxConfDir, SocketIOPath: sioPath,
				Read: func(p string) ([]byte, error) { return safeio.ReadFile(p, limit) }})
			for k, v := range files {
				res.Files[k] = v
			}
		}
		diags = append(diags, d...)
		if n != nil {
			nodes = append(nodes, n)
		}
	}
	if describes != nil {
		ns, d := awslb.ParseDescribe(describes)
		diags = append(diags, d...)
		nodes = append(nodes, ns...)
	}
	if opts.Overlay != nil {
		res.Files[opts.OverlayName] = opts.Overlay
	}
	if diags.HasErrors() {
		return res, diags
	}
	if len(nodes) == 0 {
		return res, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Nothing to import", Detail: "Give at least one nginx or HAProxy configuration."}}
	}
	// An nginx node that proxies nothing is not a hop of any chain: most
	// likely the wrong file (a web server's, or a main file whose proxying
	// servers are in files it does not include). haproxycfg says the same
	// of an haproxy.cfg.
	for _, n := range nodes {
		switch {
		case n.Kind == "nginx" && !n.Proxies:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No nginx server that proxies",
				Detail:  fmt.Sprintf("%s has no server (http or stream) that proxy_passes: topo has nothing to follow. Give the configuration of a node that proxies to the socket.io servers or to the next proxy.", n.File),
				Subject: n.Range.Ptr()})
		case n.Kind == "nginx" && n.Default == nil && len(n.Routes) == 0:
			var why []string
			for _, no := range n.Notes {
				why = append(why, fmt.Sprintf("line %d: %s", no.Range.Start.Line, no.Text))
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No way topo can follow",
				Detail:  fmt.Sprintf("%s proxies, but through nothing topo reads (%s). Declare the chain in HCL instead (docs/language.md).", n.File, strings.Join(why, "; ")),
				Subject: n.Range.Ptr()})
		}
	}
	if diags.HasErrors() {
		return res, diags
	}
	b := &builder{res: res, nodes: nodes, opts: opts, sioPath: sioPath}
	b.overlay()
	if b.diags.HasErrors() {
		return res, append(diags, b.diags...)
	}
	b.build()
	b.write()
	return res, append(diags, b.diags...)
}

type tier struct {
	name    string
	kind    string
	nodes   []*deployed.Node
	servers []deployed.Addr // for a socketio tier
	by      *deployed.Backend
	order   bool // siblings list servers in different orders
}

type builder struct {
	res   *Result
	opts  Options
	nodes []*deployed.Node
	diags hcl.Diagnostics

	// from the overlay
	blocks []overlayBlock
	// declared are whole tiers the overlay adds.
	declared []overlayBlock
	extra    map[string][]overlayAttr // tier name → attributes the overlay adds
	extraAt  map[string]hcl.Range
	sioPath  string
	clients  bool

	byAddr map[string]*deployed.Node
	// reached is the address the first backend that sends to a node uses.
	reached     map[*deployed.Node]deployed.Addr
	allBackends []*deployed.Backend
	tierOf      map[*deployed.Node]*tier
	appOf       map[string]*tier // by the backend's server set
	tiers       []*tier
	names       map[string]bool
	entries     []*tier
}

// overlayAttr is an attribute an overlay tier block adds to, or replaces
// in, the imported tier of its name.
type overlayAttr struct {
	name string
	src  string
	rng  hcl.Range
}

type overlayBlock struct {
	typ  string
	src  []byte
	line int
	// name and rng are a declared tier's name and label range.
	name string
	rng  hcl.Range
}

func key(host string, port int) string { return host + ":" + strconv.Itoa(port) }

func (b *builder) overlay() {
	if b.opts.Overlay == nil {
		return
	}
	f, diags := hclsyntax.ParseConfig(b.opts.Overlay, b.opts.OverlayName, hcl.InitialPos)
	b.diags = append(b.diags, diags...)
	if diags.HasErrors() {
		return
	}
	body := f.Body.(*hclsyntax.Body)
	for name, a := range body.Attributes {
		b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected attribute in the overlay",
			Detail: fmt.Sprintf("The overlay holds topology, socketio and client blocks only; %q is an attribute.", name), Subject: a.SrcRange.Ptr()})
	}
	for _, blk := range body.Blocks {
		switch blk.Type {
		case "topology", "socketio", "client":
		case "tier":
			b.overlayTier(blk)
			continue
		default:
			b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected block in the overlay",
				Detail: fmt.Sprintf("The overlay holds topology, socketio and client blocks, and tier blocks that add attributes to imported tiers; not %q.", blk.Type), Subject: blk.TypeRange.Ptr()})
			continue
		}
		r := blk.Range()
		b.blocks = append(b.blocks, overlayBlock{typ: blk.Type, src: b.opts.Overlay[r.Start.Byte:r.End.Byte], line: r.Start.Line})
		if blk.Type == "client" {
			b.clients = true
		}
	}
}

// overlaySocketIOPath is the Socket.IO path the overlay's socketio block
// declares, "/socket.io/" when it declares none or the overlay does not
// parse (overlay reports that).
func overlaySocketIOPath(src []byte, name string) string {
	if src != nil {
		if f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); !diags.HasErrors() {
			for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
				if a := blk.Body.Attributes["path"]; blk.Type == "socketio" && a != nil {
					if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
						return v.AsString()
					}
				}
			}
		}
	}
	return "/socket.io/"
}

// overlayTier records the attributes of an overlay tier block, which adds
// to (or replaces in) the imported tier of its name what a configuration
// cannot say, such as a socket.io tier's workers.
func (b *builder) overlayTier(blk *hclsyntax.Block) {
	if len(blk.Labels) != 1 {
		b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "A tier block needs its name",
			Detail: "Write tier \"NAME\" { ... } with the name of an imported tier.", Subject: blk.TypeRange.Ptr()})
		return
	}
	if b.extra == nil {
		b.extra, b.extraAt = map[string][]overlayAttr{}, map[string]hcl.Range{}
	}
	name := blk.Labels[0]
	if _, ok := blk.Body.Attributes["kind"]; ok {
		// A whole tier the configurations do not hold (an F5, an ALB in
		// front): written as it is.
		r := blk.Range()
		b.declared = append(b.declared, overlayBlock{typ: "tier", src: b.opts.Overlay[r.Start.Byte:r.End.Byte], line: r.Start.Line, name: name, rng: blk.LabelRanges[0]})
		return
	}
	b.extraAt[name] = blk.LabelRanges[0]
	for _, inner := range blk.Body.Blocks {
		b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected block in an overlay tier",
			Detail: "An overlay tier block adds attributes to an imported tier; routes come from the configurations.", Subject: inner.TypeRange.Ptr()})
	}
	var attrs []overlayAttr
	for an, a := range blk.Body.Attributes {
		r := a.SrcRange
		attrs = append(attrs, overlayAttr{name: an, src: string(b.opts.Overlay[r.Start.Byte:r.End.Byte]), rng: r})
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].rng.Start.Byte < attrs[j].rng.Start.Byte })
	b.extra[name] = append(b.extra[name], attrs...)
}

func (b *builder) note(r hcl.Range, format string, args ...any) {
	b.res.Notes = append(b.res.Notes, deployed.Note{Range: r, Text: fmt.Sprintf(format, args...)})
}

// backends lists every backend of every node's ways, in order, once.
func (b *builder) backends() []*deployed.Backend {
	if b.allBackends != nil {
		return b.allBackends
	}
	seen := map[*deployed.Backend]bool{}
	var out []*deployed.Backend
	for _, n := range b.nodes {
		for _, w := range ways(n) {
			if w.Backend != nil && !seen[w.Backend] {
				seen[w.Backend] = true
				out = append(out, w.Backend)
			}
		}
	}
	b.allBackends = out
	return out
}

func ways(n *deployed.Node) []*deployed.Way {
	out := append([]*deployed.Way(nil), n.Routes...)
	if n.Default != nil {
		out = append(out, n.Default)
	}
	return out
}

func (b *builder) build() {
	b.byAddr = map[string]*deployed.Node{}
	b.tierOf = map[*deployed.Node]*tier{}
	b.appOf = map[string]*tier{}
	b.names = map[string]bool{}
	for _, n := range b.nodes {
		for i := range n.Listen {
			if n.Listen[i].Host == "" && n.Host != "" {
				n.Listen[i].Host = n.Host
			}
		}
		for _, a := range n.Listen {
			if a.Host != "" {
				k := key(a.Host, a.Port)
				if other := b.byAddr[k]; other != nil && other != n {
					b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Two configurations listen on one address",
						Detail: fmt.Sprintf("%s and %s both listen on %s; give each node's file once, with FILE@HOST when it listens on every address.", other.File, n.File, k), Subject: a.Range.Ptr()})
					continue
				}
				b.byAddr[k] = n
			}
		}
	}
	// A node that proxies only the Socket.IO path answers the others
	// itself: that route is the way topo follows (its first way there
	// without a header or query condition; the conditioned ones stay
	// routes before it).
	for _, n := range b.nodes {
		if n.Default != nil {
			continue
		}
		for i, w := range n.Routes {
			if len(w.Header) == 0 && len(w.Query) == 0 && topology.MatchPath(w.Path, b.sioPath) {
				n.Default = w
				// It stays a route, in its place, when a later one would
				// take the Socket.IO path too (a prefix location after a
				// regular expression that nginx tries first).
				later := false
				for _, x := range n.Routes[i+1:] {
					later = later || topology.MatchPath(x.Path, b.sioPath)
				}
				if !later {
					n.Routes = append(n.Routes[:i:i], n.Routes[i+1:]...)
				}
				break
			}
		}
	}
	b.placeWildcards()
	// Nodes one backend reaches are one tier.
	parent := map[*deployed.Node]*deployed.Node{}
	var find func(*deployed.Node) *deployed.Node
	find = func(n *deployed.Node) *deployed.Node {
		for parent[n] != nil && parent[n] != n {
			n = parent[n]
		}
		return n
	}
	namer := map[*deployed.Node]*deployed.Backend{}
	for _, be := range b.backends() {
		var first *deployed.Node
		for _, s := range be.Servers {
			n := b.byAddr[key(s.Host, s.Port)]
			if n == nil {
				continue
			}
			if first == nil {
				first = n
				if namer[find(n)] == nil {
					namer[find(n)] = be
				}
				continue
			}
			if ra, rb := find(first), find(n); ra != rb {
				parent[rb] = ra
				if namer[ra] == nil {
					namer[ra] = namer[rb]
				}
			}
		}
	}
	groups := map[*deployed.Node]*tier{}
	for _, n := range b.nodes {
		root := find(n)
		t := groups[root]
		if t == nil {
			t = &tier{kind: n.Kind, by: namer[root]}
			groups[root] = t
			b.tiers = append(b.tiers, t)
		}
		t.nodes = append(t.nodes, n)
		b.tierOf[n] = t
	}
	// Entry tiers: nodes nobody sends to, one tier each unless their files
	// say the same.
	var kept []*tier
	for _, t := range b.tiers {
		if t.by != nil {
			kept = append(kept, t)
			continue
		}
		merged := false
		for _, e := range b.entries {
			if e.kind == t.kind && sameShape(e.nodes[0], t.nodes[0]) {
				e.nodes = append(e.nodes, t.nodes...)
				for _, n := range t.nodes {
					b.tierOf[n] = e
				}
				merged = true
				break
			}
		}
		if !merged {
			b.entries = append(b.entries, t)
			kept = append(kept, t)
		}
	}
	b.tiers = kept
	for _, t := range b.tiers {
		t.name = b.unique(b.tierName(t))
	}
	// Socket.io tiers: backends whose servers no file listens on.
	for _, be := range b.backends() {
		var outside []deployed.Addr
		inside := 0
		for _, s := range be.Servers {
			if b.byAddr[key(s.Host, s.Port)] == nil {
				outside = append(outside, s)
			} else {
				inside++
			}
		}
		if len(outside) == 0 {
			continue
		}
		if inside > 0 {
			b.note(be.Range, "backend %s mixes servers that given files listen on with others (%s): topo follows only the first; give the files of the others", be.Name, outside[0].Host)
			continue
		}
		k := addrSet(outside)
		if b.appOf[k] == nil {
			name := be.Name
			if name == "" {
				name = "app"
			}
			t := &tier{kind: "socketio", servers: outside, by: be, name: b.unique(sanitize(name, "app"))}
			b.appOf[k] = t
			b.tiers = append(b.tiers, t)
		}
	}
	b.compareSiblings()
	b.reached = map[*deployed.Node]deployed.Addr{}
	for _, be := range b.backends() {
		for _, s := range be.Servers {
			if n := b.byAddr[key(s.Host, s.Port)]; n != nil {
				if _, ok := b.reached[n]; !ok {
					b.reached[n] = s
				}
			}
		}
	}
	for _, n := range b.nodes {
		b.res.Notes = append(b.res.Notes, n.Notes...)
		if len(b.tierOf[n].nodes) > 0 && b.tierOf[n].nodes[0] != n {
			continue
		}
		for _, w := range ways(n) {
			if w.Backend != nil && b.target(w) == nil && w == n.Default && len(w.Backend.Servers) == 0 && (n.Kind == "nginx" || n.Kind == "haproxy") {
				// The Socket.IO way ends in servers topo cannot read: say
				// so here, not as a chain that reaches no socketio tier.
				b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No server topo can read",
					Detail:  fmt.Sprintf("%s sends the Socket.IO path to %s, and topo reads none of its servers (see the notes: a unix socket, or a name without a port). Declare the chain in HCL instead (docs/language.md), with the socket.io processes as host:port nodes.", n.File, w.Backend.Name),
					Subject: w.Range.Ptr()})
			} else if w.Backend != nil && b.target(w) == nil {
				b.note(w.Range, "%s sends to %s, which topo cannot follow: it is left out", n.File, w.Backend.Name)
			} else if w == n.Default && w.Backend == nil {
				b.note(w.Range, "the default way of %s reaches nothing topo can follow", n.File)
			}
		}
	}
	sort.SliceStable(b.res.Notes, func(i, j int) bool {
		x, y := b.res.Notes[i].Range, b.res.Notes[j].Range
		if x.Filename != y.Filename {
			return x.Filename < y.Filename
		}
		return x.Start.Line < y.Start.Line
	})
}

// placeWildcards gives nodes that listen on every address of their host,
// with no FILE@HOST, the addresses of the one backend that sends to that
// port and reaches no file, when they are as many: by order.
func (b *builder) placeWildcards() {
	byPort := map[int][]*deployed.Node{}
	var ports []int
	for _, n := range b.nodes {
		for _, a := range n.Listen {
			if a.Host == "" {
				if byPort[a.Port] == nil {
					ports = append(ports, a.Port)
				}
				byPort[a.Port] = append(byPort[a.Port], n)
				break
			}
		}
	}
	for _, p := range ports {
		cands := byPort[p]
		sets := map[string][]deployed.Addr{}
		var who []*deployed.Backend
		for _, be := range b.backends() {
			var un []deployed.Addr
			for _, s := range be.Servers {
				if s.Port == p && b.byAddr[key(s.Host, s.Port)] == nil {
					un = append(un, s)
				}
			}
			// A node does not send to itself.
			if len(un) > 0 && !sendsOnly(cands, be) {
				k := addrSet(un)
				if sets[k] == nil {
					who = append(who, be)
				}
				sets[k] = un
			}
		}
		if len(sets) == 0 {
			// Nothing sends to this port: entry nodes, whose addresses
			// nothing needs.
			continue
		}
		if len(sets) != 1 {
			for _, n := range cands {
				b.note(n.Range, "%s listens on every address of its host (port %d) and topo cannot tell which address is its: give it as %s@HOST", n.File, p, n.File)
			}
			continue
		}
		var servers []deployed.Addr
		for _, v := range sets {
			servers = v
		}
		if len(servers) != len(cands) {
			for _, n := range cands {
				b.note(n.Range, "%s listens on every address of its host (port %d); %d servers of backend %s send to that port: give it as %s@HOST", n.File, p, len(servers), who[0].Name, n.File)
			}
			continue
		}
		for i, n := range cands {
			s := servers[i]
			for j := range n.Listen {
				if n.Listen[j].Host == "" && n.Listen[j].Port == p {
					n.Listen[j].Host = s.Host
				}
			}
			b.byAddr[key(s.Host, p)] = n
			b.note(n.Range, "%s listens on every address (port %d): taken as %s, server %d of backend %s by the order the files were given; give it as %s@HOST to be sure", n.File, p, s.Host, i+1, who[0].Name, n.File)
		}
	}
}

// sendsOnly reports whether backend be belongs to one of nodes only.
func sendsOnly(nodes []*deployed.Node, be *deployed.Backend) bool {
	for _, n := range nodes {
		for _, w := range ways(n) {
			if w.Backend == be {
				return true
			}
		}
	}
	return false
}

func addrSet(as []deployed.Addr) string {
	var ks []string
	for _, a := range as {
		ks = append(ks, key(a.Host, a.Port))
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

// tierName names a tier: after its nodes' files when they are numbered
// nodes of one name (edge-1.conf, edge-2.conf, and topo render's
// <tier>-<n>), else after the backend that sends to it, else after its
// first file.
func (b *builder) tierName(t *tier) string {
	common, numbered := "", true
	for i, n := range t.nodes {
		base, num := nodeBase(n)
		numbered = numbered && num
		if i == 0 {
			common = base
		} else if base != common {
			common = ""
		}
	}
	if common != "" && numbered {
		return sanitize(common, t.kind)
	}
	if t.by != nil && t.by.Name != "" {
		return sanitize(t.by.Name, t.kind)
	}
	base, _ := nodeBase(t.nodes[0])
	return sanitize(base, t.kind)
}

// nodeBase is the name of a node's file without extension and without a
// -N suffix (numbered reports whether it had one).
func nodeBase(n *deployed.Node) (base string, numbered bool) {
	label := n.Label
	if label == "" {
		label = n.File
	}
	base = filepath.Base(label)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if i := strings.LastIndexAny(base, "-_"); i > 0 && i < len(base)-1 && strings.Trim(base[i+1:], "0123456789") == "" {
		base, numbered = base[:i], true
	}
	return base, numbered
}

func (b *builder) unique(n string) string {
	name := n
	for i := 2; b.names[name]; i++ {
		name = fmt.Sprintf("%s-%d", n, i)
	}
	b.names[name] = true
	return name
}

// sanitize makes s a tier name: a letter, then letters, digits, _ and -.
func sanitize(s, fallback string) string {
	var out strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			out.WriteRune(c)
		case (c >= '0' && c <= '9' || c == '_' || c == '-') && out.Len() > 0:
			out.WriteRune(c)
		case out.Len() > 0:
			out.WriteByte('-')
		}
	}
	r := strings.Trim(out.String(), "-")
	if r == "" {
		return fallback
	}
	if len(r) > 60 {
		r = r[:60]
	}
	return r
}

// sameShape reports whether two nodes' files say the same but for where
// they listen.
func sameShape(a, b *deployed.Node) bool {
	return bytes.Equal(shape(a, nil), shape(b, nil))
}

// shape is what a node's file says, as text, but for its listen
// addresses; with order false, backend server lists are sorted.
func shape(n *deployed.Node, servers func([]deployed.Addr) string) []byte {
	if servers == nil {
		servers = func(as []deployed.Addr) string {
			var ks []string
			for _, a := range as {
				ks = append(ks, key(a.Host, a.Port))
			}
			return strings.Join(ks, ",")
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s L%d tls=%v proxy=%v real=%s max=%d\n", n.Kind, n.Layer.Value, n.TLS.Value, n.AcceptProxy.Value, n.RealIPFrom.Value, n.MaxConnections.Value)
	for _, w := range ways(n) {
		fmt.Fprintf(&buf, "way %q %q ws=%v fwd=%s idle=%s", w.Name, w.Path, w.Websocket.Value, w.ForwardsClientIP.Value, w.IdleTimeout.Value)
		if be := w.Backend; be != nil {
			fmt.Fprintf(&buf, " -> %s %s %s %v %s [%s]", be.Name, be.Balance.Value, be.HashKey, be.Consistent, be.CookieName, servers(be.Servers))
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// compareSiblings reports nodes of one tier whose files differ, and marks
// server lists in different orders.
func (b *builder) compareSiblings() {
	sorted := func(as []deployed.Addr) string { return addrSet(as) }
	for _, t := range b.tiers {
		if len(t.nodes) < 2 {
			continue
		}
		for _, n := range t.nodes[1:] {
			first := t.nodes[0]
			if sameShape(first, n) {
				continue
			}
			if bytes.Equal(shape(first, sorted), shape(n, sorted)) {
				t.order = true
				continue
			}
			fl := bytes.Split(shape(first, sorted), []byte("\n"))
			nl := bytes.Split(shape(n, sorted), []byte("\n"))
			what := "its ways"
			for i := range fl {
				if i >= len(nl) || !bytes.Equal(fl[i], nl[i]) {
					if i == 0 {
						what = "its listener, TLS or client address settings"
					}
					break
				}
			}
			b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Sibling configurations differ",
				Detail:  fmt.Sprintf("%s and %s are nodes of tier %q (one backend sends to both), but %s differ. topo writes the tier from %s; a client can be routed differently by each. Make the files the same.", first.File, n.File, t.name, what, first.File),
				Subject: n.Range.Ptr()})
		}
	}
}

// socketWay is the way a node sends Socket.IO requests on.
func (b *builder) socketWay(n *deployed.Node) *deployed.Way {
	for _, w := range n.Routes {
		if topology.MatchPath(w.Path, b.sioPath) {
			return w
		}
	}
	return n.Default
}

// target is the tier a way sends to.
func (b *builder) target(w *deployed.Way) *tier {
	if w == nil || w.Backend == nil {
		return nil
	}
	for _, s := range w.Backend.Servers {
		if n := b.byAddr[key(s.Host, s.Port)]; n != nil {
			return b.tierOf[n]
		}
	}
	var outside []deployed.Addr
	for _, s := range w.Backend.Servers {
		outside = append(outside, s)
	}
	return b.appOf[addrSet(outside)]
}

// durationString writes d the shortest way Go's ParseDuration reads.
func durationString(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}

// Place maps a range of the imported topology to the range of the
// configuration its line was read from; other ranges are kept.
func (r *Result) Place(rng hcl.Range) hcl.Range {
	if rng.Filename != r.Name {
		return rng
	}
	if o, ok := r.Origins[rng.Start.Line]; ok {
		return o
	}
	return rng
}
