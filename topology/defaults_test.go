package topology_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/topolint/topo/topology"
)

// everyKind chains one tier of each kind, writing only what is required, so
// that every default of the spec applies.
const everyKind = `topology "defaults" {}

socketio {}

client "browser" {
  entry = tier.alb
}

tier "alb" {
  kind = "alb"
  to   = tier.nlb
}

tier "nlb" {
  kind = "nlb"
  to   = tier.elb
}

tier "elb" {
  kind = "elb"
  to   = tier.f5
}

tier "f5" {
  kind  = "f5"
  nodes = ["203.0.113.10:443"]
  to    = tier.lvs
}

tier "lvs" {
  kind  = "lvs"
  nodes = ["10.0.0.1:443", "10.0.0.2:443"]
  to    = tier.slb
}

tier "slb" {
  kind  = "slb"
  nodes = ["10.0.0.3:443"]
  to    = tier.nginx
}

tier "nginx" {
  kind  = "nginx"
  nodes = ["10.0.1.11:80", "10.0.1.12:80", "10.0.1.11:81"]
  to    = tier.haproxy
}

tier "haproxy" {
  kind  = "haproxy"
  nodes = ["[2001:db8::1]:80", "haproxy-2.internal:80"]
  to    = tier.dispatcher
}

tier "dispatcher" {
  kind  = "dispatcher"
  nodes = ["dispatch.internal:8080"]
  to    = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`

func TestDefaults(t *testing.T) {
	topo, diags := decode(everyKind)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:%s", dump(diags))
	}
	if topo.Name != "defaults" || topo.Description.Value != "" || topo.ExpectedConnections.Value != 0 {
		t.Errorf("topology: name %q description %q expected_connections %d", topo.Name, topo.Description.Value, topo.ExpectedConnections.Value)
	}

	s := topo.SocketIO
	if got := s.Version.Value; got.Major != 4 || got.Minor != 8 || got.Patch != 0 || got.Raw != "4.8" {
		t.Errorf("socketio version %+v, want 4.8", got)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"socketio path", s.Path.Value, "/socket.io/"},
		{"socketio transports", s.Transports.Value, []string{"polling", "websocket"}},
		{"socketio ping_interval", s.PingInterval.Value, 25 * time.Second},
		{"socketio ping_timeout", s.PingTimeout.Value, 20 * time.Second},
		{"socketio heartbeat", s.Heartbeat(), 45 * time.Second},
		{"socketio cookie", s.Cookie.Value, false},
		{"socketio adapter", s.Adapter.Value, "none"},
		{"socketio engine", s.Engine.Value, "default"},
		{"socketio related_paths", s.RelatedPaths.Value, []string{}},
	}
	c := topo.Clients[0]
	checks = append(checks, []struct {
		what      string
		got, want any
	}{
		{"client transports (the server's)", c.Transports.Value, []string{"polling", "websocket"}},
		{"client cookies", c.Cookies.Value, true},
		{"client library", c.Library.Value, ""},
		{"client share", c.Share.Value, 1.0},
		{"client addresses", c.Addresses.Value, "public"},
		{"client reconnect", c.Reconnect.Value, "entry"},
		{"client entry", c.Entry.Value, topo.Tier("alb")},
	}...)

	type tierWant struct {
		layer     int
		websocket bool
		forwards  string
		balance   string
		idle      time.Duration
		egress    []string
	}
	wants := map[string]tierWant{
		"alb":        {7, true, "x_forwarded_for", "round_robin", 60 * time.Second, []string{}},
		"nlb":        {4, false, "preserve", "round_robin", 350 * time.Second, []string{}},
		"elb":        {7, false, "x_forwarded_for", "round_robin", 60 * time.Second, []string{}},
		"f5":         {7, false, "none", "round_robin", 0, []string{"203.0.113.10"}},
		"lvs":        {4, false, "preserve", "least_conn", 0, []string{"10.0.0.1", "10.0.0.2"}},
		"slb":        {4, false, "preserve", "round_robin", 0, []string{"10.0.0.3"}},
		"nginx":      {7, false, "none", "round_robin", 60 * time.Second, []string{"10.0.1.11", "10.0.1.12"}},
		"haproxy":    {7, true, "none", "round_robin", 0, []string{"2001:db8::1"}},
		"dispatcher": {7, false, "none", "round_robin", 0, []string{}},
		"app":        {7, false, "none", "round_robin", 0, []string{"10.0.2.21", "10.0.2.22"}},
	}
	if len(topo.Tiers) != len(wants) {
		t.Fatalf("%d tiers, want %d", len(topo.Tiers), len(wants))
	}
	for i, tier := range topo.Tiers {
		if tier.Index != i {
			t.Errorf("tier %q: Index %d, want %d", tier.Name, tier.Index, i)
		}
		wt, ok := wants[tier.Name]
		if !ok {
			t.Fatalf("unexpected tier %q", tier.Name)
		}
		n := "tier " + tier.Name + " "
		checks = append(checks, []struct {
			what      string
			got, want any
		}{
			{n + "layer", tier.Layer.Value, wt.layer},
			{n + "websocket", tier.WebSocket.Value, wt.websocket},
			{n + "forwards_client_ip", tier.ForwardsClientIP.Value, wt.forwards},
			{n + "balance", tier.Affinity.Balance.Value, wt.balance},
			{n + "idle_timeout", tier.IdleTimeout.Value, wt.idle},
			{n + "egress_addresses", tier.EgressAddresses.Value, wt.egress},
			{n + "version", tier.Version.Value, topology.Version{}},
			{n + "hash_key", tier.Affinity.HashKey.Value, topology.HashKey{}},
			{n + "consistent", tier.Affinity.Consistent.Value, false},
			{n + "cookie_name", tier.Affinity.CookieName.Value, ""},
			{n + "real_ip_from", tier.RealIPFrom.Value, "peer"},
			{n + "tls", tier.TLS.Value, "none"},
			{n + "max_connections", tier.MaxConnections.Value, 0},
			{n + "workers", tier.Workers.Value, 1},
			{n + "sticky_workers", tier.StickyWorkers.Value, false},
			{n + "server_order", tier.ServerOrder.Value, "same"},
		}...)
		for what, set := range map[string]bool{
			"layer": tier.Layer.Set, "websocket": tier.WebSocket.Set, "forwards_client_ip": tier.ForwardsClientIP.Set,
			"balance": tier.Affinity.Balance.Set, "idle_timeout": tier.IdleTimeout.Set, "egress_addresses": tier.EgressAddresses.Set,
		} {
			if set {
				t.Errorf("%s%s: Set is true for a default", n, what)
			}
		}
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.what, ch.got, ch.want)
		}
	}

	// Managed AWS load balancers need no nodes and count as several.
	for _, name := range []string{"alb", "nlb", "elb"} {
		tier := topo.Tier(name)
		if !tier.Managed() || len(tier.Nodes.Value) != 0 || tier.NodeCount() < 2 {
			t.Errorf("tier %s: managed %v, %d nodes, NodeCount %d", name, tier.Managed(), len(tier.Nodes.Value), tier.NodeCount())
		}
	}
	if got := topo.Tier("haproxy").Nodes.Value; !reflect.DeepEqual(got, []topology.Node{
		{Address: "[2001:db8::1]:80", Host: "2001:db8::1", Port: 80},
		{Address: "haproxy-2.internal:80", Host: "haproxy-2.internal", Port: 80},
	}) {
		t.Errorf("haproxy nodes %+v", got)
	}
	if got := topo.Tier("app").Processes(); got != 2 {
		t.Errorf("app processes %d, want 2", got)
	}
}

// TestDefaultsByLayer: defaults that depend on the layer follow a written
// layer, and the layer 4 nginx idle timeout is the stream default.
func TestDefaultsByLayer(t *testing.T) {
	topo, diags := decode(`topology "t" {}
socketio {}
client "c" {
  entry = tier.slb
}
tier "slb" {
  kind  = "slb"
  layer = 7
  nodes = ["10.0.0.1:80"]
  to    = tier.elb
}
tier "elb" {
  kind  = "elb"
  layer = 4
  to    = tier.nginx
}
tier "nginx" {
  kind  = "nginx"
  layer = 4
  nodes = ["10.0.1.1:80"]
  to    = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	for _, c := range []struct {
		tier     string
		layer    int
		forwards string
		idle     time.Duration
	}{
		{"slb", 7, "x_forwarded_for", 0},
		{"elb", 4, "none", 60 * time.Second}, // spec: only a layer 7 elb forwards XFF; a TCP listener passes nothing (fact A6)
		{"nginx", 4, "none", 10 * time.Minute},
	} {
		tier := topo.Tier(c.tier)
		if tier.Layer.Value != c.layer || !tier.Layer.Set || tier.ForwardsClientIP.Value != c.forwards || tier.IdleTimeout.Value != c.idle {
			t.Errorf("tier %s: layer %d (set %v), forwards %q, idle %v; want %d, %q, %v",
				c.tier, tier.Layer.Value, tier.Layer.Set, tier.ForwardsClientIP.Value, tier.IdleTimeout.Value, c.layer, c.forwards, c.idle)
		}
	}
}

// TestClientTransportsDefaultToServer: a client without transports uses the
// server's list, and a copy of it.
func TestClientTransportsDefaultToServer(t *testing.T) {
	topo, diags := decode(sioAttr(`  transports = ["websocket"]`))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	c := topo.Clients[0]
	if !reflect.DeepEqual(c.Transports.Value, []string{"websocket"}) || c.Transports.Set {
		t.Fatalf("client transports %v (set %v), want the server's [websocket]", c.Transports.Value, c.Transports.Set)
	}
	c.Transports.Value[0] = "polling"
	if topo.SocketIO.Transports.Value[0] != "websocket" {
		t.Errorf("the client's default transports alias the server's list")
	}
}

// TestWrittenValues: values that are written win over the defaults and are
// marked Set.
func TestWrittenValues(t *testing.T) {
	topo, diags := decode(sioAttr("  version = \"4.7.5\"\n  ping_interval = \"1m30s\"\n  ping_timeout = \"50m\"\n  cookie = true\n  adapter = \"redis-streams\"\n  engine = \"cluster-engine\"\n  related_paths = [\"/api/*\"]"))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	s := topo.SocketIO
	if v := s.Version.Value; v.Major != 4 || v.Minor != 7 || v.Patch != 5 || !s.Version.Set {
		t.Errorf("version %+v", v)
	}
	if s.PingInterval.Value != 90*time.Second || s.PingTimeout.Value != 50*time.Minute || !s.Cookie.Value ||
		s.Adapter.Value != "redis-streams" || s.Engine.Value != "cluster-engine" || !reflect.DeepEqual(s.RelatedPaths.Value, []string{"/api/*"}) {
		t.Errorf("socketio %+v", s)
	}
	for what, set := range map[string]bool{"ping_interval": s.PingInterval.Set, "ping_timeout": s.PingTimeout.Set, "cookie": s.Cookie.Set,
		"adapter": s.Adapter.Set, "engine": s.Engine.Set, "related_paths": s.RelatedPaths.Set, "path": !s.Path.Set, "transports": !s.Transports.Set} {
		if !set {
			t.Errorf("%s: Set is wrong", what)
		}
	}
}
