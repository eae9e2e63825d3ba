package topology

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/topolint/topo/internal/safeio"
)

// Schemas of the language. Attributes are all optional in the schema; the
// decoder reports missing required attributes itself so that it can say how
// to fix them.
var (
	rootSchema = &hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "topology", LabelNames: []string{"name"}},
			{Type: "socketio"},
			{Type: "client", LabelNames: []string{"name"}},
			{Type: "tier", LabelNames: []string{"name"}},
		},
	}
	topologySchema = attrSchema(nil, "description", "expected_connections")
	socketioSchema = attrSchema(nil, "version", "path", "transports", "ping_interval", "ping_timeout",
		"cookie", "adapter", "engine", "related_paths")
	clientSchema = attrSchema(nil, "entry", "transports", "cookies", "cross_site", "library", "share", "addresses", "reconnect", "headers", "runtime", "address_family", "path")
	tierSchema   = attrSchema([]hcl.BlockHeaderSchema{{Type: "route", LabelNames: []string{"name"}}},
		"kind", "layer", "version", "nodes", "balance", "hash_key", "consistent", "cookie_name", "websocket",
		"forwards_client_ip", "egress_addresses", "real_ip_from", "idle_timeout", "tls", "tls_certificate", "tls_key", "redirect_http_port", "max_connections", "backend_max_connections", "hash_balance_factor", "hash_preserve_affinity", "backend_protocol", "shared_table", "shared_table_port", "drain_timeout", "affinity_mode",
		"workers", "sticky_workers", "server_order", "to")
	routeSchema = attrSchema(nil, "path", "query", "header", "to", "balance", "hash_key", "consistent", "cookie_name", "strip_prefix", "cookie_path")
)

func attrSchema(blocks []hcl.BlockHeaderSchema, names ...string) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: blocks}
	for _, n := range names {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	return s
}

// Accepted values.
var (
	kinds       = []string{KindNginx, KindHAProxy, KindALB, KindNLB, KindELB, KindF5, KindLVS, KindSLB, KindDispatcher, KindSocketIO, KindCloudflare, KindGCPLB, KindK8sService, KindIngressNginx, KindEnvoy, KindTraefik, KindAzureAppGW}
	balances    = []string{RoundRobin, LeastConn, Random, IPHash, Hash, Cookie, SourceIP, Auto, Learn}
	transports  = []string{Polling, WebSocket, WebTransport}
	adapters    = []string{"none", "redis", "redis-streams", "postgres", "mongo", "cluster"}
	engines     = []string{"default", "cluster-engine", "cluster-engine-ipc"}
	addressSets = []string{AddressesPublic, AddressesNAT, AddressesSingleSubnet}
	reconnects  = []string{ReconnectEntry, ReconnectSameNode}
	runtimes    = []string{RuntimeBrowser, RuntimeNode, RuntimeNative}
	families    = []string{FamilyIPv4, FamilyIPv6, FamilyDual}
	forwards    = []string{ForwardNone, ForwardXFF, ForwardProxyProtocol, ForwardPreserve}
	realIPFroms = []string{RealIPPeer, ForwardXFF, ForwardProxyProtocol}
	tlsModes    = []string{"none", "terminate", "passthrough"}
	orders      = []string{ServerOrderSame, ServerOrderDiffers}
	hashKinds   = []string{KeyClientIP, KeyXFF, KeyHeader + ":NAME", KeyCookie + ":NAME", KeyQuery + ":NAME"}
)

// MaxNesting is how deeply brackets, braces, parentheses and template
// interpolations may nest in a topology file. A topology needs about five
// levels; the limit keeps the recursive parser far from the end of its stack
// on hostile input.
const MaxNesting = 100

// tooDeep returns a diagnostic at the first bracket that opens level
// MaxNesting+1 of src, or nil. It runs HCL's lexer, which does not recurse,
// so it measures exactly what the parser would nest.
func tooDeep(src Source) *hcl.Diagnostic {
	if depthBound(src.Bytes) <= MaxNesting {
		return nil // cannot be that deep: spare the lexing pass
	}
	tokens, _ := hclsyntax.LexConfig(src.Bytes, src.Name, hcl.InitialPos)
	depth := 0
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
			if depth > MaxNesting {
				rng := tok.Range
				return &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Too deeply nested",
					Detail:   fmt.Sprintf("This opens level %d of nested brackets, braces, parentheses or strings; topo reads at most %d. A topology needs a handful: look for unclosed or repeated brackets.", depth, MaxNesting),
					Subject:  &rng,
				}
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// depthBound is an upper bound of the nesting depth tooDeep measures,
// computed without building tokens: a scan that follows the lexer's modes
// (comments, quoted strings with their escapes, heredocs, template
// interpolations with their own braces) and counts opening and closing
// tokens as tooDeep does. Where the scan is unsure it leaves a level open,
// so it can only overestimate; FuzzDepthBound checks it against the lexer.
// Files whose bound stays within MaxNesting skip the lexing pass, which on
// a 10,000-node file cost a third of the decode time and 25 MB.
func depthBound(b []byte) int {
	deepest, stop := walkModes(b, nil, nil)
	if stop >= 0 {
		return deepest + coarseBound(b[stop:])
	}
	return deepest
}

// walkModes follows the lexer's modes over b (comments, quoted strings with
// their escapes, heredocs, template interpolations with their own braces),
// counting opening and closing tokens as tooDeep does, and calls
// atTopLevel(i) at every line end b[i] where no bracket, string, heredoc
// or comment is open. It returns the deepest level reached and, where it
// cannot follow the lexer exactly (an invalid UTF-8 sequence, an
// unterminated comment, a heredoc marker the lexer may read as a Unicode
// identifier), the offset it stopped at (else -1). Where it is unsure
// whether a level closes it leaves it open, so the depth only
// overestimates.
func walkModes(b []byte, atTopLevel func(i int), atBracket func(i int) int) (deepest, stop int) {
	type mode struct {
		kind   byte // 'n' normal (top level or interpolation), 'q' quoted, 'h' heredoc
		interp bool // a normal mode opened by "${" or "%{"
		braces int
		marker []byte
	}
	stack := []mode{{kind: 'n'}}
	depth := 0
	open := func() {
		depth++
		deepest = max(deepest, depth)
	}
	closeOne := func() {
		if depth > 0 {
			depth--
		}
	}
	atLineStart := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			// A valid multibyte character is one character to the lexer,
			// with no effect on nesting; an invalid sequence may swallow
			// the bytes after it.
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError {
				return deepest, i
			}
			i += size - 1
			atLineStart = false
			continue
		}
		top := &stack[len(stack)-1]
		switch top.kind {
		case 'q':
			switch {
			case c == '\\':
				i++ // the escaped byte is literal
			case c == '"':
				stack = stack[:len(stack)-1]
				closeOne()
			case (c == '$' || c == '%') && i+2 < len(b) && b[i+1] == c && b[i+2] == '{':
				i += 2 // "$${" and "%%{" are literal
			case (c == '$' || c == '%') && i+1 < len(b) && b[i+1] == '{':
				i++
				stack = append(stack, mode{kind: 'n', interp: true})
				open()
			}
		case 'h':
			if atLineStart {
				j := i
				for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
					j++
				}
				m := top.marker
				if j+len(m) <= len(b) && string(b[j:j+len(m)]) == string(m) {
					k := j + len(m)
					if k < len(b) && (b[k] == '\n' || (b[k] == '\r' && k+1 < len(b) && b[k+1] == '\n')) {
						stack = stack[:len(stack)-1]
						closeOne()
						i = k - 1
						atLineStart = false
						continue
					}
				}
			}
			atLineStart = false
			switch {
			case c == '\n':
				atLineStart = true
			case (c == '$' || c == '%') && i+2 < len(b) && b[i+1] == c && b[i+2] == '{':
				i += 2
			case (c == '$' || c == '%') && i+1 < len(b) && b[i+1] == '{':
				i++
				stack = append(stack, mode{kind: 'n', interp: true})
				open()
			}
		default: // normal
			switch c {
			case '\n':
				if atTopLevel != nil && depth == 0 && len(stack) == 1 {
					atTopLevel(i)
				}
			case '#':
				for i+1 < len(b) && b[i+1] != '\n' {
					i++
				}
			case '/':
				if i+1 < len(b) && b[i+1] == '/' {
					for i+1 < len(b) && b[i+1] != '\n' {
						i++
					}
				} else if i+1 < len(b) && b[i+1] == '*' {
					end := bytes.Index(b[i+2:], []byte("*/"))
					if end < 0 {
						return deepest, i // unterminated: no guess
					}
					i += 2 + end + 1
				}
			case '{':
				top.braces++
				open()
			case '}':
				if top.interp && top.braces == 0 {
					stack = stack[:len(stack)-1]
				} else if top.braces > 0 {
					top.braces--
				}
				closeOne()
			case '[':
				if atBracket != nil {
					if j := atBracket(i); j > i {
						// The callback read the list up to its "]".
						i = j
						break
					}
				}
				open()
			case '(':
				open()
			case ']', ')':
				closeOne()
			case '"':
				stack = append(stack, mode{kind: 'q'})
				open()
			case '<':
				if i+1 >= len(b) || b[i+1] != '<' {
					break
				}
				j := i + 2
				if j < len(b) && b[j] == '-' {
					j++
				}
				k := j
				for k < len(b) && (b[k] == '_' || b[k] == '-' || (b[k] >= 'a' && b[k] <= 'z') || (b[k] >= 'A' && b[k] <= 'Z') || (k > j && b[k] >= '0' && b[k] <= '9')) {
					k++
				}
				if k < len(b) && b[k] >= 0x80 {
					// A marker the lexer may read as a Unicode identifier:
					// give up on being exact.
					return deepest, i
				}
				nl := k < len(b) && (b[k] == '\n' || (b[k] == '\r' && k+1 < len(b) && b[k+1] == '\n'))
				if k > j && b[j] != '-' && !(b[j] >= '0' && b[j] <= '9') && nl {
					stack = append(stack, mode{kind: 'h', marker: b[j:k]})
					open()
					if b[k] == '\r' {
						k++
					}
					i = k
					atLineStart = true
				}
			}
		}
	}
	return deepest, -1
}

// coarseBound counts every byte that can open a level: a bound that needs
// no knowledge of the lexer's modes.
func coarseBound(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '{', '[', '(', '<', '"':
			n++
		}
	}
	return n
}

// LoadOptions bound what Load reads.
type LoadOptions struct {
	// MaxFileSize is the largest file read, in bytes; 0 means
	// safeio.DefaultLimit.
	MaxFileSize int64
}

// Load reads a topology from path: one file, or every *.hcl file of a
// directory (not recursive), in name order. Only regular files are read (a
// FIFO, a device or a socket is refused, also behind a symlink or inside the
// directory), each at most opts.MaxFileSize bytes. The error is for paths
// that cannot be read at all; problems in the sources are diagnostics.
func Load(path string, opts LoadOptions) (*Topology, hcl.Diagnostics, error) {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = safeio.DefaultLimit
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	if info.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			// Hidden files (the project configuration .topo.hcl among
			// them) are not part of the topology.
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") && !strings.HasPrefix(e.Name(), ".") {
				names = append(names, filepath.Join(path, e.Name()))
			}
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, nil, fmt.Errorf("%s: no *.hcl files in this directory", path)
		}
	} else {
		names = []string{path}
	}
	var srcs []Source
	for _, n := range names {
		b, err := safeio.ReadFile(n, limit)
		if err != nil {
			return nil, nil, err
		}
		srcs = append(srcs, Source{Name: n, Bytes: b})
	}
	t, diags := Decode(srcs...)
	return t, diags, nil
}

// Source is one named topology source.
type Source struct {
	Name  string
	Bytes []byte
}

// Decode parses and decodes sources into a Topology. When the returned
// diagnostics have errors the topology is nil, except that its Files are
// always available through the returned Files for printing snippets.
func Decode(srcs ...Source) (*Topology, hcl.Diagnostics) {
	t, diags := decode(srcs)
	if diags.HasErrors() {
		return &Topology{Files: t.Files, FileNames: t.FileNames}, diags
	}
	return t, diags
}

func decode(srcs []Source) (*Topology, hcl.Diagnostics) {
	parser := hclparse.NewParser()
	t := &Topology{tiers: map[string]*Tier{}}
	d := &decoder{}
	var blocks hcl.Blocks
	for _, s := range srcs {
		t.FileNames = append(t.FileNames, s.Name)
		if diag := tooDeep(s); diag != nil {
			// The parser recurses once per level: refuse before it runs
			// out of stack. The file stays printable for the snippet.
			d.diags = append(d.diags, diag)
			parser.AddFile(s.Name, &hcl.File{Bytes: s.Bytes})
			continue
		}
		if len(s.Bytes) >= ChunkFrom || bytes.Count(s.Bytes, []byte{'"'}) >= 2*ListFrom {
			if bs, diags, ok := parseLarge(s); ok {
				d.diags = append(d.diags, diags...)
				blocks = append(blocks, bs...)
				parser.AddFile(s.Name, &hcl.File{Bytes: s.Bytes, Body: hcl.EmptyBody()})
				continue
			}
		}
		f, diags := parser.ParseHCL(s.Bytes, s.Name)
		d.diags = append(d.diags, diags...)
		if f == nil || diags.HasErrors() {
			continue
		}
		content, diags := f.Body.Content(rootSchema)
		d.diags = append(d.diags, diags...)
		blocks = append(blocks, content.Blocks...)
	}
	t.Files = parser.Files()
	if d.diags.HasErrors() {
		return t, d.diags
	}

	// Several files that each declare a topology are several topologies,
	// not one with duplicates: say so once per extra file, instead of a
	// duplicate error for each of its blocks.
	var firstTopo *hcl.Block
	separate := false
	for _, b := range blocks {
		if b.Type != "topology" {
			continue
		}
		if firstTopo == nil {
			firstTopo = b
			continue
		}
		if b.DefRange.Filename != firstTopo.DefRange.Filename {
			separate = true
			d.errorf(b.DefRange, "Several topologies in one directory",
				"%s declares a topology, and so does %s: the *.hcl files of a directory form one topology. Lint each file on its own (topo lint --each DIR), or move each topology to its own directory.", b.DefRange.Filename, firstTopo.DefRange.Filename)
		}
	}
	if separate {
		return t, d.diags
	}

	var topoBlock, sioBlock *hcl.Block
	clientNames := map[string]*hcl.Block{}
	var tierBlocks []*hcl.Block
	for _, b := range blocks {
		switch b.Type {
		case "topology":
			if topoBlock != nil {
				d.errorf(b.DefRange, "Duplicate topology block",
					"A file set describes exactly one topology, and one is already declared at %s. Remove this block or move it to its own directory.", topoBlock.DefRange)
				continue
			}
			topoBlock = b
		case "socketio":
			if sioBlock != nil {
				d.errorf(b.DefRange, "Duplicate socketio block",
					"A topology has exactly one socketio block, and one is already declared at %s. Merge the two.", sioBlock.DefRange)
				continue
			}
			sioBlock = b
		case "client":
			name := b.Labels[0]
			d.label(b, "client")
			if prev, ok := clientNames[name]; ok {
				d.errorf(b.LabelRanges[0], "Duplicate client name",
					"A client named %q is already declared at %s. Client names must be unique.", name, prev.DefRange)
				continue
			}
			clientNames[name] = b
		case "tier":
			name := b.Labels[0]
			d.label(b, "tier")
			if prev, ok := t.tiers[name]; ok {
				d.errorf(b.LabelRanges[0], "Duplicate tier name",
					"A tier named %q is already declared at %s. Tier names must be unique.", name, prev.DeclRange)
				continue
			}
			tier := &Tier{Name: name, DeclRange: b.DefRange, Index: len(t.Tiers)}
			t.tiers[name] = tier
			t.Tiers = append(t.Tiers, tier)
			tierBlocks = append(tierBlocks, b)
		}
	}
	first := hcl.Range{Filename: firstName(srcs), Start: hcl.InitialPos, End: hcl.InitialPos}
	if topoBlock == nil {
		d.errorf(first, "Missing topology block", "Declare the deployment with a `topology \"NAME\" { }` block.")
	} else {
		d.decodeTopology(t, topoBlock)
	}
	if sioBlock == nil {
		d.errorf(first, "Missing socketio block", "Declare the application with a `socketio { }` block; an empty block takes the socket.io v4 defaults.")
		t.SocketIO = defaultSocketIO()
	} else {
		t.SocketIO = d.decodeSocketIO(sioBlock)
	}
	if len(tierBlocks) == 0 {
		d.errorf(first, "Missing tier blocks", "Declare at least one tier, the socket.io nodes: `tier \"app\" { kind = \"socketio\" nodes = [\"10.0.2.21:3000\"] }`.")
	}
	for i, b := range tierBlocks {
		d.decodeTier(t, t.Tiers[i], b)
	}
	if len(clientNames) == 0 {
		d.errorf(first, "Missing client blocks", "Declare at least one client population: `client \"browser\" { entry = tier.NAME }`.")
	}
	var clientBlocks []*hcl.Block
	for _, b := range blocks {
		if b.Type == "client" && clientNames[b.Labels[0]] == b {
			clientBlocks = append(clientBlocks, b)
		}
	}
	t.Clients = d.decodeClients(t, clientBlocks)
	if !d.diags.HasErrors() {
		d.checkChain(t)
	}
	return t, d.diags
}

func firstName(srcs []Source) string {
	if len(srcs) == 0 {
		return ""
	}
	return srcs[0].Name
}

func (d *decoder) label(b *hcl.Block, what string) {
	if !nameRe.MatchString(b.Labels[0]) {
		d.errorf(b.LabelRanges[0], "Invalid "+what+" name",
			"%q is not a valid name: start with a letter and use only letters, digits, '_' and '-' (at most 63 characters). Names become file names and config identifiers.", b.Labels[0])
	}
}

func (d *decoder) content(b *hcl.Block, schema *hcl.BodySchema) *hcl.BodyContent {
	c, diags := b.Body.Content(schema)
	d.diags = append(d.diags, diags...)
	return c
}

func (d *decoder) decodeTopology(t *Topology, b *hcl.Block) {
	c := d.content(b, topologySchema)
	d.label(b, "topology")
	t.Name = b.Labels[0]
	t.DeclRange = b.DefRange
	t.Description = d.str(c.Attributes, "description", "")
	t.ExpectedConnections = d.integer(c.Attributes, "expected_connections", 0, 0, 1<<40)
}

func defaultSocketIO() *SocketIO {
	v, _ := parseVersion("4.8")
	return &SocketIO{
		Version:      Attr[Version]{Value: v},
		Path:         Attr[string]{Value: "/socket.io/"},
		Transports:   Attr[[]Transport]{Value: []Transport{Polling, WebSocket}},
		PingInterval: Attr[time.Duration]{Value: 25 * time.Second},
		PingTimeout:  Attr[time.Duration]{Value: 20 * time.Second},
		Adapter:      Attr[string]{Value: "none"},
		Engine:       Attr[string]{Value: "default"},
		RelatedPaths: Attr[[]string]{Value: []string{}},
	}
}

func (d *decoder) decodeSocketIO(b *hcl.Block) *SocketIO {
	c := d.content(b, socketioSchema)
	def := defaultSocketIO()
	s := &SocketIO{DeclRange: b.DefRange}
	a := c.Attributes
	s.Version = d.version(a, "version", def.Version.Value)
	if s.Version.Set && s.Version.Value.Major < 3 {
		d.errorf(a["version"].Expr.Range(), "Unsupported socket.io version",
			"topo models socket.io v3 and v4 (engine.io protocol 4). Version %s uses an older protocol; upgrade the server or model it as 4.x at your own risk.", s.Version.Value.Raw)
	}
	s.Path = d.str(a, "path", def.Path.Value)
	if s.Path.Set && (!pathRe.MatchString(s.Path.Value) || strings.Contains(s.Path.Value, "*") || !strings.HasSuffix(s.Path.Value, "/")) {
		d.errorf(a["path"].Expr.Range(), "Invalid socket.io path",
			"%q is not a valid engine.io path: it must start and end with '/' and use only letters, digits and . _ ~ - (no spaces, quotes, braces, semicolons or wildcards), such as \"/socket.io/\".", s.Path.Value)
		s.Path = def.Path
	}
	s.Transports = d.transportList(a, "transports", def.Transports.Value)
	s.PingInterval = d.duration(a, "ping_interval", def.PingInterval.Value, MaxPing)
	s.PingTimeout = d.duration(a, "ping_timeout", def.PingTimeout.Value, MaxPing)
	s.Cookie = d.boolean(a, "cookie", false)
	s.Adapter = d.enum(a, "adapter", "none", "an adapter", adapters)
	s.Engine = d.enum(a, "engine", "default", "an engine", engines)
	var attr *hcl.Attribute
	s.RelatedPaths, attr = d.strings(a, "related_paths", []string{})
	for _, p := range s.RelatedPaths.Value {
		if !pathRe.MatchString(p) {
			d.errorf(attr.Expr.Range(), "Invalid related path",
				"%q is not a valid HTTP path: it must start with '/' and use only letters, digits, '/', '*' and . _ ~ - (no spaces, quotes, braces or semicolons).", p)
		}
	}
	return s
}

func (d *decoder) transportList(a hcl.Attributes, name string, def []Transport) Attr[[]Transport] {
	l, attr := d.strings(a, name, def)
	if attr == nil {
		return l
	}
	seen := map[string]bool{}
	for _, tr := range l.Value {
		if !contains(transports, tr) {
			d.errorf(attr.Expr.Range(), "Invalid transport",
				"%q is not an engine.io transport.%s Valid values: %s.", tr, suggest(tr, transports), quoteList(transports))
			return Attr[[]Transport]{Value: def}
		}
		if seen[tr] {
			d.errorf(attr.Expr.Range(), "Duplicate transport", "%q is listed twice. List each transport once, in order of preference.", tr)
			return Attr[[]Transport]{Value: def}
		}
		seen[tr] = true
	}
	if len(l.Value) == 0 {
		d.errorf(attr.Expr.Range(), "Empty transport list", "List at least one transport: \"polling\", \"websocket\" or \"webtransport\".")
		return Attr[[]Transport]{Value: def}
	}
	return l
}

// ParallelClientsFrom is the number of client blocks from which they are
// decoded by several goroutines, one contiguous run of blocks each (a
// variable for the tests, which compare both ways).
var ParallelClientsFrom = 2048

// decodeClients decodes the client blocks in order. A client's decoding
// reads the tiers and the socketio block and writes only its own Client and
// diagnostics, so many clients are decoded in parallel runs, each with its
// own decoder; the runs' diagnostics are appended in block order, so the
// result is the one a single pass gives.
func (d *decoder) decodeClients(t *Topology, blocks []*hcl.Block) []*Client {
	out := make([]*Client, len(blocks))
	workers := runtime.GOMAXPROCS(0)
	if len(blocks) < ParallelClientsFrom || workers < 2 {
		for i, b := range blocks {
			out[i] = d.decodeClient(t, b)
		}
		return out
	}
	runs := make([]decoder, workers)
	per := (len(blocks) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range runs {
		lo, hi := min(w*per, len(blocks)), min((w+1)*per, len(blocks))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				out[i] = runs[w].decodeClient(t, blocks[i])
			}
		}()
	}
	wg.Wait()
	for _, r := range runs {
		d.diags = append(d.diags, r.diags...)
	}
	return out
}

func (d *decoder) decodeClient(t *Topology, b *hcl.Block) *Client {
	c := d.content(b, clientSchema)
	a := c.Attributes
	cl := &Client{Name: b.Labels[0], DeclRange: b.DefRange}
	cl.Entry = d.reference(t, a, "entry")
	if _, ok := a["entry"]; !ok {
		d.errorf(b.DefRange, "Missing entry", "The client %q needs `entry = tier.NAME`: the first tier it connects to.", cl.Name)
	}
	cl.Transports = d.transportList(a, "transports", append([]Transport(nil), t.SocketIO.Transports.Value...))
	cl.Cookies = d.boolean(a, "cookies", true)
	cl.CrossSite = d.boolean(a, "cross_site", false)
	cl.Library = d.str(a, "library", "")
	if cl.Library.Set && !libraryRe.MatchString(cl.Library.Value) {
		d.errorf(a["library"].Expr.Range(), "Invalid library", "%q is not a library name: write NAME@VERSION, such as \"socket.io-client@4.8\".", cl.Library.Value)
	}
	if f, attr, ok := d.number(a, "share"); ok {
		if f < 0 || f > 1 {
			d.errorf(attr.Expr.Range(), "Invalid share", "share is this population's part of all clients: a number from 0 to 1, such as 0.25.")
		} else {
			cl.Share = Attr[float64]{Value: f, Range: attr.Range, Set: true}
		}
	} else {
		cl.Share = Attr[float64]{Value: 1}
	}
	cl.Addresses = d.enum(a, "addresses", AddressesPublic, "an address class", addressSets)
	cl.Reconnect = d.enum(a, "reconnect", ReconnectEntry, "a reconnect target", reconnects)
	cl.Headers = d.headerList(a, "headers")
	cl.Runtime = d.enum(a, "runtime", "", "a client runtime", runtimes)
	if !cl.Runtime.Set {
		cl.Runtime.Value = runtimeOf(cl.Library.Value)
	}
	cl.AddressFamily = d.enum(a, "address_family", "", "an address family", families)
	cl.Path = d.str(a, "path", t.SocketIO.Path.Value)
	if cl.Path.Set {
		if !pathRe.MatchString(cl.Path.Value) || strings.Contains(cl.Path.Value, "*") {
			d.errorf(a["path"].Expr.Range(), "Invalid client path",
				"%q is not a valid engine.io path: it must start with '/' and use only letters, digits and . _ ~ - (no wildcards), such as \"/chat/socket.io/\".", cl.Path.Value)
			cl.Path = Attr[string]{Value: t.SocketIO.Path.Value}
		} else if !strings.HasSuffix(cl.Path.Value, "/") {
			// socket.io-client adds the trailing slash (addTrailingSlash).
			cl.Path.Value += "/"
		}
	}
	return cl
}

// headerList reads a list of header names, lower-cased.
func (d *decoder) headerList(a hcl.Attributes, name string) Attr[[]string] {
	l, attr := d.strings(a, name, nil)
	if attr == nil {
		return l
	}
	for i, h := range l.Value {
		if !headerRe.MatchString(h) {
			d.errorf(attr.Expr.Range(), "Invalid header name", "%q is not a header name: use letters, digits and -, such as \"X-User-Id\".", h)
			return Attr[[]string]{}
		}
		l.Value[i] = strings.ToLower(h)
	}
	return l
}

// runtimeOf returns the runtime a library name implies: the Java, Swift,
// C++ and Dart clients run in native apps; socket.io-client runs in
// browsers and in Node, so it says nothing.
func runtimeOf(lib string) string {
	for _, p := range []string{"socket.io-client-java", "socket.io-client-swift", "socket.io-client-cpp", "socket_io_client"} {
		if strings.HasPrefix(lib, p+"@") {
			return RuntimeNative
		}
	}
	return ""
}

// reference decodes `tier.NAME`.
func (d *decoder) reference(t *Topology, a hcl.Attributes, name string) Attr[*Tier] {
	attr, ok := a[name]
	if !ok {
		return Attr[*Tier]{}
	}
	trav, diags := hcl.AbsTraversalForExpr(attr.Expr)
	if diags.HasErrors() {
		hint := ""
		if v, vd := attr.Expr.Value(nil); !vd.HasErrors() && v.Type().FriendlyName() == "string" && !v.IsNull() {
			hint = fmt.Sprintf(" Write it without quotes: %s = tier.%s.", name, strings.TrimPrefix(v.AsString(), "tier."))
		}
		d.errorf(attr.Expr.Range(), "Invalid reference", "The attribute %q takes a reference to a tier, such as tier.app.%s", name, hint)
		return Attr[*Tier]{}
	}
	if len(trav) != 2 || trav.RootName() != "tier" {
		d.errorf(attr.Expr.Range(), "Invalid reference", "The attribute %q takes a reference of the form tier.NAME.", name)
		return Attr[*Tier]{}
	}
	step, ok := trav[1].(hcl.TraverseAttr)
	if !ok {
		d.errorf(attr.Expr.Range(), "Invalid reference", "The attribute %q takes a reference of the form tier.NAME.", name)
		return Attr[*Tier]{}
	}
	target := t.tiers[step.Name]
	if target == nil {
		names := make([]string, 0, len(t.tiers))
		for _, tt := range t.Tiers {
			names = append(names, tt.Name)
		}
		d.errorf(attr.Expr.Range(), "Reference to undeclared tier",
			"There is no tier named %q.%s Declared tiers: %s.", step.Name, suggest(step.Name, names), quoteList(names))
		return Attr[*Tier]{}
	}
	return Attr[*Tier]{Value: target, Range: attr.Range, Set: true}
}

// HCLFiles returns the topology files under root, in name order: root
// itself when it is a file, else the *.hcl files of the directory, and
// with recursive those of its subdirectories too. Hidden files and
// directories (the configuration .topo.hcl among them) and node_modules are
// skipped, as Load skips hidden files.
func HCLFiles(root string, recursive bool) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (!recursive || strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".hcl") && !strings.HasPrefix(name, ".") && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
