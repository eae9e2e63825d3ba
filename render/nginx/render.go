// Package nginx renders one nginx node's configuration file from a Plan.
//
// The file runs as it is: "nginx -p DIR -c DIR/<tier>-<n>.conf" works for a
// non-root user, because the pid file, the logs and every temp path are
// relative to the prefix DIR. Render validates the whole Plan against strict
// allowlists first and returns an error instead of writing anything it has not
// checked, so hostile strings cannot inject directives.
package nginx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/topolint/topo/internal/lazyre"
	"github.com/topolint/topo/render/internal/check"
	"github.com/topolint/topo/templates"
)

// tmpl is parsed from the embedded templates on first use, not at start-up.
var tmpl = sync.OnceValue(func() *template.Template { return templates.Parse("nginx.conf.tmpl") })

// FileName returns the file name of a node's configuration: <tier>-<n>.conf.
func FileName(h Header) string { return h.FileName(Suffix) }

// The view types hold only checked, formatted text for the template.
type (
	workersView struct {
		Processes           string
		Connections, Rlimit int
		Comments            []string
	}
	listenView struct {
		Address       string
		ProxyProtocol bool
		SSL           bool
		HTTP2         bool
		Comments      []string
	}
	tlsView struct {
		Certificate, Key   string
		Protocols, Ciphers string
		HTTP2On            bool
		Comments           []string
	}
	realIPView struct {
		// FromText is the set_real_ip_from lines, each indented and ended.
		FromText  string
		Header    string
		Recursive bool
		Comments  []string
	}
	upstreamView struct {
		Name    string
		Balance string
		// ServersText is the server lines, indented, between newlines.
		ServersText string
		Keepalive   int
		Zone        string
		Comments    []string
	}
	locationView struct {
		Rewrite                                           string
		Match, Upstream                                   string
		HTTP11, WebSocket, ClearConnection                bool
		ForwardedFor, NoNextUpstream                      bool
		ForwardedProto, RealIP                            bool
		HeaderComments                                    []string
		Timeouts                                          []string
		Comments, WebSocketComments, ForwardedForComments []string
		TimeoutComments, NextUpstreamComments             []string
	}
	httpView struct {
		WebSocketMap bool
		Listen       listenView
		TLS          *tlsView
		RealIP       *realIPView
		Upstreams    []upstreamView
		Locations    []locationView
		Redirect     *redirectView
	}
	redirectView struct {
		Listen, Target string
		Comments       []string
	}
	streamView struct {
		Listen listenView
		// RealIPFromText is the set_real_ip_from lines, each indented and
		// ended.
		RealIPFromText        string
		RealIPComments        []string
		Upstream              upstreamView
		ProxyProtocol         bool
		ProxyProtocolComments []string
		Timeouts              []string
		TimeoutComments       []string
	}
	view struct {
		Header      check.HeaderView
		Base        string
		ErrorLevel  string
		Shutdown    string
		LoadModules []string
		Workers     workersView
		HTTP        *httpView
		Stream      *streamView
	}
)

// Render checks p and returns the configuration file of its node. It returns
// an error, and no output, when any field fails its allowlist or range, when
// fields contradict each other, or when the target nginx version lacks a
// feature the plan needs.
func Render(p Plan) ([]byte, error) {
	sh, err := buildShared(p)
	if err != nil {
		return nil, err
	}
	return renderWith(p, sh)
}

// shared is what the nodes of a tier have in common, checked: the
// upstreams with their server lines, and the trusted addresses of realip.
// Emit builds it once per tier.
type shared struct {
	upstreams      []upstreamView
	keepalive      map[string]bool
	streamUpstream upstreamView
	realIPText     string
	size           int
}

// buildShared checks the upstreams and trusted addresses of p.
func buildShared(p Plan) (shared, error) {
	c := newChecker()
	ver := c.Version("Version", p.Version)
	sh := shared{keepalive: map[string]bool{}}
	var from []string
	switch {
	case p.HTTP != nil:
		for i, u := range p.HTTP.Upstreams {
			field := fmt.Sprintf("HTTP.Upstreams[%d]", i)
			uv := buildUpstream(c, ver, field, u, false)
			if _, dup := sh.keepalive[uv.Name]; dup {
				c.Fail(field+".Name", "duplicate upstream %q", uv.Name)
			}
			sh.keepalive[uv.Name] = uv.Keepalive > 0
			sh.upstreams = append(sh.upstreams, uv)
			sh.size += len(uv.ServersText)
		}
		if r := p.HTTP.RealIP; r != nil {
			for i, f := range r.From {
				from = append(from, c.AddrOrPrefix(fmt.Sprintf("HTTP.RealIP.From[%d]", i), f))
			}
		}
	case p.Stream != nil:
		sh.streamUpstream = buildUpstream(c, ver, "Stream.Upstream", p.Stream.Upstream, true)
		sh.size += len(sh.streamUpstream.ServersText)
		for i, f := range p.Stream.RealIPFrom {
			from = append(from, c.AddrOrPrefix(fmt.Sprintf("Stream.RealIPFrom[%d]", i), f))
		}
	}
	var b strings.Builder
	for _, f := range from {
		b.WriteString("        set_real_ip_from " + f + ";\n")
	}
	sh.realIPText = b.String()
	sh.size += len(sh.realIPText)
	return sh, c.Err
}

// renderWith checks everything of p but what sh holds, and writes the file.
func renderWith(p Plan, sh shared) ([]byte, error) {
	v, err := build(p, sh)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(sh.size + 16<<10)
	if err := tmpl().ExecuteTemplate(&buf, "nginx.conf.tmpl", v); err != nil {
		return nil, fmt.Errorf("nginx plan: executing template: %w", err)
	}
	return buf.Bytes(), nil
}

func build(p Plan, sh shared) (*view, error) {
	c := newChecker()
	ver := c.Version("Version", p.Version)
	v := &view{
		Header: c.Header("nginx", p.Header.TopoVersion, p.Header.Source, p.Header.Tier, p.Header.Node, p.Header.Assumed),
	}
	v.Base = v.Header.Tier + "-" + strconv.Itoa(v.Header.Node)
	for i, m := range p.LoadModules {
		v.LoadModules = append(v.LoadModules, c.Match(fmt.Sprintf("LoadModules[%d]", i), modulePathRE, m, "an absolute path to a .so file"))
	}
	v.Workers = workersView{
		Processes:   "auto",
		Connections: c.IntRange("Workers.Connections", p.Workers.Connections, 0, 1<<20),
		Rlimit:      c.IntRange("Workers.RlimitNofile", p.Workers.RlimitNofile, 0, 1<<24),
		Comments:    c.Comments("Workers.Comments", p.Workers.Comments),
	}
	if n := c.IntRange("Workers.Processes", p.Workers.Processes, 0, 1024); n > 0 {
		v.Workers.Processes = strconv.Itoa(n)
	}
	if v.Workers.Connections == 0 {
		v.Workers.Connections = 512
	}
	v.Shutdown = c.Duration("ShutdownTimeout", p.ShutdownTimeout)
	switch p.ErrorLogLevel {
	case "", "debug", "info", "notice", "warn", "error", "crit", "alert", "emerg":
		v.ErrorLevel = p.ErrorLogLevel
	default:
		c.Fail("ErrorLogLevel", "%q is not an nginx log level", p.ErrorLogLevel)
	}
	switch {
	case p.HTTP != nil && p.Stream != nil:
		c.Fail("HTTP", "a plan is either HTTP (layer 7) or Stream (layer 4), not both")
	case p.HTTP != nil:
		v.HTTP = buildHTTP(c, ver, p.HTTP, sh)
	case p.Stream != nil:
		v.Stream = buildStream(c, p.Stream, sh)
	default:
		c.Fail("HTTP", "a plan needs HTTP (layer 7) or Stream (layer 4)")
	}
	if c.Err != nil {
		return nil, c.Err
	}
	return v, nil
}

func buildListen(c *checker, field string, l Listen) listenView {
	return listenView{
		Address:       c.HostPort(field+".Address", l.Address),
		ProxyProtocol: l.ProxyProtocol,
		Comments:      c.Comments(field+".Comments", l.Comments),
	}
}

func buildHTTP(c *checker, ver version, h *HTTP, sh shared) *httpView {
	hv := &httpView{Listen: buildListen(c, "HTTP.Listen", h.Listen)}
	if t := h.TLS; t != nil {
		hv.Listen.SSL = true
		tv := &tlsView{
			Certificate: c.Match("HTTP.TLS.Certificate", filePathRE, t.Certificate, "a file path of [A-Za-z0-9/._~+-]"),
			Key:         c.Match("HTTP.TLS.Key", filePathRE, t.Key, "a file path of [A-Za-z0-9/._~+-]"),
			Comments:    c.Comments("HTTP.TLS.Comments", t.Comments),
		}
		for i, p := range t.Protocols {
			switch p {
			case "TLSv1.2", "TLSv1.3":
			default:
				c.Fail(fmt.Sprintf("HTTP.TLS.Protocols[%d]", i), "%q is not TLSv1.2 or TLSv1.3", p)
			}
		}
		for i, ci := range t.Ciphers {
			c.Match(fmt.Sprintf("HTTP.TLS.Ciphers[%d]", i), cipherRE, ci, "a cipher suite name of [A-Z0-9-]")
		}
		if len(t.Protocols) == 0 || len(t.Ciphers) == 0 {
			c.Fail("HTTP.TLS", "TLS needs protocols and ciphers")
		}
		tv.Protocols, tv.Ciphers = strings.Join(t.Protocols, " "), strings.Join(t.Ciphers, ":")
		if t.HTTP2 {
			if ver.Known && ver.AtLeast(1, 25, 1) {
				tv.HTTP2On = true
			} else {
				hv.Listen.HTTP2 = true
			}
		}
		hv.TLS = tv
	}
	if r := h.Redirect; r != nil {
		if h.TLS == nil {
			c.Fail("HTTP.Redirect", "a redirect to https needs TLS on the node")
		}
		rv := &redirectView{Listen: c.HostPort("HTTP.Redirect.Listen", r.Listen), Target: "https://$host$request_uri",
			Comments: c.Comments("HTTP.Redirect.Comments", r.Comments)}
		switch port := c.IntRange("HTTP.Redirect.TLSPort", r.TLSPort, 1, 65535); {
		case r.Listen == h.Listen.Address:
			c.Fail("HTTP.Redirect.Listen", "the redirect listens where the TLS server does")
		case port != 443:
			rv.Target = fmt.Sprintf("https://$host:%d$request_uri", port)
		}
		hv.Redirect = rv
	}
	if r := h.RealIP; r != nil {
		rv := &realIPView{Recursive: r.Recursive, Comments: c.Comments("HTTP.RealIP.Comments", r.Comments)}
		if len(r.From) == 0 {
			c.Fail("HTTP.RealIP.From", "realip needs at least one trusted address")
		}
		rv.FromText = sh.realIPText
		switch r.Header {
		case RealIPXForwardedFor, RealIPXRealIP:
		case RealIPProxyProtocol:
			if !h.Listen.ProxyProtocol {
				c.Fail("HTTP.RealIP.Header", "real_ip_header proxy_protocol needs Listen.ProxyProtocol")
			}
		default:
			c.Fail("HTTP.RealIP.Header", "%q is not X-Forwarded-For, X-Real-IP or proxy_protocol", r.Header)
		}
		rv.Header = string(r.Header)
		hv.RealIP = rv
	}
	keepalive := sh.keepalive
	hv.Upstreams = sh.upstreams
	if len(h.Locations) == 0 {
		c.Fail("HTTP.Locations", "an HTTP plan needs at least one location")
	}
	seen := map[string]bool{}
	for i, l := range h.Locations {
		field := fmt.Sprintf("HTTP.Locations[%d]", i)
		lv := locationView{
			Match:          c.locationMatch(field+".Path", l.Path),
			Upstream:       c.Name(field+".Upstream", l.Upstream),
			WebSocket:      l.WebSocket,
			ForwardedFor:   l.ForwardedFor,
			ForwardedProto: l.ForwardedProto,
			RealIP:         l.RealIP,
			HeaderComments: c.CommentsFor(field+".HeaderComments", l.HeaderComments, l.ForwardedProto || l.RealIP),
			NoNextUpstream: l.NoNextUpstream,
			Timeouts: timeouts(
				"proxy_connect_timeout", c.Duration(field+".ConnectTimeout", l.ConnectTimeout),
				"proxy_read_timeout", c.Duration(field+".ReadTimeout", l.ReadTimeout),
				"proxy_send_timeout", c.Duration(field+".SendTimeout", l.SendTimeout)),
			Comments:             c.Comments(field+".Comments", l.Comments),
			WebSocketComments:    c.CommentsFor(field+".WebSocketComments", l.WebSocketComments, l.WebSocket),
			ForwardedForComments: c.CommentsFor(field+".ForwardedForComments", l.ForwardedForComments, l.ForwardedFor),
			TimeoutComments:      c.CommentsFor(field+".TimeoutComments", l.TimeoutComments, l.ConnectTimeout != 0 || l.ReadTimeout != 0 || l.SendTimeout != 0),
			NextUpstreamComments: c.CommentsFor(field+".NextUpstreamComments", l.NextUpstreamComments, l.NoNextUpstream),
		}
		if l.StripPrefix != "" {
			lv.Rewrite = "rewrite " + c.PrefixRegex(field+".StripPrefix", l.StripPrefix) + " $1 break"
		}
		ka, ok := keepalive[lv.Upstream]
		if !ok && lv.Upstream != "" {
			c.Fail(field+".Upstream", "no upstream named %q", lv.Upstream)
		}
		if seen[lv.Match] && lv.Match != "" {
			c.Fail(field+".Path", "duplicate location %q", l.Path)
		}
		seen[lv.Match] = true
		// Before 1.29.7 nginx speaks HTTP/1.0 to upstreams and sends
		// "Connection: close": WebSocket and upstream keepalive need 1.1.
		pre1297 := !ver.AtLeast(1, 29, 7)
		lv.HTTP11 = pre1297 && (l.WebSocket || ka)
		lv.ClearConnection = pre1297 && ka && !l.WebSocket
		hv.WebSocketMap = hv.WebSocketMap || l.WebSocket
		hv.Locations = append(hv.Locations, lv)
	}
	return hv
}

// locationMatch turns a topology path pattern into a location modifier and
// URI. The regular expression form is built here from checked characters;
// "." is written as "[.]" so that no backslash reaches the file.
func (c *checker) locationMatch(field, pattern string) string {
	kind, text := c.PathMatch(field, pattern)
	switch {
	case text == "":
		return ""
	case pattern == "/*":
		return "/"
	case kind == check.PathExact:
		return "= " + text
	case kind == check.PathPrefix:
		return "^~ " + text
	}
	return "~ " + text
}

// zoneSizeRE is the size of an upstream zone: digits and k or m.
var zoneSizeRE = lazyre.New(`^[1-9][0-9]{0,5}[km]$`)

func buildUpstream(c *checker, ver version, field string, u Upstream, stream bool) upstreamView {
	uv := upstreamView{
		Name:      c.Name(field+".Name", u.Name),
		Keepalive: c.IntRange(field+".Keepalive", u.Keepalive, 0, 4096),
		Comments:  c.Comments(field+".Comments", u.Comments),
	}
	if stream && u.Keepalive != 0 {
		c.Fail(field+".Keepalive", "keepalive is an HTTP upstream setting")
	}
	if u.Zone != "" {
		uv.Zone = uv.Name + " " + c.Match(field+".Zone", zoneSizeRE, u.Zone, "a size such as 64k")
	}
	method := u.Method
	if method == "" {
		method = RoundRobin
	}
	if method != Hash && (u.Key != HashKey{}) {
		c.Fail(field+".Key", "a hash key needs Method %q", Hash)
	}
	if u.Consistent && method != Hash {
		c.Fail(field+".Consistent", "consistent needs Method %q (ip_hash has no consistent form)", Hash)
	}
	if method != StickyCookie && (u.Cookie != Cookie{}) {
		c.Fail(field+".Cookie", "a sticky cookie needs Method %q", StickyCookie)
	}
	switch method {
	case RoundRobin:
	case LeastConn:
		uv.Balance = "least_conn"
	case Random:
		if ver.Known && !ver.AtLeast(1, 15, 1) {
			c.Fail(field+".Method", "random needs nginx 1.15.1 or later, the plan targets %d.%d.%d", ver.Major, ver.Minor, ver.Patch)
		}
		uv.Balance = "random"
	case IPHash:
		if stream {
			c.Fail(field+".Method", "ip_hash does not exist in the stream module; use hash on remote_addr")
		}
		uv.Balance = "ip_hash"
	case Hash:
		key := c.hashKey(field+".Key", u.Key, stream)
		uv.Balance = "hash " + key
		if u.Consistent {
			uv.Balance += " consistent"
		}
	case StickyLearn:
		if stream {
			c.Fail(field+".Method", "sticky learn needs HTTP; a stream hop can only hash on remote_addr")
		}
		if !ver.AtLeast(1, 29, 6) {
			c.Fail(field+".Method", "sticky needs nginx 1.29.6 or later (Version %q); earlier open-source nginx has no sticky", fmtVersion(ver))
		}
		uv.Balance = "sticky learn create=$upstream_cookie_io lookup=$arg_sid zone=" + uv.Name + "_sids:1m timeout=30m"
	case StickyCookie:
		if stream {
			c.Fail(field+".Method", "sticky cookie needs HTTP; a stream hop can only hash on remote_addr")
		}
		if !ver.AtLeast(1, 29, 6) {
			c.Fail(field+".Method", "sticky needs nginx 1.29.6 or later (Version %q); earlier open-source nginx has no sticky", fmtVersion(ver))
		}
		ck := u.Cookie
		name := c.Match(field+".Cookie.Name", check.CookieNameRE, ck.Name, "a cookie name [A-Za-z0-9_-]")
		path := "/"
		if ck.Path != "" {
			path = c.Match(field+".Cookie.Path", cookiePathRE, ck.Path, "a cookie path of [A-Za-z0-9/._~-]")
		}
		uv.Balance = "sticky cookie " + name + " path=" + path
		if ck.HTTPOnly {
			uv.Balance += " httponly"
		}
		if ck.Secure {
			uv.Balance += " secure"
		}
		if ck.SameSiteNone {
			if !ck.Secure {
				c.Fail(field+".Cookie.SameSiteNone", "samesite=none needs Secure: browsers ignore it without Secure")
			}
			uv.Balance += " samesite=none"
		}
	default:
		c.Fail(field+".Method", "%q is not one of round_robin, least_conn, random, ip_hash, hash, sticky_cookie", u.Method)
	}
	if len(u.Servers) == 0 {
		c.Fail(field+".Servers", "an upstream needs at least one server")
	}
	seen := map[string]bool{}
	var servers strings.Builder
	for i, s := range u.Servers {
		sf := fmt.Sprintf("%s.Servers[%d]", field, i)
		addr := c.HostPort(sf+".Address", s.Address)
		if seen[addr] && addr != "" {
			c.Fail(sf+".Address", "duplicate server %q", s.Address)
		}
		seen[addr] = true
		if c.IntRange(sf+".Weight", s.Weight, 0, 1000) > 1 {
			addr += " weight=" + strconv.Itoa(s.Weight)
		}
		if c.IntRange(sf+".MaxConns", s.MaxConns, 0, 1<<20) > 0 {
			addr += " max_conns=" + strconv.Itoa(s.MaxConns)
		}
		if servers.Len() > 0 {
			servers.WriteByte('\n')
		}
		servers.WriteString("        server " + addr + ";")
	}
	uv.ServersText = servers.String()
	return uv
}

// hashKey maps the key enumeration to the nginx variable.
func (c *checker) hashKey(field string, k HashKey, stream bool) string {
	if stream && k.Kind != KeyRemoteAddr {
		c.Fail(field+".Kind", "a stream hop can only hash on %q (it cannot read headers, cookies or the query)", KeyRemoteAddr)
		return ""
	}
	noName := func() {
		if k.Name != "" {
			c.Fail(field+".Name", "key %q takes no name", k.Kind)
		}
	}
	switch k.Kind {
	case KeyRemoteAddr:
		noName()
		return "$remote_addr"
	case KeyXForwardedFor:
		noName()
		return "$http_x_forwarded_for"
	case KeyHeader:
		n := c.Match(field+".Name", check.HeaderNameRE, k.Name, "a header name [A-Za-z0-9-]")
		return "$http_" + strings.ReplaceAll(strings.ToLower(n), "-", "_")
	case KeyCookie:
		return "$cookie_" + c.Match(field+".Name", varNameRE, k.Name, "a cookie name nginx can read, [A-Za-z0-9_]")
	case KeyArg:
		return "$arg_" + c.Match(field+".Name", varNameRE, k.Name, "a query parameter name nginx can read, [A-Za-z0-9_]")
	}
	c.Fail(field+".Kind", "%q is not one of remote_addr, http_x_forwarded_for, header, cookie, arg", k.Kind)
	return ""
}

// timeouts pairs directive names with durations and keeps the set ones.
func timeouts(pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, pairs[i]+" "+pairs[i+1])
		}
	}
	return out
}

func fmtVersion(v version) string {
	if !v.Known {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

func buildStream(c *checker, s *Stream, sh shared) *streamView {
	sv := &streamView{
		Listen:                buildListen(c, "Stream.Listen", s.Listen),
		RealIPComments:        c.CommentsFor("Stream.RealIPComments", s.RealIPComments, len(s.RealIPFrom) > 0),
		Upstream:              sh.streamUpstream,
		ProxyProtocol:         s.ProxyProtocol,
		ProxyProtocolComments: c.CommentsFor("Stream.ProxyProtocolComments", s.ProxyProtocolComments, s.ProxyProtocol),
		Timeouts: timeouts(
			"proxy_connect_timeout", c.Duration("Stream.ConnectTimeout", s.ConnectTimeout),
			"proxy_timeout", c.Duration("Stream.Timeout", s.Timeout)),
		TimeoutComments: c.CommentsFor("Stream.TimeoutComments", s.TimeoutComments, s.ConnectTimeout != 0 || s.Timeout != 0),
	}
	if len(s.RealIPFrom) > 0 && !s.Listen.ProxyProtocol {
		c.Fail("Stream.RealIPFrom", "the stream realip module reads only the PROXY header: it needs Listen.ProxyProtocol")
	}
	sv.RealIPFromText = sh.realIPText
	return sv
}
