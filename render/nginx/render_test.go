package nginx

import (
	"bytes"
	"context"
	"flag"
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

var update = flag.Bool("update", false, "rewrite testdata/*.conf from the current renderer (check the diff before committing)")

func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			got, err := Render(f.plan)
			if err != nil {
				t.Fatal(err)
			}
			rendertest.Golden(t, filepath.Join("testdata", f.name+".conf"), got, *update)
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

// installedNginx returns the installed nginx's version.
func installedNginx(t *testing.T) version {
	t.Helper()
	s, err := configcheck.NginxVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker()
	v := c.Version("installed", s)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	return v
}

// TestNginxAcceptsGoldens runs the real nginx -t on every fixture the
// installed nginx can run. nginx -t binds the listen addresses; NginxTest
// does that in a private network namespace, so fixtures may listen on
// addresses of other machines.
func TestNginxAcceptsGoldens(t *testing.T) {
	configcheck.RequireNginx(t)
	installed := installedNginx(t)
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			p := rendertest.Clone(t, f.plan)
			c := newChecker()
			if target := c.Version("Version", p.Version); target.Known && !installed.AtLeast(target.Major, target.Minor, target.Patch) {
				t.Skipf("golden only: the plan targets nginx %s and the installed nginx is %s; nginx -t checks only output the installed version supports",
					p.Version, fmtVersion(installed))
			}
			if p.Stream != nil {
				// The golden names Debian's module path; check with the
				// installed nginx's own (none when stream is built in).
				p.LoadModules = nil
				if mod := configcheck.RequireNginxStream(t); mod != "" {
					p.LoadModules = []string{mod}
				}
			}
			out, err := Render(p)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, FileName(p.Header))
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := configcheck.NginxTest(context.Background(), file, dir); err != nil {
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

// TestHostileOptionalFields covers fields a fixture leaves empty:
// setting any of them in any plan to a hostile value must fail too.
func TestHostileOptionalFields(t *testing.T) {
	base := fixtures[0].plan
	for _, mutate := range []func(p *Plan){
		func(p *Plan) { p.HTTP.Upstreams[0].Key.Name = "a;b" },
		func(p *Plan) { p.HTTP.Upstreams[0].Key = HashKey{Kind: KeyHeader, Name: "X-A;b"} },
		func(p *Plan) { p.HTTP.Upstreams[0].Key = HashKey{Kind: KeyCookie, Name: "io$x"} },
		func(p *Plan) { p.HTTP.Upstreams[0].Key = HashKey{Kind: KeyArg, Name: "sid}"} },
		func(p *Plan) { p.HTTP.Upstreams[0].Key = HashKey{Kind: "remote_addr consistent; include x"} },
		func(p *Plan) {
			p.Version = "1.30.0"
			p.HTTP.Upstreams[0] = Upstream{Name: "app", Method: StickyCookie, Servers: p.HTTP.Upstreams[0].Servers,
				Cookie: Cookie{Name: "srv", Path: "/a;b"}}
		},
		func(p *Plan) { p.LoadModules = []string{"/usr/lib/x.so;"} },
		func(p *Plan) { p.LoadModules = []string{"relative.so"} },
		func(p *Plan) { p.HTTP.Locations[0].Path = "/socket.io/ {" },
		func(p *Plan) { p.HTTP.Locations[0].Path = "socket.io" },
		func(p *Plan) { p.HTTP.Listen.Address = "10.0.1.11:80 default_server" },
		func(p *Plan) { p.HTTP.Listen.Address = "[fe80::1%eth0]:80" },
		func(p *Plan) { p.HTTP.Listen.Address = "10.0.1.11:99999" },
		func(p *Plan) { p.HTTP.Listen.Address = "300.1.1.1:80" },
		func(p *Plan) { p.HTTP.RealIP.From = []string{"10.0.0.0/33"} },
		func(p *Plan) { p.Header.Source = "a.hcl\nevil" },
		func(p *Plan) { p.HTTP.Locations[0].ReadTimeout = -time.Second },
		func(p *Plan) { p.HTTP.Locations[0].ReadTimeout = time.Microsecond },
		func(p *Plan) { p.Workers.Processes = -1 },
		func(p *Plan) { p.HTTP.Upstreams[0].Servers[0].Weight = -1 },
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
		Header:  Header{TopoVersion: "dev", Source: "t.hcl", Tier: "t", Node: 0},
		Version: "1.22.1",
		HTTP: &HTTP{
			Listen:    Listen{Address: "127.0.0.1:8080"},
			Upstreams: []Upstream{{Name: "app", Servers: []Server{{Address: "127.0.0.1:3000"}}}},
			Locations: []Location{{Path: "/*", Upstream: "app", WebSocket: true}},
		},
	}
}

func TestVersionGates(t *testing.T) {
	sticky := func(version string) Plan {
		p := minimal()
		p.Version = version
		p.HTTP.Upstreams[0].Method = StickyCookie
		p.HTTP.Upstreams[0].Cookie = Cookie{Name: "srv"}
		return p
	}
	for _, v := range []string{"", "1.22.1", "1.29.5", "1.28.0"} {
		if _, err := Render(sticky(v)); err == nil || !strings.Contains(err.Error(), "1.29.6") {
			t.Errorf("sticky on nginx %q: err = %v, want the 1.29.6 requirement", v, err)
		}
	}
	for _, v := range []string{"1.29.6", "1.30", "2.0.0"} {
		if _, err := Render(sticky(v)); err != nil {
			t.Errorf("sticky on nginx %q: %v", v, err)
		}
	}

	// proxy_http_version 1.1 before 1.29.7 (and when the version is unknown).
	for v, want := range map[string]bool{"": true, "1.22.1": true, "1.29.6": true, "1.29.7": false, "1.30.0": false} {
		p := minimal()
		p.Version = v
		out, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(out, []byte("proxy_http_version 1.1;")); got != want {
			t.Errorf("nginx %q: proxy_http_version written = %v, want %v", v, got, want)
		}
	}

	p := minimal()
	p.Version = "1.14.2"
	p.HTTP.Upstreams[0].Method = Random
	if _, err := Render(p); err == nil {
		t.Error("random accepted for nginx 1.14.2")
	}
}

func TestPlanContradictions(t *testing.T) {
	for name, mutate := range map[string]func(p *Plan){
		"both modes":         func(p *Plan) { p.Stream = &Stream{} },
		"no mode":            func(p *Plan) { p.HTTP = nil },
		"no location":        func(p *Plan) { p.HTTP.Locations = nil },
		"unknown upstream":   func(p *Plan) { p.HTTP.Locations[0].Upstream = "nope" },
		"duplicate upstream": func(p *Plan) { p.HTTP.Upstreams = append(p.HTTP.Upstreams, p.HTTP.Upstreams[0]) },
		"duplicate location": func(p *Plan) { p.HTTP.Locations = append(p.HTTP.Locations, p.HTTP.Locations[0]) },
		"duplicate server": func(p *Plan) {
			p.HTTP.Upstreams[0].Servers = append(p.HTTP.Upstreams[0].Servers, Server{Address: "127.0.0.1:3000"})
		},
		"no servers":           func(p *Plan) { p.HTTP.Upstreams[0].Servers = nil },
		"unknown method":       func(p *Plan) { p.HTTP.Upstreams[0].Method = "fair" },
		"hash without key":     func(p *Plan) { p.HTTP.Upstreams[0].Method = Hash },
		"key without hash":     func(p *Plan) { p.HTTP.Upstreams[0].Key = HashKey{Kind: KeyRemoteAddr} },
		"ip_hash consistent":   func(p *Plan) { p.HTTP.Upstreams[0].Method, p.HTTP.Upstreams[0].Consistent = IPHash, true },
		"cookie without stick": func(p *Plan) { p.HTTP.Upstreams[0].Cookie = Cookie{Name: "x"} },
		"named remote_addr": func(p *Plan) {
			p.HTTP.Upstreams[0].Method, p.HTTP.Upstreams[0].Key = Hash, HashKey{Kind: KeyRemoteAddr, Name: "x"}
		},
		"realip proxy_protocol without listen": func(p *Plan) {
			p.HTTP.RealIP = &RealIP{From: []string{"10.0.0.0/8"}, Header: RealIPProxyProtocol}
		},
		"realip without from": func(p *Plan) { p.HTTP.RealIP = &RealIP{Header: RealIPXForwardedFor} },
		"realip bad header":   func(p *Plan) { p.HTTP.RealIP = &RealIP{From: []string{"10.0.0.1"}, Header: "Forwarded"} },
		"orphan comments":     func(p *Plan) { p.HTTP.Locations[0].NextUpstreamComments = []string{"affinity-missing"} },
		"orphan xff comments": func(p *Plan) { p.HTTP.Locations[0].ForwardedForComments = []string{"client-ip-lost"} },
		"ipv6 without brackets": func(p *Plan) {
			p.HTTP.Listen.Address = "2001:db8::1:80"
		},
	} {
		p := minimal()
		mutate(&p)
		if out, err := Render(p); err == nil {
			t.Errorf("%s: Render succeeded:\n%s", name, out)
		}
	}
}

func TestStreamRules(t *testing.T) {
	stream := func() Plan {
		return Plan{
			Header: Header{TopoVersion: "dev", Source: "t.hcl", Tier: "t", Node: 0},
			Stream: &Stream{
				Listen:   Listen{Address: "127.0.0.1:4443"},
				Upstream: Upstream{Name: "next", Servers: []Server{{Address: "127.0.0.1:8080"}}},
			},
		}
	}
	if _, err := Render(stream()); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(p *Plan){
		"ip_hash":    func(p *Plan) { p.Stream.Upstream.Method = IPHash },
		"header key": func(p *Plan) { p.Stream.Upstream.Method, p.Stream.Upstream.Key = Hash, HashKey{Kind: KeyXForwardedFor} },
		"cookie key": func(p *Plan) {
			p.Stream.Upstream.Method, p.Stream.Upstream.Key = Hash, HashKey{Kind: KeyCookie, Name: "io"}
		},
		"sticky":          func(p *Plan) { p.Version, p.Stream.Upstream.Method = "1.30.0", StickyCookie },
		"keepalive":       func(p *Plan) { p.Stream.Upstream.Keepalive = 8 },
		"realip no proxy": func(p *Plan) { p.Stream.RealIPFrom = []string{"10.0.0.0/8"} },
	} {
		p := stream()
		mutate(&p)
		if out, err := Render(p); err == nil {
			t.Errorf("%s: Render succeeded:\n%s", name, out)
		}
	}
}

func TestLocationMatch(t *testing.T) {
	for in, want := range map[string]string{
		"/*":                  "/",
		"/socket.io/*":        "^~ /socket.io/",
		"/api/jobs":           "= /api/jobs",
		"/":                   "= /",
		"/v*/events/*.json":   "~ ^/v.*/events/.*[.]json$",
		"/a*b":                "~ ^/a.*b$",
		"/static/~user/a-b_c": "= /static/~user/a-b_c",
	} {
		c := newChecker()
		if got := c.locationMatch("Path", in); got != want || c.Err != nil {
			t.Errorf("locationMatch(%q) = %q, %v; want %q", in, got, c.Err, want)
		}
	}
}

func TestHashKeys(t *testing.T) {
	for _, tc := range []struct {
		key  HashKey
		want string
	}{
		{HashKey{Kind: KeyRemoteAddr}, "hash $remote_addr consistent;"},
		{HashKey{Kind: KeyXForwardedFor}, "hash $http_x_forwarded_for consistent;"},
		{HashKey{Kind: KeyHeader, Name: "X-Session-Id"}, "hash $http_x_session_id consistent;"},
		{HashKey{Kind: KeyCookie, Name: "io"}, "hash $cookie_io consistent;"},
		{HashKey{Kind: KeyArg, Name: "sid"}, "hash $arg_sid consistent;"},
	} {
		p := minimal()
		p.HTTP.Upstreams[0].Method, p.HTTP.Upstreams[0].Key, p.HTTP.Upstreams[0].Consistent = Hash, tc.key, true
		out, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte(tc.want)) {
			t.Errorf("%+v: %q not in\n%s", tc.key, tc.want, out)
		}
	}
}

func TestFileName(t *testing.T) {
	if got := FileName(Header{Tier: "edge", Node: 1}); got != "edge-1.conf" {
		t.Errorf("FileName = %q", got)
	}
}
