package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

// TestRealNginxDump gives the real nginx -T a configuration split into a
// main file and an included one, imports its output, and checks that it
// imports to the same topology as the files themselves, with ranges on the
// dump's lines.
func TestRealNginxDump(t *testing.T) {
	if ok, _ := configcheck.Available(); !ok {
		if os.Getenv("CI") == "true" {
			t.Fatal("nginx is not installed (.ci/run installs it)")
		}
		t.Skip("nginx is not installed")
	}
	dir := t.TempDir()
	write(t, dir, "conf.d/socket.conf", `upstream app {
    ip_hash;
    server 127.0.0.21:3000;
    server 127.0.0.22:3000;
}
server {
    listen 127.0.0.10:8080;
    location / {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`)
	main := write(t, dir, "edge.conf", "pid edge.pid;\nerror_log edge.error.log;\nevents {\n    worker_connections 512;\n}\nhttp {\n    access_log off;\n    include conf.d/*.conf;\n}\n")
	out, err := configcheck.NginxDump(context.Background(), main, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "# configuration file "+filepath.Join(dir, "conf.d/socket.conf")+":") {
		t.Fatalf("nginx -T printed no section for the include:\n%s", out)
	}
	fromDump, diags := importer.Import([]deployed.Source{{Path: "nginx-T.txt", Bytes: out}}, importer.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fromFiles, diags := importFiles(t, main)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// The same topology, but for the comments naming where values are.
	strip := func(b []byte) string {
		var lines []string
		for _, l := range strings.Split(string(b), "\n") {
			if i := strings.Index(l, " #"); i >= 0 {
				l = strings.TrimRight(l[:i], " ")
			}
			if !strings.HasPrefix(l, "#") {
				lines = append(lines, strings.Join(strings.Fields(l), " "))
			}
		}
		return strings.Join(lines, "\n")
	}
	if strip(fromDump.HCL) != strip(fromFiles.HCL) {
		t.Fatalf("the dump imports differently:\n%s\n--- files:\n%s", fromDump.HCL, fromFiles.HCL)
	}
	res := lint.Sources(lint.Options{}, topology.Source{Name: fromDump.Name, Bytes: fromDump.HCL})
	if !res.Decoded() {
		t.Fatal(res.Diagnostics)
	}
	// ip_hash is on line 2 of the included file; in the dump, after the
	// lines of the main file and the two section headers.
	want := strings.Count(string(out[:strings.Index(string(out), "ip_hash")]), "\n") + 1
	found := false
	for _, f := range res.Findings {
		if r := fromDump.Place(f.Range); f.Rule == "hash-not-consistent" {
			found = true
			if r.Filename != "nginx-T.txt" || r.Start.Line != want {
				t.Errorf("hash-not-consistent at %s:%d, want nginx-T.txt:%d", r.Filename, r.Start.Line, want)
			}
		}
	}
	if !found {
		t.Fatalf("no hash-not-consistent finding: %v", res.Findings)
	}
}
