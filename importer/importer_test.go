package importer_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/importer"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// importOK imports the files and fails on an error.
func importOK(t *testing.T, paths ...string) *importer.Result {
	t.Helper()
	res, diags := importFiles(t, paths...)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	return res
}

func importFiles(t *testing.T, paths ...string) (*importer.Result, hcl.Diagnostics) {
	t.Helper()
	srcs, err := importer.ReadSources(paths, 0)
	if err != nil {
		t.Fatal(err)
	}
	return importer.Import(srcs, importer.Options{})
}

// wantDiag checks that diags hold one error whose summary and detail
// contain the words, at file:line.
func wantDiag(t *testing.T, diags hcl.Diagnostics, file string, line int, words ...string) {
	t.Helper()
	wantSeverity(t, diags, hcl.DiagError, file, line, words)
}

// wantSeverity checks that diags hold one diagnostic of severity sev whose
// summary and detail contain the words, at file:line.
func wantSeverity(t *testing.T, diags hcl.Diagnostics, sev hcl.DiagnosticSeverity, file string, line int, words []string) {
	t.Helper()
	for _, d := range diags {
		text := d.Summary + " " + d.Detail
		ok := d.Severity == sev
		for _, w := range words {
			ok = ok && strings.Contains(text, w)
		}
		if !ok {
			continue
		}
		if d.Subject == nil || filepath.Base(d.Subject.Filename) != file || d.Subject.Start.Line != line {
			t.Fatalf("%q at %v, want %s:%d", text, d.Subject, file, line)
		}
		return
	}
	t.Fatalf("no diagnostic of severity %v with %q in %v", sev, words, diags)
}

// wantWarning checks that diags hold one warning whose summary and detail
// contain the words, at file:line, and no error.
func wantWarning(t *testing.T, diags hcl.Diagnostics, file string, line int, words ...string) {
	t.Helper()
	if diags.HasErrors() {
		t.Fatalf("want no error, got %v", diags.Errs())
	}
	wantSeverity(t, diags, hcl.DiagWarning, file, line, words)
}

// TestDeployedConfDir reads an nginx.conf kept in a repository beside what
// it includes, as the node reads /etc/nginx: absolute includes under the
// conf directory are read from beside it, findings point at those files,
// nginx's own mime.types may be missing, and anything else that is missing
// is named with its place on the node.
func TestDeployedConfDir(t *testing.T) {
	dir := t.TempDir()
	main := "user www-data;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  include /etc/nginx/upstreams.conf;\n  include /etc/nginx/sites-enabled/*;\n}\n"
	write(t, dir, "deploy/nginx/upstreams.conf", "upstream app {\n  ip_hash;\n  server 10.0.2.21:3000;\n  server 10.0.2.22:3000;\n}\n")
	site := "server {\n  listen 10.0.1.1:80;\n  location / {\n    proxy_pass http://app;\n  }\n}\n"
	write(t, dir, "deploy/nginx/sites-enabled/chat", site)
	p := write(t, dir, "deploy/nginx/nginx.conf", main)

	res, diags := importFiles(t, p)
	wantWarning(t, diags, "nginx.conf", 4, "Include not read", "mime.types", "/etc/nginx/mime.types", "types { }")
	if res == nil {
		t.Fatalf("nothing imported: %v", diags)
	}
	up := filepath.Join(dir, "deploy/nginx/upstreams.conf")
	if !strings.Contains(string(res.HCL), `"ip_hash"`) || !strings.Contains(string(res.HCL), up+":2") {
		t.Fatalf("the upstream of the included file is not imported, or its comment does not name %s:2:\n%s", up, res.HCL)
	}
	for name := range res.Files {
		if strings.HasPrefix(name, "/etc/nginx") {
			t.Errorf("a file is known by its place on the node, not the one read: %s", name)
		}
	}

	t.Run("another conf dir", func(t *testing.T) {
		srcs, err := importer.ReadSources([]string{p}, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, diags := importer.Import(srcs, importer.Options{NginxConfDir: "/usr/local/nginx/conf"})
		wantDiag(t, diags, "nginx.conf", 5, "Include not read", "/etc/nginx/upstreams.conf is outside")
	})
	t.Run("on the node, by a relative path", func(t *testing.T) {
		// topo lint nginx.conf, run in the conf directory: absolute
		// includes under it are inside it.
		node := filepath.Join(dir, "etc-nginx")
		write(t, node, "upstreams.conf", "upstream app {\n  ip_hash;\n  server 10.0.2.21:3000;\n  server 10.0.2.22:3000;\n}\n")
		write(t, node, "nginx.conf", "events {}\nhttp {\n  include "+filepath.Join(node, "upstreams.conf")+";\n  include "+filepath.Join(node, "conf.d")+"/*.conf;\n  server {\n    listen 10.0.1.1:80;\n    location / { proxy_pass http://app; }\n  }\n}\n")
		t.Chdir(node)
		srcs, err := importer.ReadSources([]string{"nginx.conf"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		res, diags := importer.Import(srcs, importer.Options{NginxConfDir: node})
		if len(diags) > 0 {
			t.Fatalf("want no diagnostic (the glob that matches nothing is what the node has), got %v", diags)
		}
		wantInOrder(t, res.HCL, []string{`"ip_hash"`}, "")
	})
	t.Run("a missing include", func(t *testing.T) {
		q := write(t, dir, "missing/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n      include proxy_params;\n      proxy_pass http://10.0.2.21:3000;\n    }\n  }\n}\n")
		_, diags := importFiles(t, q)
		wantDiag(t, diags, "nginx.conf", 6, "Include not read", "proxy_params is not there", "on the node: /etc/nginx/proxy_params")
	})
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	proxy := "location / { proxy_pass http://10.0.2.21:3000; }"
	write(t, dir, "secret.conf", "server { listen 81; }\n")
	// One file each, refused with an error at file:line whose text holds
	// the words.
	for _, c := range []struct {
		name, file, src string
		line            int
		words           []string
	}{
		{"nginx syntax", "syntax/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n", 4,
			[]string{"nginx would reject", "nginx -t"}},
		{"unknown context", "ctx/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    upstream x { server a:1; }\n  }\n}\n", 5,
			[]string{"nginx would reject", `"upstream" directive is not allowed here`}},
		{"include outside the root", "outside/nginx.conf", "events {}\nhttp {\n  include ../secret.conf;\n  server { listen 80; " + proxy + " }\n}\n", 3,
			[]string{"is outside", "nginx -T"}},
		{"nginx that proxies nothing", "web/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    location / { root /var/www; }\n  }\n}\n", 1,
			[]string{"No nginx server that proxies", "nothing to follow"}},
		{"haproxy that proxies nothing", "web/haproxy.cfg", "defaults\n  mode http\nfrontend f\n  bind 10.0.0.1:80\n  http-request return status 200\n", 1,
			[]string{"No HAProxy frontend that proxies", "nothing to follow"}},
		{"haproxy quote", "q/haproxy.cfg", "defaults\n  mode http\nfrontend f\n  bind :80\n  http-request set-header X \"open\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n", 5,
			[]string{"HAProxy would reject", "haproxy -c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := importFiles(t, write(t, dir, c.file, c.src))
			wantDiag(t, diags, filepath.Base(c.file), c.line, c.words...)
		})
	}
	t.Run("include loop", func(t *testing.T) {
		write(t, dir, "loop/a.conf", "include b.conf;\n")
		write(t, dir, "loop/b.conf", "include a.conf;\n")
		p := write(t, dir, "loop/nginx.conf", "events {}\nhttp { include a.conf; server { listen 80; "+proxy+" } }\n")
		_, diags := importFiles(t, p)
		if !diags.HasErrors() || !strings.Contains(diags.Error(), "loop") {
			t.Fatalf("want a loop error, got %v", diags)
		}
	})
	t.Run("glob that matches nothing", func(t *testing.T) {
		// nginx accepts it: a warning on the include's line, and the rest is read.
		p := write(t, dir, "glob/nginx.conf", "events {}\nhttp {\n  include conf.d/*.conf;\n  server { listen 80; "+proxy+" }\n}\n")
		res, diags := importFiles(t, p)
		wantWarning(t, diags, "nginx.conf", 3, "Include matches no file", "conf.d/*.conf", "nginx -T")
		if res == nil || !strings.Contains(string(res.HCL), "10.0.2.21:3000") {
			t.Fatalf("the servers after the include are not imported: %v", diags)
		}
	})
	t.Run("one address twice", func(t *testing.T) {
		a := write(t, dir, "twice/a.conf", "events {}\nhttp { server { listen 10.0.0.1:80; "+proxy+" } }\n")
		b := write(t, dir, "twice/b.conf", "events {}\nhttp { server { listen 10.0.0.1:80; "+proxy+" } }\n")
		_, diags := importFiles(t, a, b)
		wantDiag(t, diags, "b.conf", 2, "Two configurations listen on one address")
	})
	t.Run("overlay names no tier", func(t *testing.T) {
		p := write(t, dir, "overlay/nginx.conf", "events {}\nhttp { server { listen 10.0.0.1:80; "+proxy+" } }\n")
		srcs, _ := importer.ReadSources([]string{p}, 0)
		_, diags := importer.Import(srcs, importer.Options{Overlay: []byte("tier \"edge\" {\n  version = \"1.26.0\"\n}\n"), OverlayName: "app.hcl"})
		wantDiag(t, diags, "app.hcl", 1, "No imported tier of this name", "nginx")
	})
}

// TestNotes checks that what the language cannot say is listed at its
// line, in the topology's comments and in Notes, not dropped.
func TestNotes(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "nginx.conf", `events {}
http {
    upstream app {
        server 10.0.2.21:3000 weight=3;
        server 10.0.2.22:3000;
    }
    server {
        listen 10.0.1.10:80;
        location ~ /socket\.io/ {
            proxy_pass http://app;
        }
        location / {
            proxy_pass http://$backend;
        }
    }
}
`)
	res, diags := importFiles(t, p)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[int]string{4: "weights are not followed", 9: "a regular expression topo cannot say", 13: "variable target"}
	for line, text := range want {
		found := false
		for _, n := range res.Notes {
			if n.Range.Start.Line == line && strings.Contains(n.Text, text) {
				found = true
			}
		}
		if !found {
			t.Errorf("no note %q at line %d in %v", text, line, res.Notes)
		}
		if !strings.Contains(string(res.HCL), "nginx.conf:"+strconv.Itoa(line)+": ") {
			t.Errorf("the topology's comments do not list line %d:\n%s", line, res.HCL)
		}
	}
}

// TestSiblingsThatDiffer checks that two nodes of one tier whose files
// differ are reported, not merged, and that a different server order alone
// becomes server_order = "differs".
func TestSiblingsThatDiffer(t *testing.T) {
	dir := t.TempDir()
	front := write(t, dir, "m.conf", "events {}\nhttp { upstream ab { server 10.0.1.11:80; server 10.0.1.12:80; } server { listen 10.0.0.10:80; location / { proxy_pass http://ab; } } }\n")
	node := func(name, addr, method, servers string) string {
		return write(t, dir, name, "events {}\nhttp {\n  upstream app {\n    "+method+"\n    "+servers+"\n  }\n  server { listen "+addr+"; location / { proxy_pass http://app; } }\n}\n")
	}
	a := node("a.conf", "10.0.1.11:80", "ip_hash;", "server 10.0.2.21:3000; server 10.0.2.22:3000;")
	b := node("b.conf", "10.0.1.12:80", "least_conn;", "server 10.0.2.21:3000; server 10.0.2.22:3000;")
	res, diags := importFiles(t, front, a, b)
	found := false
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning && d.Summary == "Sibling configurations differ" && filepath.Base(d.Subject.Filename) == "b.conf" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no sibling warning: %v", diags)
	}
	c := node("c.conf", "10.0.1.12:80", "ip_hash;", "server 10.0.2.22:3000; server 10.0.2.21:3000;")
	res, diags = importFiles(t, front, a, c)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !strings.Contains(string(res.HCL), `server_order = "differs"`) {
		t.Fatalf("no server_order:\n%s", res.HCL)
	}
}

// TestDeterministic imports the same files twice and in another order of
// map iteration: the bytes are the same.
func TestDeterministic(t *testing.T) {
	paths, _ := filepath.Glob("../lint/testdata/configs/field-report/*.conf")
	first, _ := importFiles(t, paths...)
	for i := 0; i < 20; i++ {
		again, _ := importFiles(t, paths...)
		if string(again.HCL) != string(first.HCL) {
			t.Fatalf("run %d differs:\n%s\n---\n%s", i, first.HCL, again.HCL)
		}
	}
}

// TestHAProxyServersWithoutIDs: a consistent backend whose servers have no
// id is noted at the first such line (fact H12); with ids, nothing is.
func TestHAProxyServersWithoutIDs(t *testing.T) {
	dir := t.TempDir()
	cfg := func(ids bool) string {
		id := func(n int) string {
			if ids {
				return " id " + strconv.Itoa(n)
			}
			return ""
		}
		return "defaults\n  mode http\nfrontend f\n  bind 10.0.1.10:80\n  default_backend io\nbackend io\n  balance source\n  hash-type consistent\n" +
			"  server a 10.0.2.21:3000" + id(7) + " check\n  server b 10.0.2.22:3000" + id(9) + " check\n"
	}
	res, diags := importFiles(t, write(t, dir, "positions.cfg", cfg(false)))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := false
	for _, n := range res.Notes {
		if n.Range.Start.Line == 9 && strings.Contains(n.Text, "has no id") {
			found = true
		}
	}
	if !found {
		t.Errorf("no note at line 9: %v", res.Notes)
	}
	res, _ = importFiles(t, write(t, dir, "ids.cfg", cfg(true)))
	for _, n := range res.Notes {
		if strings.Contains(n.Text, "has no id") {
			t.Errorf("noted although every server has an id: %v", n)
		}
	}
}

// wantInOrder checks that the imported topology holds each of want, in
// this order, and the note when it is not "": runs of spaces count as one,
// so alignment does not matter.
func wantInOrder(t *testing.T, hcl []byte, want []string, note string) {
	t.Helper()
	out := strings.Join(strings.Fields(string(hcl)), " ")
	at := 0
	for _, w := range want {
		w = strings.Join(strings.Fields(w), " ")
		i := strings.Index(out[at:], w)
		if i < 0 {
			t.Fatalf("no %q (in this order) in\n%s", w, hcl)
		}
		at += i + len(w)
	}
	if note != "" && !strings.Contains(out, note) {
		t.Fatalf("no note %q in\n%s", note, hcl)
	}
}

// TestHAProxyConditions: use_backend conditions that join path and header
// ACLs become routes with a path and header conditions, one per
// alternative, in order; what topo cannot read is noted, not guessed.
func TestHAProxyConditions(t *testing.T) {
	dir := t.TempDir()
	cfg := func(acls, uses string) string {
		return "defaults\n  mode http\nfrontend f\n  bind 10.0.1.1:80\n" + acls + uses +
			"  default_backend web\nbackend sio\n  balance source\n  server s1 10.0.2.21:3000\n  server s2 10.0.2.22:3000\n" +
			"backend ws\n  server w1 10.0.2.31:3000\nbackend web\n  server x1 10.0.2.41:8080\n"
	}
	for _, c := range []struct {
		name, acls, uses string
		want             []string // in this order
		note             string
	}{
		{"or", "  acl io path_beg /socket.io/\n  acl ws hdr(Upgrade) -i WebSocket\n", "  use_backend sio if io || ws\n",
			[]string{`route "socket-io" {`, `path       = "/socket.io/*"`, `route "upgrade-websocket" {`, `header     = { "upgrade" = "WebSocket" }`}, ""},
		{"and", "  acl io path_beg /socket.io/\n  acl ws hdr(upgrade) -i websocket\n", "  use_backend ws if io ws\n",
			[]string{`route "socket-io-upgrade-websocket" {`, `path   = "/socket.io/*"`, `header = { "upgrade" = "websocket" }`, `to     = tier.ws`}, ""},
		{"values", "  acl io path_beg /a/ /b/\n", "  use_backend sio if io\n",
			[]string{`route "a" {`, `route "b" {`}, ""},
		{"declared twice", "  acl io path_beg /a/\n  acl io path /b\n", "  use_backend sio or { path_beg /c/ }\n", nil,
			"use_backend sio: its condition is not one topo reads"},
		{"inline or acl", "  acl io path_beg /a/\n  acl io path /b\n", "  use_backend sio if io or { url_beg /c/ }\n",
			[]string{`path       = "/a/*"`, `path       = "/b"`, `path       = "/c/*"`}, ""},
		{"negation", "  acl io path_beg /socket.io/\n", "  use_backend sio if !io\n", nil,
			"use_backend sio: its condition is not one topo reads"},
		{"one name twice", "", "  use_backend sio if { path_beg /x/ }\n  use_backend ws if { path_beg /x/ }\n",
			[]string{`route "x" {`, `route "x-2" {`}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, dir, c.name+"/haproxy.cfg", cfg(c.acls, c.uses))
			res := importOK(t, p)
			wantInOrder(t, res.HCL, c.want, c.note)
			if c.want == nil && strings.Contains(string(res.HCL), "route ") {
				t.Fatalf("a route from a condition topo cannot read:\n%s", res.HCL)
			}
		})
	}
}

// TestNginxHeaderMaps: proxy_pass http://$VAR of a map of a request header
// is a route per key, with that header condition, then the map's default;
// a map topo cannot say is noted and not followed.
func TestNginxHeaderMaps(t *testing.T) {
	dir := t.TempDir()
	conf := func(mapBody string) string {
		return "events {}\nhttp {\n  map $http_upgrade $pool {\n" + mapBody + "  }\n" +
			"  upstream polling {\n    ip_hash;\n    server 10.0.2.21:3000;\n    server 10.0.2.22:3000;\n  }\n" +
			"  upstream ws {\n    server 10.0.2.31:3000;\n  }\n" +
			"  server {\n    listen 10.0.1.1:80;\n    location / {\n      proxy_pass http://$pool;\n    }\n  }\n}\n"
	}
	for _, c := range []struct {
		name, body string
		want       []string
		note       string
	}{
		{"exact key and default", "    default polling;\n    websocket ws;\n",
			[]string{`balance = "ip_hash"`, `to = tier.polling`, `route "upgrade-websocket" {`, `header = { "upgrade" = "websocket" }`, `balance = "round_robin"`, `to = tier.ws`}, ""},
		{"regular expression key", "    default polling;\n    ~*^web ws;\n", nil,
			"map $http_upgrade $pool: a map with ~*^web"},
		{"no default", "    websocket ws;\n", []string{`route "upgrade-websocket" {`},
			"map $http_upgrade $pool has no default"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, dir, strings.ReplaceAll(c.name, " ", "-")+"/nginx.conf", conf(c.body))
			res := importOK(t, p)
			wantInOrder(t, res.HCL, c.want, c.note)
		})
	}
}

// TestNginxRegexLocations: a regular-expression location that anchors a
// literal path is a route, tried before the prefix locations as nginx
// tries it; one topo cannot read is noted, and a node with no other way
// says so.
func TestNginxRegexLocations(t *testing.T) {
	dir := t.TempDir()
	conf := func(locs string) string {
		return "events {}\nhttp {\n  upstream io {\n    ip_hash;\n    server 10.0.2.21:3000;\n    server 10.0.2.22:3000;\n  }\n" +
			"  upstream api {\n    server 10.0.2.31:8080;\n  }\n  server {\n    listen 10.0.1.1:80;\n" + locs + "  }\n}\n"
	}
	t.Run("anchored", func(t *testing.T) {
		p := write(t, dir, "a/nginx.conf", conf("    location /socket {\n      proxy_pass http://api;\n    }\n    location ~* ^/socket\\.io/ {\n      proxy_pass http://io;\n    }\n    location ~ ^/health$ {\n      proxy_pass http://api;\n    }\n"))
		res := importOK(t, p)
		out := strings.Join(strings.Fields(string(res.HCL)), " ")
		io, health, prefix := strings.Index(out, `path = "/socket.io/*"`), strings.Index(out, `path = "/health"`), strings.Index(out, `path = "/socket*"`)
		if io < 0 || health < 0 || prefix < 0 || !(io < health && health < prefix) {
			t.Fatalf("want the regex routes /socket.io/* and /health, in order, before the prefix /socket*:\n%s", res.HCL)
		}
	})
	for _, re := range []string{"~ /socket", "~ ^/socket(\\.io)?/", "~ ^/s.*/io"} {
		t.Run(re, func(t *testing.T) {
			p := write(t, dir, strings.NewReplacer(" ", "", "/", "", "\\", "", "(", "", ")", "", "?", "", "*", "", "^", "").Replace(re)+"/nginx.conf",
				conf("    location "+re+" {\n      proxy_pass http://io;\n    }\n"))
			_, diags := importFiles(t, p)
			wantDiag(t, diags, "nginx.conf", 12, "No way topo can follow", "a regular expression topo cannot say")
		})
	}
}

// TestNginxVirtualHosts: of several servers that proxy, the one with a
// location of its own for the Socket.IO path (the overlay's, or
// /socket.io/) is followed, wherever it is in the file; the others are
// noted.
func TestNginxVirtualHosts(t *testing.T) {
	dir := t.TempDir()
	conf := func(path string) string {
		return "events {}\nhttp {\n  upstream api { server 10.0.2.31:8080; }\n  upstream io {\n    ip_hash;\n    server 10.0.2.21:3000;\n    server 10.0.2.22:3000;\n  }\n" +
			"  server {\n    listen 10.0.1.1:80;\n    server_name api.example.com;\n    location / { proxy_pass http://api; }\n  }\n" +
			"  server {\n    listen 10.0.1.1:80;\n    server_name chat.example.com;\n    location / { root /var/www; }\n    location " + path + " {\n      proxy_pass http://io;\n    }\n  }\n}\n"
	}
	t.Run("the default path", func(t *testing.T) {
		p := write(t, dir, "a/nginx.conf", conf("/socket.io/"))
		res := importOK(t, p)
		wantInOrder(t, res.HCL, []string{`balance = "ip_hash"`, `to = tier.io`}, "another server that proxies: topo reads the one at "+p+":14, whose location takes /socket.io/")
	})
	t.Run("the overlay's path", func(t *testing.T) {
		p := write(t, dir, "b/nginx.conf", conf("/chat/"))
		srcs, err := importer.ReadSources([]string{p}, 0)
		if err != nil {
			t.Fatal(err)
		}
		res, diags := importer.Import(srcs, importer.Options{Overlay: []byte("socketio {\n  path = \"/chat/\"\n}\n"), OverlayName: "app.hcl"})
		if diags.HasErrors() {
			t.Fatalf("%v", diags)
		}
		wantInOrder(t, res.HCL, []string{`to = tier.io`}, "whose location takes /chat/")
	})
	t.Run("none has one", func(t *testing.T) {
		p := write(t, dir, "c/nginx.conf", conf("/other/"))
		res := importOK(t, p)
		wantInOrder(t, res.HCL, []string{`to = tier.api`}, "topo reads the one at "+p+":9, the first")
	})
}

// TestHAProxyFrontends: of several frontends that proxy, the one with a
// rule of its own for the Socket.IO path is followed; the others are noted.
func TestHAProxyFrontends(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "haproxy.cfg", "defaults\n  mode http\n"+
		"frontend api\n  bind 10.0.1.1:8080\n  default_backend api\n"+
		"frontend chat\n  bind 10.0.1.1:80\n  acl io path_beg /socket.io/\n  use_backend io if io\n  default_backend web\n"+
		"backend api\n  server a1 10.0.2.31:8080\n"+
		"backend io\n  balance source\n  server s1 10.0.2.21:3000\n  server s2 10.0.2.22:3000\n"+
		"backend web\n  server w1 10.0.2.41:8080\n")
	res := importOK(t, p)
	wantInOrder(t, res.HCL, []string{`nodes = ["10.0.1.1:80"]`, `route "socket-io" {`, `to = tier.io`},
		"another frontend that proxies: topo reads frontend chat at line 6, whose rules take /socket.io/")
}

// TestUnixSocketServers: an upstream of unix sockets is noted server by
// server, and when the Socket.IO way reaches no server topo reads, import
// says so at the way, instead of a topology that reaches no socketio tier.
func TestUnixSocketServers(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "nginx.conf", "events {}\nhttp {\n  upstream app {\n    server unix:/run/app.sock;\n  }\n  server {\n    listen 10.0.1.1:80;\n    location /socket.io/ {\n      proxy_pass http://app;\n    }\n  }\n}\n")
	_, diags := importFiles(t, p)
	wantDiag(t, diags, "nginx.conf", 8, "No server topo can read", "reads none of its servers")
	q := write(t, dir, "mixed/nginx.conf", "events {}\nhttp {\n  upstream app {\n    server 10.0.2.21:3000;\n    server unix:/run/app.sock;\n  }\n  server {\n    listen 10.0.1.1:80;\n    location /socket.io/ {\n      proxy_pass http://app;\n    }\n  }\n}\n")
	res := importOK(t, q)
	wantInOrder(t, res.HCL, []string{`nodes = ["10.0.2.21:3000"]`}, "server unix:/run/app.sock: a unix socket")
}
