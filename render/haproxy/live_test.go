package haproxy

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/topolint/topo/render/internal/rendertest"

	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/render/nginx"
)

// The live tests start real processes on loopback addresses of
// 127.87.14.0/24 and 127.87.15.0/24 only, send a bounded number of requests
// and stop what they started.

// start runs a proxy in the foreground (as rendertest.Nobody when root), waits until
// it listens on listen, and stops it when the test ends.
func start(t *testing.T, listen, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: rendertest.Nobody, Gid: rendertest.Nobody}}
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", listen, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return cmd
		}
		select {
		case err := <-done:
			t.Fatalf("%s exited: %v\n%s", bin, err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not listen on %s: %v\n%s", bin, listen, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// get sends a GET from the local address from (empty: any) and returns the
// body.
func get(t *testing.T, url, from string, header http.Header) string {
	t.Helper()
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if from != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", url, resp.Status, body)
	}
	return string(body)
}

func fixture(name string) Plan {
	for _, f := range fixtures {
		if f.name == name {
			return f.plan
		}
	}
	panic("no fixture " + name)
}

// TestLiveHAProxy starts the http-loopback fixture as a non-root user and
// checks that set-src takes the client from X-Forwarded-For, balance source
// with consistent hashing keeps a client on one server and spreads clients,
// the header route works, and a WebSocket upgrade passes.
func TestLiveHAProxy(t *testing.T) {
	configcheck.RequireHAProxy(t)
	if testing.Short() {
		t.Skip("live test")
	}
	for i, addr := range []string{"127.87.14.2:18091", "127.87.14.3:18091", "127.87.14.4:18091"} {
		rendertest.StartBackend(t, addr, fmt.Sprintf("b%d", i+2))
	}
	plan := fixture("http-loopback")
	conf, err := Render(plan)
	if err != nil {
		t.Fatal(err)
	}
	dir := rendertest.LiveDir(t, "topo-haproxy-live-", true)
	listen := plan.Frontend.Bind.Address
	start(t, listen, "haproxy", "-f", write(t, dir, FileName(plan.Header), conf))
	url := "http://" + listen + "/socket.io/?EIO=4&transport=polling"

	nodes := map[string]int{}
	for i := 1; i <= 24; i++ {
		ip := fmt.Sprintf("203.0.113.%d", i)
		first := ""
		for range 3 {
			node, xff, _ := strings.Cut(get(t, url, "", http.Header{"X-Forwarded-For": {"10.9.9.9, " + ip}}), "|")
			if first == "" {
				first = node
			} else if node != first {
				t.Fatalf("client %s moved from %s to %s", ip, first, node)
			}
			// option forwardfor appends the address set-src wrote.
			if parts := strings.Split(xff, ", "); parts[len(parts)-1] != ip {
				t.Fatalf("backend saw X-Forwarded-For %q, want it to end with %s", xff, ip)
			}
		}
		nodes[first]++
	}
	t.Logf("24 clients per server: %v", nodes)
	if len(nodes) < 2 {
		t.Errorf("24 clients all went to %v", nodes)
	}
	// The header route goes to by_tenant, which has only b2 and b3.
	for i := range 10 {
		node, _, _ := strings.Cut(get(t, url, "", http.Header{"X-Tenant": {fmt.Sprintf("t%d", i)}}), "|")
		if node != "b2" && node != "b3" {
			t.Errorf("X-Tenant request reached %s, not a by_tenant server", node)
		}
	}

	conn, err := net.DialTimeout("tcp", listen, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
	r := bufio.NewReader(conn)
	status, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 101") {
		t.Fatalf("upgrade answered %q, %v", status, err)
	}
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if l == "\r\n" {
			break
		}
	}
	fmt.Fprintf(conn, "ping\n")
	if echo, err := r.ReadString('\n'); err != nil || !strings.HasSuffix(echo, " ping\n") {
		t.Fatalf("no echo through the tunnel: %q, %v", echo, err)
	}
}

// TestLiveProxyProtocolChain runs a three-tier chain rendered by both
// renderers and checks that the client address survives it:
//
//	client 127.87.15.2xx → nginx stream (proxy_protocol on, v1)
//	  → HAProxy (accept-proxy, balance source, send-proxy-v2, forwardfor)
//	  → nginx http (listen proxy_protocol, realip from the PROXY header)
//	  → backend, which must see the client in every X-Forwarded-For entry.
func TestLiveProxyProtocolChain(t *testing.T) {
	configcheck.RequireHAProxy(t)
	configcheck.RequireNginx(t)
	if testing.Short() {
		t.Skip("live test")
	}
	streamModule := configcheck.RequireNginxStream(t)
	var modules []string
	if streamModule != "" {
		modules = []string{streamModule}
	}
	rendertest.StartBackend(t, "127.87.15.9:18109", "app")
	dir := rendertest.LiveDir(t, "topo-haproxy-live-", true)
	hdr := func(tier string) Header { return Header{TopoVersion: "dev", Source: "chain.hcl", Tier: tier} }

	inner, err := nginx.Render(nginx.Plan{
		Header:  nginx.Header(hdr("inner")),
		Version: "1.22.1",
		HTTP: &nginx.HTTP{
			Listen:    nginx.Listen{Address: "127.87.15.3:18103", ProxyProtocol: true},
			RealIP:    &nginx.RealIP{From: []string{"127.0.0.0/8"}, Header: nginx.RealIPProxyProtocol},
			Upstreams: []nginx.Upstream{{Name: "app", Servers: []nginx.Server{{Address: "127.87.15.9:18109"}}}},
			Locations: []nginx.Location{{Path: "/*", Upstream: "app", ForwardedFor: true}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	mid, err := Render(Plan{
		Header:   hdr("mid"),
		Version:  "2.6",
		Mode:     ModeHTTP,
		Timeouts: Timeouts{Connect: 2 * time.Second, Client: 10 * time.Second, Server: 10 * time.Second},
		// The outer nginx connects from 127.0.0.1 (the loopback route's
		// source): only it may send the PROXY header.
		Frontend: Frontend{Name: "mid", Bind: Bind{Address: "127.87.15.2:18102", AcceptProxy: true, ProxyFrom: []string{"127.0.0.1"}}, ForwardFor: true, DefaultBackend: "inner"},
		Backends: []Backend{{Name: "inner", Balance: BalanceSource, Consistent: true, SendProxyV2: true,
			Servers: []Server{{Address: "127.87.15.3:18103"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	outer, err := nginx.Render(nginx.Plan{
		Header:      nginx.Header(hdr("outer")),
		Version:     "1.22.1",
		LoadModules: modules,
		Stream: &nginx.Stream{
			Listen: nginx.Listen{Address: "127.87.15.1:18101"},
			Upstream: nginx.Upstream{Name: "mid", Method: nginx.Hash, Key: nginx.HashKey{Kind: nginx.KeyRemoteAddr}, Consistent: true,
				Servers: []nginx.Server{{Address: "127.87.15.2:18102"}}},
			ProxyProtocol: true,
			Timeout:       time.Minute,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	start(t, "127.87.15.3:18103", "nginx", "-p", dir+"/", "-c", write(t, dir, "inner-0.conf", inner), "-g", "daemon off;")
	start(t, "127.87.15.2:18102", "haproxy", "-f", write(t, dir, "mid-0.cfg", mid))
	start(t, "127.87.15.1:18101", "nginx", "-p", dir+"/", "-c", write(t, dir, "outer-0.conf", outer), "-g", "daemon off;")

	for _, client := range []string{"127.87.15.200", "127.87.15.201", "127.87.15.202"} {
		_, xff, _ := strings.Cut(get(t, "http://127.87.15.1:18101/socket.io/?EIO=4&transport=polling", client, nil), "|")
		for _, a := range strings.Split(xff, ", ") {
			if a != client {
				t.Errorf("client %s: backend saw X-Forwarded-For %q", client, xff)
				break
			}
		}
		t.Logf("client %s: X-Forwarded-For at the app: %q", client, xff)
	}

	// Anyone else connecting to HAProxy directly is refused before it could
	// claim a client address in a PROXY header of its own.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.87.15.205")}, Timeout: 2 * time.Second}
	conn, err := d.Dial("tcp", "127.87.15.2:18102")
	if err != nil {
		t.Logf("refused at connect: %v", err) // the reset can arrive that early
		return
	}
	defer conn.Close()
	fmt.Fprintf(conn, "PROXY TCP4 203.0.113.7 127.87.15.2 1234 18102\r\nGET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := conn.Read(make([]byte, 64)); err == nil {
		t.Errorf("a connection from an untrusted source got %d bytes of answer; want it refused", n)
	}
}
