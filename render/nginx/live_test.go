package nginx

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
)

// The live tests start real processes on loopback addresses of
// 127.87.13.0/24 only, send a bounded number of requests and stop what they
// started.

// startNginx runs "nginx -p DIR -c DIR/<file>" in the foreground, as
// "rendertest.Nobody" when the test runs as root, and stops it when the test ends.
func startNginx(t *testing.T, dir, file string, conf []byte, listen string) *exec.Cmd {
	t.Helper()
	path := filepath.Join(dir, file)
	if err := os.WriteFile(path, conf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("nginx", "-p", dir+"/", "-c", path, "-g", "daemon off;")
	if os.Geteuid() == 0 {
		if err := os.Chown(dir, rendertest.Nobody, rendertest.Nobody); err != nil {
			t.Fatal(err)
		}
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
			t.Fatalf("nginx exited: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s: %v\n%s", listen, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(t *testing.T, client *http.Client, url, xff string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
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

// TestLiveNginx starts the l7-loopback-live fixture as a non-root user from
// its own prefix and checks what the file promises: it runs, realip takes
// the client from X-Forwarded-For, hash consistent keeps each client on one
// node and spreads clients, X-Forwarded-For is passed on, and the WebSocket
// upgrade goes through.
func TestLiveNginx(t *testing.T) {
	configcheck.RequireNginx(t)
	if testing.Short() {
		t.Skip("live test")
	}
	var plan Plan
	for _, f := range fixtures {
		if f.name == "l7-loopback-live" {
			plan = f.plan
		}
	}
	for i, addr := range []string{"127.87.13.2:13001", "127.87.13.3:13001", "127.87.13.4:13001"} {
		rendertest.StartBackend(t, addr, fmt.Sprintf("b%d", i+2))
	}
	conf, err := Render(plan)
	if err != nil {
		t.Fatal(err)
	}
	dir := rendertest.LiveDir(t, "topo-nginx-live-", false)
	listen := plan.HTTP.Listen.Address
	cmd := startNginx(t, dir, FileName(plan.Header), conf, listen)

	// It runs as a non-root user with its pid file in the prefix.
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "Uid:") && strings.Fields(l)[1] == "0" {
			t.Errorf("nginx master runs as root: %s", l)
		}
		if strings.HasPrefix(l, "Uid:") {
			t.Logf("nginx master %s", l)
		}
	}
	// nginx writes its pid file once it runs, which may be after it
	// listens: wait for it a little.
	pidFile := filepath.Join(dir, "local-2.pid")
	var statErr error
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, statErr = os.Stat(pidFile); statErr == nil || time.Now().After(deadline) {
			break
		}
	}
	if statErr != nil {
		t.Errorf("pid file not in the prefix: %v", statErr)
	}

	client := &http.Client{Timeout: 5 * time.Second}
	base := "http://" + listen
	// Each client address sticks to one node; different clients spread.
	nodes := map[string]int{}
	for i := 1; i <= 24; i++ {
		ip := fmt.Sprintf("203.0.113.%d", i)
		first := ""
		for range 3 {
			body := get(t, client, base+"/socket.io/?EIO=4&transport=polling", ip)
			node, xff, _ := strings.Cut(body, "|")
			if first == "" {
				first = node
			} else if node != first {
				t.Fatalf("client %s moved from %s to %s", ip, first, node)
			}
			// realip made the client $remote_addr, and it was appended.
			if parts := strings.Split(xff, ", "); parts[len(parts)-1] != ip {
				t.Fatalf("backend saw X-Forwarded-For %q, want it to end with %s", xff, ip)
			}
		}
		nodes[first]++
	}
	t.Logf("24 clients per node: %v", nodes)
	if len(nodes) < 2 {
		t.Errorf("24 clients all went to %v: hash on the client address does not spread", nodes)
	}
	// Other paths go to the least_conn upstream with keepalive.
	if body := get(t, client, base+"/api/jobs", ""); !strings.HasPrefix(body, "b") {
		t.Errorf("/api/jobs: %q", body)
	}

	// The WebSocket upgrade passes through.
	conn, err := net.DialTimeout("tcp", listen, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Forwarded-For: 198.51.100.9\r\n\r\n")
	r := bufio.NewReader(conn)
	status101, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(status101, "HTTP/1.1 101") {
		t.Fatalf("upgrade answered %q, %v", status101, err)
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
	echo, err := r.ReadString('\n')
	if err != nil || !strings.HasSuffix(echo, " ping\n") {
		t.Fatalf("no echo through the tunnel: %q, %v", echo, err)
	}
}
