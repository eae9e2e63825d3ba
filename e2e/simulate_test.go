package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/simulate"
)

// simClients is how many clients each algorithm is checked with (the
// issue's bar: at least 300).
const simClients = 300

// TestSimulateMatchesNginx checks the simulator's nginx algorithms against
// the real nginx, client by client: 300 polling socket.io-client sessions,
// each from its own loopback /24, through an upstream of three socket.io
// nodes; every client must land on the node simulate picks for its
// address. Then one node is stopped and the same clients connect again:
// every client must land where simulate picks with that node down, and
// the share that moved must be the predicted one.
func TestSimulateMatchesNginx(t *testing.T) {
	RequireTools(t, "nginx", "node")
	for i, m := range []struct {
		name, directive     string
		picker              func(servers []string) simulate.Picker
		keyQuery, keyHeader string
	}{
		{"ip_hash", "ip_hash;", func(s []string) simulate.Picker { return simulate.NginxIPHash{N: len(s)} }, "", ""},
		{"hash", "hash $remote_addr;", func(s []string) simulate.Picker { return simulate.NginxHash{N: len(s)} }, "", ""},
		{"hash-consistent", "hash $remote_addr consistent;", func(s []string) simulate.Picker { return simulate.NewNginxConsistent(s) }, "", ""},
		{"hash-query-consistent", "hash $arg_uid consistent;", func(s []string) simulate.Picker { return simulate.NewNginxConsistent(s) }, "uid", ""},
		{"hash-header", "hash $http_x_user;", func(s []string) simulate.Picker { return simulate.NginxHash{N: len(s)} }, "", "X-User"},
	} {
		t.Run(m.name, func(t *testing.T) {
			nodes := StartNodes(t, 3, nodeOpts)
			addrs := Addrs(nodes)
			listen := FreeAddr(t)
			conf := filepath.Join(t.TempDir(), "nginx.conf")
			text := fmt.Sprintf(`worker_processes 1;
events { worker_connections 4096; }
http {
    access_log off;
    upstream io_nodes {
        %s
        server %s;
        server %s;
        server %s;
    }
    server {
        listen %s;
        location /socket.io/ {
            proxy_pass http://io_nodes;
            proxy_http_version 1.1;
            proxy_read_timeout 75s;
        }
    }
}
`, m.directive, addrs[0], addrs[1], addrs[2], listen)
			if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			StartNginx(t, "nginx-"+m.name, conf, listen)
			checkSimulation(t, nodes, listen, m.picker(addrs), fmt.Sprintf("127.%d.", 60+i), 0, m.keyQuery, m.keyHeader)
		})
	}
}

// checkSimulation runs 300 polling clients, each from its own /24 under
// base, through listen: every client must land on the node pick says.
// Then it stops the last node, waits settle (for health checks to see it),
// and runs the same clients again against pick with that node down; the
// moved share must be the predicted one.
func checkSimulation(t *testing.T, nodes []*Node, listen string, pick simulate.Picker, base string, settle time.Duration, keyQuery, keyHeader string) {
	t.Helper()
	run := func(up []bool) (Report, map[string]string) {
		// Two drivers of 150 (client.js takes at most 250), from
		// BASE.1.1 to BASE.150.1 and BASE.151.1 on.
		var rep Report
		for _, b := range []string{base + "1.", base + "151."} {
			r := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: simClients / 2, Transport: "polling", Echoes: 1, SourceBase: b, Spread: true,
				KeyQuery: keyQuery, KeyHeader: keyHeader,
				// Generous bounds: a slow connect (a loaded machine) is not
				// what is measured here.
				Timeout: 60 * time.Second, ConnectTimeout: 20 * time.Second})
			rep.Clients = append(rep.Clients, r.Clients...)
			if rep.PerNode == nil {
				rep.PerNode = map[string]int{}
			}
			for n, c := range r.PerNode {
				rep.PerNode[n] += c
			}
		}
		landed := map[string]string{}
		mismatches := 0
		for _, c := range rep.Clients {
			if !c.Connected {
				t.Errorf("client %d (%s) did not connect: %s", c.ID, c.Source, c.Error)
				continue
			}
			key := c.Source
			if keyQuery != "" || keyHeader != "" {
				key = c.Key
			}
			p := pick.Pick(key, up)
			if p < 0 {
				t.Errorf("client %s: simulate falls back to round robin", c.Source)
				continue
			}
			landed[c.Source] = c.Node
			if want := nodes[p].Name; c.Node != want {
				mismatches++
				if mismatches <= 5 {
					t.Errorf("client %s landed on %s, simulate says %s", c.Source, c.Node, want)
				}
			}
		}
		if mismatches > 0 {
			t.Errorf("%d of %d clients landed elsewhere than simulate says", mismatches, len(rep.Clients))
		}
		return rep, landed
	}
	before, first := run(nil)
	nodes[2].Proc.Stop()
	time.Sleep(settle)
	up := []bool{true, true, false}
	_, second := run(up)
	moved, predicted := 0, 0
	for src, n := range first {
		if _, ok := second[src]; !ok {
			continue // reported above: it did not connect
		}
		if second[src] != n {
			moved++
		}
		// Each client's key is its source address (client.js --key-*).
		if pick.Pick(src, nil) != pick.Pick(src, up) {
			predicted++
		}
	}
	t.Logf("%s; after stopping %s, %d of %d sessions moved (predicted %d)", FormatCounts(before.PerNode), nodes[2].Name, moved, len(first), predicted)
	if moved != predicted {
		t.Errorf("%d sessions moved, simulate predicted %d", moved, predicted)
	}
}

// TestSimulateMatchesHAProxy does the same for HAProxy's balance source,
// map-based (the default hash-type) and consistent, with health checks so
// that HAProxy takes the stopped node out.
func TestSimulateMatchesHAProxy(t *testing.T) {
	RequireTools(t, "haproxy", "node")
	for i, m := range []struct {
		name, balance, hashType string
		picker                  simulate.Picker
		keyQuery, keyHeader     string
	}{
		{"source-map-based", "source", "", simulate.HAProxyMap{N: 3}, "", ""},
		{"source-consistent", "source", "hash-type consistent", simulate.HAProxyConsistent{IDs: []int{1, 2, 3}, Avalanche: true}, "", ""},
		{"url_param-map-based", "url_param uid", "", simulate.HAProxyMap{N: 3, Text: true}, "uid", ""},
		{"hdr-consistent", "hdr(X-User)", "hash-type consistent", simulate.HAProxyConsistent{IDs: []int{1, 2, 3}, Avalanche: true, Text: true}, "", "X-User"},
		// Explicit server ids, out of order: the ring is built from them.
		{"source-consistent-ids", "source", "hash-type consistent", simulate.HAProxyConsistent{IDs: []int{7, 3, 12}, Avalanche: true}, "", ""},
		// Weight 10, as topo renders consistent rings: 160 points a server.
		{"source-consistent-weight-10", "source", "hash-type consistent", simulate.HAProxyConsistent{IDs: []int{7, 3, 12}, Weight: 10, Avalanche: true}, "", ""},
	} {
		t.Run(m.name, func(t *testing.T) {
			nodes := StartNodes(t, 3, nodeOpts)
			addrs := Addrs(nodes)
			listen := FreeAddr(t)
			var servers []string
			for k, a := range addrs {
				line := fmt.Sprintf("server s%d %s %s check inter 200ms fall 1 rise 1", k+1, a, idOf(m.picker, k))
				servers = append(servers, line)
			}
			conf := hashHAProxyConfig(t, listen, m.balance, m.hashType, servers)
			StartHAProxy(t, "haproxy-"+m.name, conf, listen)
			checkSimulation(t, nodes, listen, m.picker, fmt.Sprintf("127.%d.", 70+i), 2*time.Second, m.keyQuery, m.keyHeader)
		})
	}
}

// idOf writes server i's id when the picker's ids are not the positions.
func idOf(p simulate.Picker, i int) string {
	c, ok := p.(simulate.HAProxyConsistent)
	if !ok {
		return ""
	}
	var parts []string
	if c.IDs[i] != i+1 {
		parts = append(parts, fmt.Sprintf("id %d", c.IDs[i]))
	}
	if c.Weight > 1 {
		parts = append(parts, fmt.Sprintf("weight %d", c.Weight))
	}
	return strings.Join(parts, " ")
}

// hashHAProxyConfig writes an HAProxy configuration that balances HTTP on
// listen over servers (whole `server` lines) with balance and hash-type
// lines, for the hashing tests.
func hashHAProxyConfig(t *testing.T, listen, balance, hashType string, servers []string) string {
	t.Helper()
	text := fmt.Sprintf(`global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 75s
    timeout server 75s
frontend f
    bind %s
    default_backend io
backend io
    balance %s
    %s
    %s
`, listen, balance, hashType, strings.Join(servers, "\n    "))
	conf := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}
