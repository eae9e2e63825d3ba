package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
)

// chain is an nginx node whose upstream sends to n HAProxy nodes (each
// its own file, all alike), whose backend balances over 10 socket.io
// servers: 11n servers in n+1 files.
func chain(n int) []deployed.Source {
	var ng strings.Builder
	ng.WriteString("events {}\nhttp {\n  upstream haproxy {\n    hash $remote_addr consistent;\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&ng, "    server 10.1.%d.%d:80;\n", i/250, i%250+1)
	}
	ng.WriteString("  }\n  server {\n    listen 10.0.0.1:80;\n    location / {\n      proxy_pass http://haproxy;\n      proxy_http_version 1.1;\n      proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection \"upgrade\";\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n  }\n}\n")
	srcs := []deployed.Source{{Path: "nginx.conf", Bytes: []byte(ng.String())}}
	var be strings.Builder
	be.WriteString("backend app\n  balance source\n  hash-type consistent\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&be, "  server s%d 10.2.0.%d:3000 check\n", i, i+1)
	}
	for i := 0; i < n; i++ {
		cfg := fmt.Sprintf("global\n  maxconn 4096\ndefaults\n  mode http\n  timeout client 75s\n  timeout server 75s\nfrontend f\n  bind 10.1.%d.%d:80\n  http-request set-src hdr(x-forwarded-for)\n  default_backend app\n", i/250, i%250+1) + be.String()
		srcs = append(srcs, deployed.Source{Path: fmt.Sprintf("haproxy-%d.cfg", i+1), Bytes: []byte(cfg)})
	}
	return srcs
}

// bigFiles is one nginx file with an upstream of n servers in front of one
// HAProxy file with a backend of n servers.
func bigFiles(n int) []deployed.Source {
	var ng strings.Builder
	ng.WriteString("events {}\nhttp {\n  upstream app {\n    least_conn;\n    server 10.1.0.1:80;\n  }\n  server {\n    listen 10.0.0.1:80;\n    location / { proxy_pass http://app; }\n  }\n}\n")
	var hp strings.Builder
	hp.WriteString("defaults\n  mode http\nfrontend f\n  bind 10.1.0.1:80\n  default_backend app\nbackend app\n  balance leastconn\n  cookie SERVERID insert indirect nocache\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&hp, "  server s%d 10.2.%d.%d:3000 check cookie s%d\n", i, i/250, i%250+1, i)
	}
	return []deployed.Source{{Path: "nginx.conf", Bytes: []byte(ng.String())}, {Path: "haproxy.cfg", Bytes: []byte(hp.String())}}
}

func BenchmarkImport(b *testing.B) {
	for _, c := range []struct {
		name string
		srcs []deployed.Source
	}{
		{"1000servers-2files", bigFiles(1000)},
		{"chain-100haproxy-files", chain(100)},
		{"chain-200haproxy-files", chain(200)},
		{"chain-400haproxy-files", chain(400)},
		{"chain-800haproxy-files", chain(800)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, diags := importer.Import(c.srcs, importer.Options{})
				if diags.HasErrors() || len(res.HCL) == 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}
