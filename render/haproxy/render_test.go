package haproxy

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/render/internal/rendertest"

	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.cfg from the current renderer (check the diff before committing)")

func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			got, err := Render(f.plan)
			if err != nil {
				t.Fatal(err)
			}
			rendertest.Golden(t, filepath.Join("testdata", f.name+".cfg"), got, *update)
			if !bytes.HasPrefix(got, []byte(templates.HeaderMarker+" ")) {
				t.Errorf("output does not start with %q", templates.HeaderMarker)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, f := range fixtures {
		a, err := Render(f.plan)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			b, err := Render(rendertest.Clone(t, f.plan))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("%s: two renders differ", f.name)
			}
		}
	}
}

// TestHAProxyAcceptsGoldens runs the real haproxy -c on every fixture the
// installed HAProxy can run (haproxy -c does not bind, so fixtures may use
// addresses of other machines).
func TestHAProxyAcceptsGoldens(t *testing.T) {
	configcheck.RequireHAProxy(t)
	s, err := configcheck.HAProxyVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker()
	installed := c.Version("installed", s)
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			if target := c.Version("Version", f.plan.Version); target.Known && !installed.AtLeast(target.Major, target.Minor, target.Patch) {
				t.Skipf("golden only: the plan targets HAProxy %s and the installed one is %s", f.plan.Version, s)
			}
			out, err := Render(f.plan)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), FileName(f.plan.Header))
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := configcheck.HAProxyCheck(context.Background(), file); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// hostile are appended to, or replace, every string field; each must make
// Render fail.
var hostile = []string{";", "{", "}", "\n", "\r", "\"", "'", "$", "\\", "`", "#", "\x00", "; include /etc/passwd;"}

// stringFields calls fn with every settable string inside v.
func stringFields(v reflect.Value, path string, fn func(path string, s reflect.Value)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v)
	case reflect.Pointer:
		if !v.IsNil() {
			stringFields(v.Elem(), path, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			stringFields(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			stringFields(v.Index(i), path+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

// TestHostileStrings puts each hostile string into every string field of
// every fixture, one at a time, and expects an error and no output.
func TestHostileStrings(t *testing.T) {
	for _, f := range fixtures {
		var paths []string
		p := rendertest.Clone(t, f.plan)
		stringFields(reflect.ValueOf(&p).Elem(), "Plan", func(path string, _ reflect.Value) { paths = append(paths, path) })
		if len(paths) < 10 {
			t.Fatalf("%s: only %d string fields found", f.name, len(paths))
		}
		for i, path := range paths {
			for _, h := range hostile {
				for _, mode := range []string{"append", "replace"} {
					p := rendertest.Clone(t, f.plan)
					j := 0
					stringFields(reflect.ValueOf(&p).Elem(), "Plan", func(_ string, s reflect.Value) {
						if j == i {
							if mode == "append" {
								s.SetString(s.String() + h)
							} else {
								s.SetString("x" + h + "y")
							}
						}
						j++
					})
					out, err := Render(p)
					if rendertest.CommentField(path) && !strings.ContainsAny(h, "\n\r\x00") {
						// Written in a comment only: it must render, and stay there.
						base, berr := Render(rendertest.Clone(t, f.plan))
						if err != nil || berr != nil {
							t.Errorf("%s: %s %s %q: %v, %v", f.name, path, mode, h, err, berr)
							continue
						}
						rendertest.OnlyCommentsDiffer(t, f.name+" "+path+" "+mode+" "+h, base, out)
						continue
					}
					if err == nil || out != nil {
						t.Errorf("%s: %s %s %q: Render succeeded:\n%s", f.name, path, mode, h, out)
					}
				}
			}
		}
	}
}

// TestHostileOptionalFields covers fields the fixtures leave empty.
func TestHostileOptionalFields(t *testing.T) {
	base := fixtures[0].plan
	for _, mutate := range []func(p *Plan){
		func(p *Plan) { p.Backends[0].Balance, p.Backends[0].Key = BalanceHeader, "X-A)" },
		func(p *Plan) { p.Backends[0].Balance, p.Backends[0].Key = BalanceURLParam, "sid if x" },
		func(p *Plan) { p.Backends[0].Balance = "source\n    stats enable" },
		func(p *Plan) { p.Backends[0].Cookie = "SERVERID insert" },
		func(p *Plan) { p.Backends[0].Servers[0].Name = "s1 backup" },
		func(p *Plan) { p.Frontend.RealIP = &RealIP{From: []string{"10.0.0.0/8 0.0.0.0/0"}} },
		func(p *Plan) { p.Frontend.Routes[1].Query[0].Value = "web socket" },
		func(p *Plan) { p.Frontend.Routes[1].Query[0].Value = "a)" },
		func(p *Plan) { p.Frontend.Routes[1].Header[0].Name = "Upgrade)" },
		func(p *Plan) { p.Frontend.Bind.Address = "10.0.1.21:80 ssl crt /x" },
		func(p *Plan) { p.Mode = "health" },
		func(p *Plan) { p.Timeouts.Client = -time.Second },
		func(p *Plan) { p.Global.MaxConn = -1 },
		func(p *Plan) { p.Frontend.Routes[0].Path = "/a b" },
		func(p *Plan) {
			p.Peers = &Peers{Name: "topo", Local: "p1", List: []Peer{{Name: "p1", Address: "10.0.1.11:10000\npeer x 1.2.3.4:1"}}}
		},
		func(p *Plan) {
			p.Peers = &Peers{Name: "topo x", Local: "p1", List: []Peer{{Name: "p1", Address: "10.0.1.11:10000"}}}
		},
		func(p *Plan) {
			p.Peers = &Peers{Name: "topo", Local: "p9", List: []Peer{{Name: "p1", Address: "10.0.1.11:10000"}}}
		},
		func(p *Plan) { p.Backends[0].Cookie, p.Backends[0].Learn = "", &Learn{Expire: 0} },
		func(p *Plan) {
			p.Backends[0].Cookie, p.Backends[0].Learn = "", &Learn{Expire: time.Minute, Peers: "topo if x"}
		},
		func(p *Plan) { p.Backends[0].BalanceFactor = 150 },
		func(p *Plan) { p.Mode, p.Backends[0].Cookie, p.Backends[0].H2 = ModeTCP, "", true },
	} {
		p := rendertest.Clone(t, base)
		mutate(&p)
		if out, err := Render(p); err == nil {
			t.Errorf("Render accepted a hostile plan:\n%s", out)
		}
	}
}

// minimal returns a small valid HTTP plan for the rule tests.
func minimal() Plan {
	return Plan{
		Header:   Header{TopoVersion: "dev", Source: "t.hcl", Tier: "t", Node: 0},
		Mode:     ModeHTTP,
		Timeouts: Timeouts{Connect: time.Second, Client: time.Minute, Server: time.Minute},
		Frontend: Frontend{Name: "fe", Bind: Bind{Address: "127.0.0.1:8080"}, DefaultBackend: "app"},
		Backends: []Backend{{Name: "app", Servers: []Server{{Address: "127.0.0.1:3000"}, {Address: "127.0.0.1:3001"}}}},
	}
}

func TestPlanContradictions(t *testing.T) {
	tcp := func(p *Plan) { p.Mode = ModeTCP }
	for name, mutate := range map[string]func(p *Plan){
		"old version":        func(p *Plan) { p.Version = "1.8.30" },
		"no mode":            func(p *Plan) { p.Mode = "" },
		"no connect timeout": func(p *Plan) { p.Timeouts.Connect = 0 },
		"no client timeout":  func(p *Plan) { p.Timeouts.Client = 0 },
		"no server timeout":  func(p *Plan) { p.Timeouts.Server = 0 },
		"no backends":        func(p *Plan) { p.Backends = nil },
		"no default":         func(p *Plan) { p.Frontend.DefaultBackend = "" },
		"unknown default":    func(p *Plan) { p.Frontend.DefaultBackend = "nope" },
		"duplicate backend":  func(p *Plan) { p.Backends = append(p.Backends, p.Backends[0]) },
		"duplicate server":   func(p *Plan) { p.Backends[0].Servers[1].Address = "127.0.0.1:3000" },
		"duplicate name":     func(p *Plan) { p.Backends[0].Servers[0].Name, p.Backends[0].Servers[1].Name = "a", "a" },
		"default name clash": func(p *Plan) { p.Backends[0].Servers[1].Name = "s1" },
		"no servers":         func(p *Plan) { p.Backends[0].Servers = nil },
		"consistent rr":      func(p *Plan) { p.Backends[0].Consistent = true },
		"key without hdr":    func(p *Plan) { p.Backends[0].Key = "X-A" },
		"unknown balance":    func(p *Plan) { p.Backends[0].Balance = "first" },
		"route no condition": func(p *Plan) { p.Frontend.Routes = []Route{{Name: "r", Backend: "app"}} },
		"route bad backend":  func(p *Plan) { p.Frontend.Routes = []Route{{Name: "r", Path: "/x", Backend: "nope"}} },
		"route duplicate name": func(p *Plan) {
			p.Frontend.Routes = []Route{{Name: "r", Path: "/x", Backend: "app"}, {Name: "r", Path: "/y", Backend: "app"}}
		},
		"realip no from":     func(p *Plan) { p.Frontend.RealIP = &RealIP{} },
		"orphan cookie note": func(p *Plan) { p.Backends[0].CookieComments = []string{"affinity-missing"} },
		"orphan proxy note":  func(p *Plan) { p.Backends[0].SendProxyComments = []string{"client-ip-lost"} },
		"orphan xff note":    func(p *Plan) { p.Frontend.ForwardForComments = []string{"client-ip-lost"} },
		"tcp forwardfor":     func(p *Plan) { tcp(p); p.Frontend.ForwardFor = true },
		"tcp realip":         func(p *Plan) { tcp(p); p.Frontend.RealIP = &RealIP{From: []string{"10.0.0.1"}} },
		"tcp routes":         func(p *Plan) { tcp(p); p.Frontend.Routes = []Route{{Name: "r", Path: "/x", Backend: "app"}} },
		"tcp cookie":         func(p *Plan) { tcp(p); p.Backends[0].Cookie = "SERVERID" },
		"tcp hdr":            func(p *Plan) { tcp(p); p.Backends[0].Balance, p.Backends[0].Key = BalanceHeader, "X-A" },
		"tcp url_param":      func(p *Plan) { tcp(p); p.Backends[0].Balance, p.Backends[0].Key = BalanceURLParam, "sid" },
	} {
		p := minimal()
		mutate(&p)
		if out, err := Render(p); err == nil {
			t.Errorf("%s: Render succeeded:\n%s", name, out)
		}
	}
}

func TestNoNbproc(t *testing.T) {
	for _, v := range []string{"", "2.0", "2.4.0", "2.6.12", "3.2"} {
		p := minimal()
		p.Version = v
		p.Global.Threads = 2
		out, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "nbproc") {
				t.Errorf("HAProxy %q: nbproc written: %q", v, l)
			}
		}
	}
}

func TestServerLines(t *testing.T) {
	p := minimal()
	p.Backends[0].Balance, p.Backends[0].Consistent = BalanceSource, true
	p.Backends[0].Cookie = "SERVERID"
	p.Backends[0].SendProxyV2 = true
	p.Backends[0].Servers = []Server{{Address: "127.0.0.1:3000"}, {Name: "app-b", Address: "[::1]:3001", Weight: 3}}
	out, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"    balance source\n    hash-type consistent\n",
		"    cookie SERVERID insert indirect nocache httponly\n",
		"    server s1 127.0.0.1:3000 id 1 cookie s1 send-proxy-v2\n",
		"    server app-b [::1]:3001 id 2 weight 3 cookie app-b send-proxy-v2\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%q not in\n%s", want, out)
		}
	}
}

func TestPathACL(t *testing.T) {
	for in, want := range map[string]string{
		"/socket.io/*":      "path_beg /socket.io/",
		"/*":                "path_beg /",
		"/api/jobs":         "path /api/jobs",
		"/v*/events/*.json": "path_reg ^/v.*/events/.*[.]json$",
	} {
		c := newChecker()
		if got := c.pathACL("Path", in); got != want || c.Err != nil {
			t.Errorf("pathACL(%q) = %q, %v; want %q", in, got, c.Err, want)
		}
	}
}

func TestFileName(t *testing.T) {
	if got := FileName(Header{Tier: "lb", Node: 2}); got != "lb-2.cfg" {
		t.Errorf("FileName = %q", got)
	}
}

// TestLongTrustedListsSplit renders a frontend that trusts 200 addresses for
// PROXY headers and 200 for X-Forwarded-For: HAProxy rejects a line of more
// than 64 words, so each list is split into acl lines of aclWords addresses,
// and the real haproxy -c accepts the file.
func TestLongTrustedListsSplit(t *testing.T) {
	p := minimal()
	var from []string
	for i := 0; i < 200; i++ {
		from = append(from, fmt.Sprintf("10.1.%d.%d", i/250, i%250+1))
	}
	p.Frontend.Bind.AcceptProxy = true
	p.Frontend.Bind.ProxyFrom = from
	p.Frontend.RealIP = &RealIP{From: from}
	out, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, acl := range []string{"acl topo_proxy_peer src ", "acl topo_trusted_proxy src "} {
		lines, addrs := 0, 0
		for _, l := range strings.Split(string(out), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), acl); ok {
				lines++
				n := len(strings.Fields(rest))
				addrs += n
				if n > aclWords {
					t.Errorf("%s line with %d addresses", acl, n)
				}
			}
		}
		if addrs != 200 || lines != (200+aclWords-1)/aclWords {
			t.Errorf("%s: %d addresses on %d lines, want 200 on %d", acl, addrs, lines, (200+aclWords-1)/aclWords)
		}
	}
	configcheck.RequireHAProxy(t)
	file := filepath.Join(t.TempDir(), FileName(p.Header))
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := configcheck.HAProxyCheck(context.Background(), file); err != nil {
		t.Fatal(err)
	}
}
