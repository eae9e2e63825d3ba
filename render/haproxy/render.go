// Package haproxy renders one HAProxy node's configuration file from a Plan.
//
// The file runs as it is with "haproxy -f <tier>-<n>.cfg": it has no user,
// chroot, daemon or pidfile setting, so a non-root user can start it (for
// ports from 1024 up). Render validates the whole Plan against strict
// allowlists first and returns an error instead of writing anything it has not
// checked, so hostile strings cannot inject keywords.
package haproxy

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/topolint/topo/render/internal/check"
	"github.com/topolint/topo/templates"
)

// tmpl is parsed from the embedded templates on first use, not at start-up.
var tmpl = sync.OnceValue(func() *template.Template { return templates.Parse("haproxy.cfg.tmpl") })

// FileName returns the file name of a node's configuration: <tier>-<n>.cfg.
func FileName(h Header) string { return h.FileName(Suffix) }

// The view types hold only checked, formatted text for the template.
type (
	globalView struct {
		HardStopAfter    string
		MaxConn, Threads int
		MasterWorker     bool
		StatsSocket      string
		Comments         []string
	}
	timeoutsView struct {
		Lines    []string
		Comments []string
	}
	routeView struct {
		ACLs      []string
		UseRule   string
		Comments  []string
		RouteName string
	}
	frontendView struct {
		Name               string
		Bind               string
		ForwardedProto     bool
		BindComments       []string
		ForwardFor         bool
		ForwardForComments []string
		RealIPFrom         []string
		ProxyFrom          []string
		RealIPComments     []string
		Routes             []routeView
		DefaultBackend     string
	}
	backendView struct {
		Name              string
		Checks            []string
		CheckComments     []string
		RealIP            bool
		Balance           []string
		Comments          []string
		Cookie            string
		CookieComments    []string
		Stick             []string
		StickComments     []string
		Rewrite           string
		SendProxyComments []string
		Servers           []string
	}
	view struct {
		Header   check.HeaderView
		Mode     string
		Global   globalView
		Timeouts timeoutsView
		Frontend frontendView
		Redirect *redirectView
		Peers    *peersView
		// BackendsText is the backends section, checked and written by
		// renderBackends.
		BackendsText string
	}
	backendsView struct {
		Backends []backendView
	}
	peersView struct {
		Name, Local string
		Lines       []string
		Comments    []string
	}
	redirectView struct {
		Name, Bind, Rule string
		Comments         []string
	}
)

// Render checks p and returns the configuration file of its node. It returns
// an error, and no output, when any field fails its allowlist or range, when
// fields contradict each other or the mode, or when the target HAProxy
// version is too old.
func Render(p Plan) ([]byte, error) {
	sh, err := renderShared(p)
	if err != nil {
		return nil, err
	}
	return renderWith(p, sh)
}

// shared is what the nodes of a tier have in common, checked and written:
// the backends section and the trusted address lists of the frontend. Emit
// makes it once per tier.
type shared struct {
	text  string
	names map[string]bool
	// proxyFrom and realIPFrom are the checked acl lines of
	// Frontend.Bind.ProxyFrom and Frontend.RealIP.From.
	proxyFrom, realIPFrom []string
}

// renderShared checks p's backends (in p's mode) and writes them, and checks
// the frontend's trusted address lists.
func renderShared(p Plan) (shared, error) {
	c := newChecker()
	http := p.Mode == ModeHTTP
	b := shared{names: map[string]bool{}}
	var from []string
	for i, a := range p.Frontend.Bind.ProxyFrom {
		from = append(from, c.AddrOrPrefix(fmt.Sprintf("Frontend.Bind.ProxyFrom[%d]", i), a))
	}
	b.proxyFrom = aclLines(from)
	if r := p.Frontend.RealIP; r != nil {
		from = nil
		for i, a := range r.From {
			from = append(from, c.AddrOrPrefix(fmt.Sprintf("Frontend.RealIP.From[%d]", i), a))
		}
		b.realIPFrom = aclLines(from)
	}
	var bv backendsView
	for i, be := range p.Backends {
		v := buildBackend(c, fmt.Sprintf("Backends[%d]", i), be, http)
		if b.names[v.Name] && v.Name != "" {
			c.Fail(fmt.Sprintf("Backends[%d].Name", i), "duplicate backend %q", be.Name)
		}
		b.names[v.Name] = true
		bv.Backends = append(bv.Backends, v)
	}
	if len(p.Backends) == 0 {
		c.Fail("Backends", "a plan needs at least one backend")
	}
	if c.Err != nil {
		return b, c.Err
	}
	var buf strings.Builder
	if err := tmpl().ExecuteTemplate(&buf, "backends", bv); err != nil {
		return b, fmt.Errorf("haproxy plan: executing template: %w", err)
	}
	buf.WriteByte('\n')
	b.text = buf.String()
	return b, nil
}

// renderWith checks everything of p but what sh holds, and writes the file.
func renderWith(p Plan, sh shared) ([]byte, error) {
	v, err := build(p, sh)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(sh.text) + 16<<10)
	if err := tmpl().ExecuteTemplate(&buf, "haproxy.cfg.tmpl", v); err != nil {
		return nil, fmt.Errorf("haproxy plan: executing template: %w", err)
	}
	return buf.Bytes(), nil
}

func build(p Plan, b shared) (*view, error) {
	c := newChecker()
	ver := c.Version("Version", p.Version)
	if ver.Known && !ver.AtLeast(2, 0, 0) {
		c.Fail("Version", "topo renders for HAProxy 2.0 or later, the plan targets %q", p.Version)
	}
	v := &view{
		Header: c.Header("haproxy", p.Header.TopoVersion, p.Header.Source, p.Header.Tier, p.Header.Node, p.Header.Assumed),
		Global: globalView{
			MaxConn:       c.IntRange("Global.MaxConn", p.Global.MaxConn, 0, 1<<24),
			Threads:       c.IntRange("Global.Threads", p.Global.Threads, 0, 4096),
			Comments:      c.Comments("Global.Comments", p.Global.Comments),
			HardStopAfter: c.Duration("Global.HardStopAfter", p.Global.HardStopAfter),
			MasterWorker:  p.Global.MasterWorker,
		},
	}
	if s := p.Global.StatsSocket; s != "" {
		v.Global.StatsSocket = c.Match("Global.StatsSocket", filePathRE, s, "a file path of [A-Za-z0-9/._~+-]")
	}
	http := false
	switch p.Mode {
	case ModeHTTP:
		http = true
	case ModeTCP:
	default:
		c.Fail("Mode", "%q is not http or tcp", p.Mode)
	}
	v.Mode = string(p.Mode)

	t := p.Timeouts
	v.Timeouts.Comments = c.Comments("Timeouts.Comments", t.Comments)
	for _, d := range []struct {
		field, keyword string
		value          time.Duration
		required       bool
	}{
		{"Connect", "connect", t.Connect, true},
		{"Client", "client", t.Client, true},
		{"Server", "server", t.Server, true},
		{"Tunnel", "tunnel", t.Tunnel, false},
		{"ClientFin", "client-fin", t.ClientFin, false},
		{"HTTPRequest", "http-request", t.HTTPRequest, false},
	} {
		s := c.Duration("Timeouts."+d.field, d.value)
		if s == "" && d.required {
			c.Fail("Timeouts."+d.field, "required: HAProxy warns and never times out without it")
		}
		if s != "" {
			v.Timeouts.Lines = append(v.Timeouts.Lines, "timeout "+d.keyword+" "+s)
		}
	}

	v.BackendsText = b.text
	v.Frontend = buildFrontend(c, p.Frontend, http, b)
	if ps := p.Peers; ps != nil {
		pv := &peersView{Name: c.Name("Peers.Name", ps.Name), Local: c.Name("Peers.Local", ps.Local), Comments: c.Comments("Peers.Comments", ps.Comments)}
		local := false
		seen := map[string]bool{}
		for i, pe := range ps.List {
			f := fmt.Sprintf("Peers.List[%d]", i)
			name := c.Name(f+".Name", pe.Name)
			if seen[name] {
				c.Fail(f+".Name", "duplicate peer %q", pe.Name)
			}
			seen[name] = true
			local = local || name == pv.Local
			pv.Lines = append(pv.Lines, "peer "+name+" "+c.HostPort(f+".Address", pe.Address))
		}
		if !local {
			c.Fail("Peers.Local", "%q is not one of the peers", ps.Local)
		}
		if ver.Known && !ver.AtLeast(2, 2, 0) {
			c.Fail("Peers", "localpeer needs HAProxy 2.2 or later, the plan targets %q", p.Version)
		}
		v.Peers = pv
	}
	if r := p.Redirect; r != nil {
		if !http || p.Frontend.TLS == nil {
			c.Fail("Redirect", "a redirect to https needs mode http and TLS on the frontend")
		}
		rv := &redirectView{Name: v.Frontend.Name + "_http", Bind: c.HostPort("Redirect.Bind", r.Bind),
			Rule: "http-request redirect scheme https code 308", Comments: c.Comments("Redirect.Comments", r.Comments)}
		switch port := c.IntRange("Redirect.TLSPort", r.TLSPort, 1, 65535); {
		case r.Bind == p.Frontend.Bind.Address:
			c.Fail("Redirect.Bind", "the redirect binds where the TLS frontend does")
		case port != 443:
			// "redirect scheme" keeps the Host header as it is, with the
			// plain HTTP port the client used: build the location
			// from the host without its port instead.
			rv.Rule = fmt.Sprintf("http-request redirect location https://%%[req.hdr(host),regsub(:[0-9]+$,)]:%d%%[capture.req.uri] code 308", port)
		}
		v.Redirect = rv
	}
	if c.Err != nil {
		return nil, c.Err
	}
	return v, nil
}

// aclWords is how many addresses one "acl NAME src ..." line holds. HAProxy
// splits a configuration line into at most 64 words (MAX_LINE_ARGS) and
// rejects longer lines; lines of one acl name are ORed, so a long list is
// written as several lines of the same acl.
const aclWords = 32

// aclLines splits addrs into the address lists of consecutive acl lines.
func aclLines(addrs []string) []string {
	var out []string
	for len(addrs) > 0 {
		n := min(len(addrs), aclWords)
		out = append(out, strings.Join(addrs[:n], " "))
		addrs = addrs[n:]
	}
	return out
}

func buildFrontend(c *checker, f Frontend, http bool, sh shared) frontendView {
	backends := sh.names
	fv := frontendView{
		Name:               c.Name("Frontend.Name", f.Name),
		Bind:               c.HostPort("Frontend.Bind.Address", f.Bind.Address),
		BindComments:       c.Comments("Frontend.Bind.Comments", f.Bind.Comments),
		ForwardFor:         f.ForwardFor,
		ForwardForComments: c.CommentsFor("Frontend.ForwardForComments", f.ForwardForComments, f.ForwardFor),
		DefaultBackend:     c.Name("Frontend.DefaultBackend", f.DefaultBackend),
	}
	switch {
	case f.Bind.AcceptProxy && len(f.Bind.ProxyFrom) > 0:
		// expect-proxy from the trusted addresses only, instead of
		// accept-proxy on the bind line, which would take a PROXY
		// header from anyone (checked by renderShared).
		fv.ProxyFrom = sh.proxyFrom
	case f.Bind.AcceptProxy:
		fv.Bind += " accept-proxy"
	case len(f.Bind.ProxyFrom) > 0:
		c.Fail("Frontend.Bind.ProxyFrom", "ProxyFrom needs AcceptProxy")
	}
	if t := f.TLS; t != nil {
		if !http {
			c.Fail("Frontend.TLS", "TLS termination needs mode http")
		}
		if t.MinVersion != "TLSv1.2" && t.MinVersion != "TLSv1.3" {
			c.Fail("Frontend.TLS.MinVersion", "%q is not TLSv1.2 or TLSv1.3", t.MinVersion)
		}
		var ciphers []string
		for i, ci := range t.Ciphers {
			ciphers = append(ciphers, c.Match(fmt.Sprintf("Frontend.TLS.Ciphers[%d]", i), cipherRE, ci, "a cipher suite name of [A-Z0-9-]"))
		}
		if len(ciphers) == 0 {
			c.Fail("Frontend.TLS.Ciphers", "TLS needs cipher suites")
		}
		fv.Bind += " ssl crt " + c.Match("Frontend.TLS.Certificate", filePathRE, t.Certificate, "a file path of [A-Za-z0-9/._~+-]") +
			" ssl-min-ver " + t.MinVersion + " ciphers " + strings.Join(ciphers, ":")
		if t.HTTP2 {
			fv.Bind += " alpn h2,http/1.1"
		}
	}
	if f.ForwardedProto {
		if !http {
			c.Fail("Frontend.ForwardedProto", "X-Forwarded-Proto needs mode http")
		}
		fv.ForwardedProto = true
	}
	if fv.DefaultBackend != "" && !backends[fv.DefaultBackend] {
		c.Fail("Frontend.DefaultBackend", "no backend named %q", f.DefaultBackend)
	}
	if !http {
		switch {
		case f.ForwardFor:
			c.Fail("Frontend.ForwardFor", "X-Forwarded-For needs mode http")
		case f.RealIP != nil:
			c.Fail("Frontend.RealIP", "X-Forwarded-For realip needs mode http; in tcp mode use Bind.AcceptProxy")
		case len(f.Routes) > 0:
			c.Fail("Frontend.Routes", "routes need mode http")
		}
	}
	if r := f.RealIP; r != nil {
		if len(r.From) == 0 {
			c.Fail("Frontend.RealIP.From", "realip needs at least one trusted address")
		}
		fv.RealIPFrom = sh.realIPFrom
		fv.RealIPComments = c.Comments("Frontend.RealIP.Comments", r.Comments)
	}
	names := map[string]bool{}
	for i, r := range f.Routes {
		field := fmt.Sprintf("Frontend.Routes[%d]", i)
		rv := routeView{RouteName: c.Name(field+".Name", r.Name), Comments: c.Comments(field+".Comments", r.Comments)}
		if names[rv.RouteName] && rv.RouteName != "" {
			c.Fail(field+".Name", "duplicate route %q", r.Name)
		}
		names[rv.RouteName] = true
		prefix := "topo_" + rv.RouteName
		var acls []string
		if r.Path != "" {
			acls = append(acls, prefix+"_path")
			rv.ACLs = append(rv.ACLs, "acl "+prefix+"_path "+c.pathACL(field+".Path", r.Path))
		}
		for j, q := range r.Query {
			qf := fmt.Sprintf("%s.Query[%d]", field, j)
			name := prefix + "_q" + strconv.Itoa(j)
			acls = append(acls, name)
			rv.ACLs = append(rv.ACLs, "acl "+name+" url_param("+c.Name(qf+".Name", q.Name)+")"+c.matchValue(qf+".Value", q.Value, false))
		}
		for j, h := range r.Header {
			hf := fmt.Sprintf("%s.Header[%d]", field, j)
			name := prefix + "_h" + strconv.Itoa(j)
			acls = append(acls, name)
			hn := c.Match(hf+".Name", check.HeaderNameRE, h.Name, "a header name [A-Za-z0-9-]")
			rv.ACLs = append(rv.ACLs, "acl "+name+" req.hdr("+strings.ToLower(hn)+")"+c.matchValue(hf+".Value", h.Value, true))
		}
		if len(acls) == 0 {
			c.Fail(field, "a route needs a path, query or header condition")
		}
		be := c.Name(field+".Backend", r.Backend)
		if be != "" && !backends[be] {
			c.Fail(field+".Backend", "no backend named %q", r.Backend)
		}
		rv.UseRule = "use_backend " + be + " if " + strings.Join(acls, " ")
		fv.Routes = append(fv.Routes, rv)
	}
	if fv.DefaultBackend == "" && c.Err == nil {
		c.Fail("Frontend.DefaultBackend", "required")
	}
	return fv
}

// matchValue renders an ACL's flags and pattern: "*" is -m found.
func (c *checker) matchValue(field, value string, ignoreCase bool) string {
	if value == "*" {
		return " -m found"
	}
	v := c.Match(field, valueRE, value, `"*" or a value of [A-Za-z0-9._~-]`)
	if ignoreCase {
		return " -i -m str " + v
	}
	return " -m str " + v
}

// pathACL turns a topology path pattern into an ACL criterion. "." is
// written as "[.]" in regular expressions so no backslash reaches the file.
func (c *checker) pathACL(field, pattern string) string {
	kind, text := c.PathMatch(field, pattern)
	switch {
	case text == "":
		return ""
	case kind == check.PathExact:
		return "path " + text
	case kind == check.PathPrefix:
		return "path_beg " + text
	}
	return "path_reg " + text
}

func buildBackend(c *checker, field string, b Backend, http bool) backendView {
	bv := backendView{
		Name:           c.Name(field+".Name", b.Name),
		Comments:       c.Comments(field+".Comments", b.Comments),
		CookieComments: c.CommentsFor(field+".CookieComments", b.CookieComments, b.Cookie != ""),
	}
	bv.SendProxyComments = c.CommentsFor(field+".SendProxyComments", b.SendProxyComments, b.SendProxyV2)
	method := b.Balance
	if method == "" {
		method = BalanceRoundRobin
	}
	hashed := false
	switch method {
	case BalanceRoundRobin, BalanceLeastConn, BalanceRandom:
		bv.Balance = []string{"balance " + string(method)}
	case BalanceSource:
		hashed = true
		bv.Balance = []string{"balance source"}
	case BalanceHeader:
		hashed = true
		if !http {
			c.Fail(field+".Balance", "balance hdr needs mode http")
		}
		bv.Balance = []string{"balance hdr(" + c.Match(field+".Key", check.HeaderNameRE, b.Key, "a header name [A-Za-z0-9-]") + ")"}
	case BalanceURLParam:
		hashed = true
		if !http {
			c.Fail(field+".Balance", "balance url_param needs mode http")
		}
		bv.Balance = []string{"balance url_param " + c.Name(field+".Key", b.Key)}
	default:
		c.Fail(field+".Balance", "%q is not one of roundrobin, leastconn, random, source, hdr, url_param", b.Balance)
	}
	if b.Key != "" && method != BalanceHeader && method != BalanceURLParam {
		c.Fail(field+".Key", "a key needs Balance hdr or url_param")
	}
	if b.Consistent {
		if !hashed {
			c.Fail(field+".Consistent", "hash-type consistent needs a hash-based balance (source, hdr, url_param)")
		}
		bv.Balance = append(bv.Balance, "hash-type consistent")
	}
	if f := c.IntRange(field+".BalanceFactor", b.BalanceFactor, 0, 10000); f > 0 {
		if !b.Consistent {
			c.Fail(field+".BalanceFactor", "hash-balance-factor applies to hash-type consistent only")
		}
		if f <= 100 {
			c.Fail(field+".BalanceFactor", "HAProxy takes 0 or a factor above 100")
		}
		bv.Balance = append(bv.Balance, "hash-balance-factor "+strconv.Itoa(f))
	}
	if b.StripPrefix != "" {
		if !http {
			c.Fail(field+".StripPrefix", "a path rewrite needs mode http")
		}
		bv.Rewrite = `http-request replace-path ` + c.PrefixRegex(field+".StripPrefix", b.StripPrefix) + ` \1`
	}
	if l := b.Learn; l != nil {
		if !http {
			c.Fail(field+".Learn", "learning the sid needs mode http")
		}
		if b.Cookie != "" {
			c.Fail(field+".Learn", "a backend learns the sid or inserts a cookie, not both")
		}
		table := "stick-table type string len 64 size 1m expire " + c.Duration(field+".Learn.Expire", l.Expire)
		if l.Expire <= 0 {
			c.Fail(field+".Learn.Expire", "a learned table needs an expiry")
		}
		if l.Peers != "" {
			table += " peers " + c.Name(field+".Learn.Peers", l.Peers)
		}
		bv.Stick = []string{table, "stick store-response res.cook(io)", "stick match url_param(sid)"}
		bv.StickComments = c.Comments(field+".Learn.Comments", l.Comments)
	}
	if b.Cookie != "" {
		if !http {
			c.Fail(field+".Cookie", "cookie insert needs mode http")
		}
		bv.Cookie = "cookie " + c.Match(field+".Cookie", check.CookieNameRE, b.Cookie, "a cookie name [A-Za-z0-9_-]") + " insert indirect nocache httponly"
		if b.CookieSecure {
			bv.Cookie += " secure"
		}
		if b.CookieSameSiteNone {
			if !b.CookieSecure {
				c.Fail(field+".CookieSameSiteNone", "SameSite=None needs CookieSecure: browsers ignore it without Secure")
			}
			bv.Cookie += " attr SameSite=None"
		}
	}
	if b.RealIP {
		if !http {
			c.Fail(field+".RealIP", "X-Real-IP needs mode http")
		}
		bv.RealIP = true
	}
	switch {
	case b.Check == "":
	case b.Check == CheckTCP:
	case !http:
		c.Fail(field+".Check", "an HTTP check needs mode http")
	default:
		path := c.Match(field+".Check", check.PathRE, b.Check, "a path of [A-Za-z0-9/._~-]")
		status := c.IntRange(field+".CheckStatus", b.CheckStatus, 100, 599)
		bv.Checks = []string{"option httpchk GET " + path, "http-check expect status " + strconv.Itoa(status)}
	}
	bv.CheckComments = c.CommentsFor(field+".CheckComments", b.CheckComments, b.Check != "")
	if len(b.Servers) == 0 {
		c.Fail(field+".Servers", "a backend needs at least one server")
	}
	names, addrs := map[string]bool{}, map[string]bool{}
	for i, s := range b.Servers {
		sf := fmt.Sprintf("%s.Servers[%d]", field, i)
		id := strconv.Itoa(i + 1)
		if s.ID > 0 {
			id = strconv.Itoa(c.IntRange(sf+".ID", s.ID, 1, 1<<20))
		}
		name := "s" + id
		if s.Name != "" {
			name = c.Name(sf+".Name", s.Name)
		}
		if names[name] {
			c.Fail(sf+".Name", "duplicate server name %q", name)
		}
		names[name] = true
		addr := c.HostPort(sf+".Address", s.Address)
		if addrs[addr] && addr != "" {
			c.Fail(sf+".Address", "duplicate server %q", s.Address)
		}
		addrs[addr] = true
		line := "server " + name + " " + addr + " id " + id
		if c.IntRange(sf+".Weight", s.Weight, 0, 256) > 1 {
			line += " weight " + strconv.Itoa(s.Weight)
		}
		if b.Cookie != "" {
			line += " cookie " + name
		}
		if b.H2 {
			if !http {
				c.Fail(field+".H2", "proto h2 needs mode http")
			}
			line += " proto h2"
		}
		if c.IntRange(sf+".MaxConns", s.MaxConns, 0, 1<<20) > 0 {
			line += " maxconn " + strconv.Itoa(s.MaxConns)
		}
		if b.SendProxyV2 {
			line += " send-proxy-v2"
		}
		if b.Check != "" {
			line += " check inter 2s fall 3 rise 2"
			if b.SendProxyV2 {
				line += " check-send-proxy"
			}
		}
		bv.Servers = append(bv.Servers, line)
	}
	return bv
}
