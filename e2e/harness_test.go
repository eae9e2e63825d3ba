package e2e

import (
	"net"
	"strings"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:80", "127.255.1.2", "127.0.9.1:0"} {
		if err := CheckLoopback(ok); err != nil {
			t.Errorf("CheckLoopback(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"10.0.0.1:80", "0.0.0.0:80", "[::1]:80", "::1", "localhost:80", "192.168.1.1", "80", ""} {
		if err := CheckLoopback(bad); err == nil {
			t.Errorf("CheckLoopback(%q) = nil, want error", bad)
		}
	}
}

func TestCheckConfigLoopback(t *testing.T) {
	good := "server { listen 127.0.0.1:8080; }\nupstream u { server 127.0.0.2:1; }\nbind 127.0.0.1:9"
	if err := CheckConfigLoopback(good); err != nil {
		t.Errorf("good config: %v", err)
	}
	for _, bad := range []string{
		"server { listen 8080; }",
		"server { listen [::]:80; }",
		"upstream u { server 10.1.2.3:80; }",
		"frontend f\n    bind :80\n",
	} {
		if err := CheckConfigLoopback(bad); err == nil {
			t.Errorf("CheckConfigLoopback(%q) = nil, want error", bad)
		}
	}
}

// TestSourceBinding proves that client.js binds each client's polling and
// WebSocket connections to its own source address: the node sees exactly
// the clients' addresses as TCP peers.
func TestSourceBinding(t *testing.T) {
	RequireTools(t, "node")
	node := StartNode(t, "solo", FreeAddr(t), NodeOptions{})

	poll := RunClients(t, ClientOptions{URL: node.URL(), Clients: 3, Transport: "polling", Echoes: 2, SourceBase: "127.0.9."})
	up := RunClients(t, ClientOptions{URL: node.URL(), Clients: 3, Transport: "upgrade", Echoes: 2, SourceBase: "127.50.", Spread: true})
	ws := RunClients(t, ClientOptions{URL: node.URL(), Clients: 2, Transport: "websocket", Echoes: 2, SourceBase: "127.0.60."})
	for _, rep := range []Report{poll, up, ws} {
		if rep.OK != len(rep.Clients) {
			t.Fatalf("direct clients failed: %+v", rep.Clients)
		}
	}
	st := node.Stats(t)
	want := map[string]string{
		"127.0.9.1": "polling", "127.0.9.2": "polling", "127.0.9.3": "polling",
		"127.50.1.1": "both", "127.50.2.1": "both", "127.50.3.1": "both",
		"127.0.60.1": "websocket", "127.0.60.2": "websocket",
	}
	if len(st.Peers) != len(want) {
		t.Errorf("peers = %v, want the %d client addresses", st.Peers, len(want))
	}
	for addr, kind := range want {
		p := st.Peers[addr]
		switch {
		case p == nil:
			t.Errorf("no requests from %s", addr)
		case kind == "polling" && (p["polling"] == 0 || p["websocket"] != 0),
			kind == "websocket" && (p["polling"] != 0 || p["websocket"] == 0),
			kind == "both" && (p["polling"] == 0 || p["websocket"] == 0):
			t.Errorf("peer %s: %v, want %s", addr, p, kind)
		}
	}
	for _, c := range up.Clients {
		if !c.Upgraded || c.TransportFinal != "websocket" {
			t.Errorf("client %d did not upgrade: %+v", c.ID, c)
		}
	}
	if st.Upgrades != 3 {
		t.Errorf("upgrades = %d, want 3", st.Upgrades)
	}
	t.Logf("peers seen by the node: %v", st.Peers)
	if e := strings.TrimSpace(FormatCounts(st.Errors)); e != "{}" {
		t.Errorf("errors on a direct connection: %s", e)
	}
}

func TestRequireToolsSkips(t *testing.T) {
	t.Setenv("CI", "")
	var skipped bool
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		RequireTools(t, "topo-e2e-no-such-tool")
	})
	if !skipped {
		t.Errorf("RequireTools with a missing tool did not skip")
	}
}

// TestClientTimeout checks that client.js ends by itself when the server
// accepts TCP connections but never answers.
func TestClientTimeout(t *testing.T) {
	RequireTools(t, "node")
	l, err := net.Listen("tcp4", FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				_ = c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // hold it open, say nothing
		}
	}()
	start := time.Now()
	rep := RunClients(t, ClientOptions{URL: "http://" + l.Addr().String(), Clients: 3, Transport: "polling", Echoes: 1, Timeout: 2 * time.Second})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("client.js took %v with a 2s timeout", d)
	}
	if rep.OK != 0 || rep.Failed != 3 {
		t.Errorf("want 3 failed clients, got %d ok / %d failed", rep.OK, rep.Failed)
	}
	t.Logf("errors: %s", FormatCounts(rep.Errors()))
}
