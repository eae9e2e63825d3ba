package render_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
)

// randomTopology builds a valid topology from seed: a chain of one to three
// nginx or HAProxy tiers (layer 7 or 4) with random names, nodes, balance
// methods, keys, routes and client-address handling, in front of a socketio
// tier. Everything stays within what the installed products support
// (nginx 1.22: no sticky).
func randomTopology(seed []byte) string {
	h := fnv.New64a()
	h.Write(seed)
	r := rand.New(rand.NewSource(int64(h.Sum64())))
	name := func() string {
		const first, rest = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz0123456789_-"
		b := []byte{first[r.Intn(len(first))]}
		for i := r.Intn(12); i > 0; i-- {
			b = append(b, rest[r.Intn(len(rest))])
		}
		return string(b)
	}
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	port := 20000 + r.Intn(10000)
	addr := func() string {
		port++
		return fmt.Sprintf("127.%d.%d.%d:%d", r.Intn(250)+1, r.Intn(250), r.Intn(250)+1, port)
	}
	nodes := func(n int) string {
		var a []string
		for i := 0; i < n; i++ {
			a = append(a, fmt.Sprintf("%q", addr()))
		}
		return "[" + strings.Join(a, ", ") + "]"
	}
	used := map[string]bool{}
	uniq := func() string {
		for {
			n := name()
			if !used[n] {
				used[n] = true
				return n
			}
		}
	}
	tiers := make([]string, 1+r.Intn(3))
	for i := range tiers {
		tiers[i] = uniq()
	}
	app := uniq()
	var b strings.Builder
	fmt.Fprintf(&b, "topology %q {}\nsocketio {\n  adapter = \"redis\"\n  path = %q\n  related_paths = [\"/api/%s\"]\n}\n", uniq(), pick("/socket.io/", "/ws/", "/a.b_c~d-e/"), name())
	fmt.Fprintf(&b, "client %q {\n  entry = tier.%s\n  cookies = %t\n}\n", uniq(), tiers[0], r.Intn(2) == 0)
	prevL4, prevFwd := false, "none"
	for i, t := range tiers {
		next := app
		if i+1 < len(tiers) {
			next = tiers[i+1]
		}
		kind := pick("nginx", "haproxy")
		l4 := r.Intn(4) == 0
		fmt.Fprintf(&b, "tier %q {\n  kind = %q\n  nodes = %s\n  to = tier.%s\n", t, kind, nodes(1+r.Intn(3)), next)
		if kind == "nginx" {
			b.WriteString("  version = \"1.22.1\"\n")
		}
		if l4 {
			b.WriteString("  layer = 4\n")
			fmt.Fprintf(&b, "  balance = %q\n", pick("round_robin", "least_conn", "source_ip"))
			if r.Intn(2) == 0 {
				b.WriteString("  forwards_client_ip = \"proxy_protocol\"\n")
				prevFwd = "proxy_protocol"
			} else {
				prevFwd = "none"
			}
		} else {
			switch m := pick("round_robin", "least_conn", "random", "ip_hash", "hash", "cookie", "auto"); {
			case m == "hash":
				keys := []string{"client_ip", "x_forwarded_for", "header:X-User-Id", "query:room"}
				if kind == "nginx" {
					keys = append(keys, "cookie:sess_1")
				}
				fmt.Fprintf(&b, "  balance = \"hash\"\n  hash_key = %q\n  consistent = %t\n", pick(keys...), r.Intn(2) == 0)
			case m == "cookie" && kind == "nginx", m == "auto":
				b.WriteString("  balance = \"auto\"\n")
			case m == "cookie":
				fmt.Fprintf(&b, "  balance = \"cookie\"\n  cookie_name = %q\n", pick("SERVERID", "srv.id", name()))
			default:
				fmt.Fprintf(&b, "  balance = %q\n", m)
			}
			b.WriteString("  websocket = true\n")
			if r.Intn(3) > 0 {
				b.WriteString("  forwards_client_ip = \"x_forwarded_for\"\n")
				prevFwd = "x_forwarded_for"
			} else {
				prevFwd = "none"
			}
			if r.Intn(2) == 0 {
				fmt.Fprintf(&b, "  route %q {\n    path = %q\n    to = tier.%s\n  }\n", uniq(), pick("/api/*", "/v1/*/events/*.json", "/exact/path", "/*"), next)
			}
			if kind == "haproxy" && r.Intn(2) == 0 {
				fmt.Fprintf(&b, "  route %q {\n    query = { %s = %q }\n    header = { upgrade = \"websocket\" }\n    to = tier.%s\n  }\n", uniq(), pick("sid", "transport", "EIO"), pick("*", "websocket", "4"), next)
			}
		}
		if i > 0 {
			switch {
			case !prevL4 && r.Intn(2) == 0:
				b.WriteString("  real_ip_from = \"x_forwarded_for\"\n")
			case r.Intn(3) == 0:
				b.WriteString("  real_ip_from = \"proxy_protocol\"\n")
			}
		}
		if r.Intn(3) == 0 {
			fmt.Fprintf(&b, "  idle_timeout = %q\n", pick("30s", "90s", "2m", "1500ms"))
		}
		if r.Intn(4) == 0 {
			fmt.Fprintf(&b, "  max_connections = %d\n", 1024+r.Intn(60000))
		}
		b.WriteString("}\n")
		prevL4 = l4
	}
	_ = prevFwd
	fmt.Fprintf(&b, "tier %q {\n  kind = \"socketio\"\n  nodes = %s\n}\n", app, nodes(1+r.Intn(4)))
	return b.String()
}

// FuzzRender renders random valid topologies and checks every file it
// produces with the real `nginx -t` and `haproxy -c`: whatever a valid
// topology holds, no rendered config is rejected. A topology that topo
// cannot render for a product must say so with a *render.Error, not write a
// broken file. `go test` runs the seed corpus; `go test -fuzz=FuzzRender`
// explores further.
func FuzzRender(f *testing.F) {
	for i := 0; i < 16; i++ {
		f.Add([]byte(fmt.Sprintf("seed-%d", i)))
	}
	f.Fuzz(func(t *testing.T, seed []byte) {
		configcheck.RequireNginx(t)
		configcheck.RequireHAProxy(t)
		src := randomTopology(seed)
		dir := t.TempDir()
		file := filepath.Join(dir, "topology.hcl")
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := lint.Path(file, lint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Decoded() {
			t.Fatalf("the generator made an invalid topology:\n%s\n%v", src, res.Diagnostics)
		}
		opts := render.Options{Source: "topology.hcl", TopoVersion: "fuzz", LoadModules: streamModule(t)}
		checked, refused := 0, 0
		defer func() { t.Logf("%d files checked, %d targets refused with a reason", checked, refused) }()
		for _, target := range []string{"nginx", "haproxy"} {
			var files []render.File
			if target == "nginx" {
				files, err = render.Nginx(res.Analysis, opts)
			} else {
				files, err = render.HAProxy(res.Analysis, opts)
			}
			var re *render.Error
			if err != nil {
				if !errors.As(err, &re) {
					t.Fatalf("%s: not a render.Error: %v\n%s", target, err, src)
				}
				// Whatever lint accepts, render renders: a refusal is
				// only right when lint reported an error first.
				if !finding.AtOrAbove(res.Findings, finding.Error) {
					t.Errorf("lint reports no error, and render %s refuses: %v\n%s", target, err, src)
				}
				refused++
				continue
			}
			for _, rf := range files {
				path := filepath.Join(dir, rf.Name)
				if err := os.WriteFile(path, rf.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				if target == "nginx" {
					err = configcheck.NginxTest(ctx, path, dir)
				} else {
					err = configcheck.HAProxyCheck(ctx, path)
				}
				cancel()
				checked++
				if err != nil {
					t.Errorf("%s rejects %s: %v\n--- topology:\n%s\n--- file:\n%s", target, rf.Name, err, src, rf.Data)
				}
			}
		}
	})
}

// streamModule returns the load_module line the installed nginx needs for
// stream (layer 4) configs, if any.
func streamModule(t *testing.T) []string {
	mod, ok, err := configcheck.NginxStream(context.Background())
	if err != nil || !ok || mod == "" {
		return nil
	}
	return []string{mod}
}
