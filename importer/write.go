package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/internal/version"
	"github.com/topolint/topo/topology"
	"github.com/zclconf/go-cty/cty"
)

// out writes the topology a line at a time, remembering where each line
// was read from.
type out struct {
	buf     bytes.Buffer
	line    int
	origins map[int]hcl.Range
}

func (o *out) add(text string, from *hcl.Range) {
	o.line++
	if from != nil && from.Filename != "" {
		o.origins[o.line] = *from
		text += " # " + where(*from)
	}
	o.buf.WriteString(text)
	o.buf.WriteByte('\n')
}

// tierOut writes one tier's attributes, leaving out those its overlay
// block replaces, then adds the overlay's.
type tierOut struct {
	o     *out
	extra []overlayAttr
}

func (t tierOut) attr(name, value string, from *hcl.Range) {
	for _, x := range t.extra {
		if x.name == name {
			return
		}
	}
	t.o.add("  "+name+" = "+value, from)
}

// list writes a list attribute; a long one one element a line, each with
// where it was read.
func (t tierOut) list(name string, items []string, from []*hcl.Range) {
	for _, x := range t.extra {
		if x.name == name {
			return
		}
	}
	if len(items) <= 4 {
		var first *hcl.Range
		if len(from) > 0 {
			first = from[0]
		}
		t.o.add("  "+name+" = "+list(items), first)
		return
	}
	t.o.add("  "+name+" = [", nil)
	for i, it := range items {
		t.o.add("    "+str(it)+",", from[i])
	}
	t.o.add("  ]", nil)
}

func (t tierOut) flush() {
	for _, x := range t.extra {
		for i, l := range strings.Split(x.src, "\n") {
			r := x.rng
			r.Start.Line += i
			if i > 0 {
				r.Start.Column = 1
			}
			t.o.add("  "+l, nil)
			t.o.origins[t.o.line] = r
		}
	}
}

// where is "file:line", safe inside an HCL comment.
func where(r hcl.Range) string {
	return clean(filepath.ToSlash(r.Filename)) + ":" + strconv.Itoa(r.Start.Line)
}

// clean keeps a text on one comment line.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			return '?'
		}
		return r
	}, s)
}

func str(s string) string { return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()) }

func list(ss []string) string {
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return string(hclwrite.TokensForValue(cty.TupleVal(vals)).Bytes())
}

func (b *builder) write() {
	for _, d := range b.declared {
		if b.names[d.name] {
			b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "A declared tier has the name of an imported one",
				Detail: fmt.Sprintf("The overlay declares tier %q with a kind, but the configurations give a tier of that name: leave kind out to add attributes to it, or choose another name.", d.name), Subject: d.rng.Ptr()})
		}
	}
	for name, r := range b.extraAt {
		if !b.names[name] {
			var names []string
			for _, t := range b.tiers {
				names = append(names, t.name)
			}
			b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No imported tier of this name",
				Detail: fmt.Sprintf("The overlay adds attributes to tier %q, but the configurations give the tiers %s.", name, strings.Join(names, ", ")), Subject: r.Ptr()})
		}
	}
	o := &out{origins: b.res.Origins}
	var given []string
	for _, n := range b.nodes {
		given = append(given, clean(filepath.ToSlash(n.File)))
	}
	o.add("# Imported by topo "+clean(version.Version)+" from "+strings.Join(given, ", ")+".", nil)
	o.add("# One tier per group of nodes one backend sends to; each value names the", nil)
	o.add("# line it was read from. Who connects (clients) and the Socket.IO options", nil)
	o.add("# are not in these files: declare them in an overlay (--app).", nil)
	if len(b.res.Notes) > 0 {
		o.add("#", nil)
		o.add("# Not said here, check these by hand:", nil)
		for _, n := range b.res.Notes {
			o.add("#   "+where(n.Range)+": "+clean(n.Text), nil)
		}
	}
	has := map[string]bool{}
	for _, blk := range b.blocks {
		has[blk.typ] = true
	}
	o.add("", nil)
	b.copyBlocks(o, "topology")
	if !has["topology"] {
		o.add(`topology "imported" {}`, nil)
	}
	o.add("", nil)
	b.copyBlocks(o, "socketio")
	if !has["socketio"] {
		o.add("socketio {}", nil)
	}
	b.copyBlocks(o, "client")
	if !b.clients {
		for _, e := range b.entries {
			name := "clients"
			if len(b.entries) > 1 {
				name = "clients-" + e.name
			}
			o.add("", nil)
			o.add("client "+str(name)+" {", nil)
			o.add("  entry = tier."+e.name, nil)
			o.add("}", nil)
		}
	}
	for _, d := range b.declared {
		o.add("", nil)
		for i, l := range strings.Split(string(d.src), "\n") {
			o.line++
			o.origins[o.line] = hcl.Range{Filename: b.opts.OverlayName, Start: hcl.Pos{Line: d.line + i, Column: 1}, End: hcl.Pos{Line: d.line + i, Column: len(l) + 1}}
			o.buf.WriteString(l)
			o.buf.WriteByte('\n')
		}
	}
	for _, t := range b.tiers {
		o.add("", nil)
		if t.kind == "socketio" {
			b.writeApp(o, t)
			continue
		}
		b.writeTier(o, t)
	}
	src := hclwrite.Format(o.buf.Bytes())
	b.res.HCL = src
}

func (b *builder) copyBlocks(o *out, typ string) {
	for _, blk := range b.blocks {
		if blk.typ != typ {
			continue
		}
		if typ == "client" {
			o.add("", nil)
		}
		for i, l := range strings.Split(string(blk.src), "\n") {
			r := hcl.Range{Filename: b.opts.OverlayName, Start: hcl.Pos{Line: blk.line + i, Column: 1}, End: hcl.Pos{Line: blk.line + i, Column: len(l) + 1}}
			o.line++
			o.origins[o.line] = r
			o.buf.WriteString(l)
			o.buf.WriteByte('\n')
		}
	}
}

func (b *builder) writeApp(o *out, t *tier) {
	o.add("tier "+str(t.name)+" {", &t.by.Range)
	to := tierOut{o: o, extra: b.extra[t.name]}
	to.attr("kind", `"socketio"`, nil)
	var addrs []string
	var from []*hcl.Range
	for i, s := range t.servers {
		addrs = append(addrs, key(s.Host, s.Port))
		from = append(from, &t.servers[i].Range)
	}
	to.list("nodes", addrs, from)
	to.flush()
	o.add("}", nil)
}

// address is where the tier in front reaches node n, else its first
// listener; a listener on every address without a known host is named
// after its file.
func (b *builder) address(n *deployed.Node) (string, *hcl.Range) {
	if s, ok := b.reached[n]; ok {
		for i := range n.Listen {
			if n.Listen[i].Port == s.Port && n.Listen[i].Host == s.Host {
				return key(s.Host, s.Port), &n.Listen[i].Range
			}
		}
		return key(s.Host, s.Port), &n.Range
	}
	if len(n.Listen) == 0 {
		return "", &n.Range
	}
	a := n.Listen[0]
	host := a.Host
	if host == "" {
		base := filepath.Base(n.File)
		if i := strings.IndexByte(base, '.'); i > 0 {
			base = base[:i]
		}
		host = sanitize(base, n.Kind)
	}
	return key(host, a.Port), &n.Listen[0].Range
}

func (b *builder) writeTier(o *out, t *tier) {
	n := t.nodes[0]
	o.add("tier "+str(t.name)+" {", &n.Range)
	to := tierOut{o: o, extra: b.extra[t.name]}
	to.attr("kind", str(n.Kind), &n.Range)
	if n.Layer.Value == 4 {
		to.attr("layer", "4", &n.Layer.Range)
	}
	var addrs []string
	var from []*hcl.Range
	for _, m := range t.nodes {
		if a, r := b.address(m); a != "" {
			addrs = append(addrs, a)
			from = append(from, r)
		}
	}
	if len(addrs) > 0 {
		to.list("nodes", addrs, from)
	}
	def := n.Default
	if def != nil && def.Backend != nil {
		b.writeMethod(to.attr, "", def.Backend)
	}
	sock := b.socketWay(n)
	if sock != nil && n.Layer.Value == 7 {
		if n.Kind == "nginx" {
			to.attr("websocket", strconv.FormatBool(sock.Websocket.Value), &sock.Websocket.Range)
		} else if sock.Websocket.Set {
			to.attr("websocket", strconv.FormatBool(sock.Websocket.Value), &sock.Websocket.Range)
		}
	}
	if sock != nil && sock.ForwardsClientIP.Set {
		to.attr("forwards_client_ip", str(sock.ForwardsClientIP.Value), &sock.ForwardsClientIP.Range)
	}
	if sock != nil && sock.Backend != nil && sock.Backend.Protocol.Value == "h2" && n.Kind == "haproxy" {
		// A tier attribute: what the Socket.IO way speaks to its servers.
		to.attr("backend_protocol", `"h2"`, &sock.Backend.Protocol.Range)
	}
	if eg := b.egress(t); eg != nil {
		to.list("egress_addresses", eg.Value, repeat(&eg.Range, len(eg.Value)))
	}
	if n.RealIPFrom.Set {
		to.attr("real_ip_from", str(n.RealIPFrom.Value), &n.RealIPFrom.Range)
	}
	if sock != nil && sock.IdleTimeout.Set && sock.IdleTimeout.Value > 0 {
		to.attr("idle_timeout", str(durationString(sock.IdleTimeout.Value)), &sock.IdleTimeout.Range)
	} else if n.IdleTimeout.Set && n.IdleTimeout.Value > 0 {
		to.attr("idle_timeout", str(durationString(n.IdleTimeout.Value)), &n.IdleTimeout.Range)
	}
	if n.TLS.Value {
		to.attr("tls", `"terminate"`, &n.TLS.Range)
		if n.Certificate != "" && n.Certificate != t.name+".pem" {
			to.attr("tls_certificate", str(n.Certificate), &n.TLS.Range)
		}
	}
	if n.TLS.Value && n.RedirectHTTPPort.Set && n.Layer.Value == 7 {
		to.attr("redirect_http_port", strconv.Itoa(n.RedirectHTTPPort.Value), &n.RedirectHTTPPort.Range)
	}
	if n.MaxConnections.Set && n.MaxConnections.Value >= 2 && n.MaxConnections.Value <= 1048576 {
		to.attr("max_connections", strconv.Itoa(n.MaxConnections.Value), &n.MaxConnections.Range)
	}
	b.writeLoadBounds(to.attr, n)
	if n.DrainTimeout.Set && n.DrainTimeout.Value <= 24*time.Hour && n.DrainTimeout.Value%time.Millisecond == 0 {
		to.attr("drain_timeout", str(durationString(n.DrainTimeout.Value)), &n.DrainTimeout.Range)
	}
	if t.order {
		to.attr("server_order", `"differs"`, &t.nodes[1].Range)
	}
	if def != nil {
		if next := b.target(def); next != nil {
			to.attr("to", "tier."+next.name, &def.Range)
		}
	}
	to.flush()
	// A route to the default's backend after which no route goes elsewhere
	// routes nothing differently: it is left out. One before another
	// route is kept, since it takes requests that route would take.
	last := -1
	for i, r := range n.Routes {
		if def == nil || r.Backend != def.Backend {
			last = i
		}
	}
	for i, r := range n.Routes {
		if i > last {
			break
		}
		to := b.target(r)
		if to == nil {
			continue
		}
		o.add("", nil)
		o.add("  route "+str(r.Name)+" {", &r.Range)
		if r.Path != "" {
			o.add("    path = "+str(r.Path), &r.Range)
		}
		for _, cond := range []struct {
			name string
			kv   map[string]string
		}{{"query", r.Query}, {"header", r.Header}} {
			if len(cond.kv) == 0 {
				continue
			}
			keys := make([]string, 0, len(cond.kv))
			for k := range cond.kv {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, str(k)+" = "+str(cond.kv[k]))
			}
			o.add("    "+cond.name+" = { "+strings.Join(parts, ", ")+" }", &r.Range)
		}
		if r.Backend != nil {
			routeAttr := func(name, value string, from *hcl.Range) { o.add("    "+name+" = "+value, from) }
			if !r.Backend.Balance.Set && def != nil && def.Backend != nil && def.Backend.Balance.Set {
				// A route without its own method would take the tier's;
				// the backend balances by the product's default.
				routeAttr("balance", str(topology.RoundRobin), &r.Backend.Range)
			}
			b.writeMethod(routeAttr, "", r.Backend)
		}
		o.add("    to = tier."+to.name, &r.Range)
		o.add("  }", nil)
	}
	o.add("}", nil)
}

// egress is, for an AWS load balancer (whose nodes and addresses AWS
// chooses), the addresses the tier behind it trusts for the client
// address: its subnets.
func (b *builder) egress(t *tier) *deployed.Setting[[]string] {
	if t.kind != "alb" && t.kind != "nlb" {
		return nil
	}
	for _, w := range ways(t.nodes[0]) {
		if next := b.target(w); next != nil && len(next.nodes) > 0 && next.nodes[0].TrustFrom.Set {
			return &next.nodes[0].TrustFrom
		}
	}
	return nil
}

func repeat(r *hcl.Range, n int) []*hcl.Range {
	out := make([]*hcl.Range, n)
	for i := range out {
		out[i] = r
	}
	return out
}

// writeLoadBounds writes the tier's caps on its next tier's nodes and
// HAProxy's bounded loads, from the first backend of its ways that has
// them (tier attributes: the language has no per-route cap).
func (b *builder) writeLoadBounds(attr func(name, value string, from *hcl.Range), n *deployed.Node) {
	if n.Kind != "nginx" && n.Kind != "haproxy" {
		return
	}
	var maxConns, factor *deployed.Setting[int]
	var preserve *deployed.Setting[string]
	for _, w := range ways(n) {
		be := w.Backend
		if be == nil {
			continue
		}
		if preserve == nil && be.PreserveAffinity.Set && be.PreserveAffinity.Value != topology.PreserveAlways {
			preserve = &be.PreserveAffinity
		}
		if maxConns == nil && be.MaxConns.Set && be.MaxConns.Value <= 1<<20 {
			maxConns = &be.MaxConns
		}
		if factor == nil && be.BalanceFactor.Set && be.Consistent && be.BalanceFactor.Value > 100 && be.BalanceFactor.Value <= 10000 {
			factor = &be.BalanceFactor
		}
	}
	if maxConns != nil {
		attr("backend_max_connections", strconv.Itoa(maxConns.Value), &maxConns.Range)
	}
	if preserve != nil && n.Kind == "haproxy" {
		attr("hash_preserve_affinity", strconv.Quote(preserve.Value), &preserve.Range)
	}
	if factor != nil && n.Kind == "haproxy" && n.Default != nil && n.Default.Backend != nil && n.Default.Backend.Consistent {
		attr("hash_balance_factor", strconv.Itoa(factor.Value), &factor.Range)
	}
	for _, w := range ways(n) {
		if be := w.Backend; be != nil && n.Kind == "haproxy" && be.Balance.Value == "learn" && be.SharedTable.Set {
			attr("shared_table", "true", &be.SharedTable.Range)
			if p := be.SharedTablePort; p.Set && p.Value != topology.DefaultSharedTablePort && p.Value > 0 && p.Value < 65536 {
				attr("shared_table_port", strconv.Itoa(p.Value), &p.Range)
			}
			break
		}
	}
}

func (b *builder) writeMethod(attr func(name, value string, from *hcl.Range), _ string, be *deployed.Backend) {
	if !be.Balance.Set {
		return
	}
	attr("balance", str(be.Balance.Value), &be.Balance.Range)
	if be.HashKey != "" {
		attr("hash_key", str(be.HashKey), &be.Balance.Range)
	}
	if be.Consistent {
		attr("consistent", "true", &be.Balance.Range)
	}
	if be.CookieName != "" {
		attr("cookie_name", str(be.CookieName), &be.Balance.Range)
	}
}
