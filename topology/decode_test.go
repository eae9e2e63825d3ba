package topology_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/topology"
)

// The sources of the table tests are built from a few skeletons so that the
// line of the attribute under test is fixed:
//
//	sioAttr:    the socketio block's attribute on line 3
//	clientAttr: client "c"'s attribute on line 5
//	appAttr:    tier "app" (socketio, the only tier) attribute on line 9
//	edgeAttr:   tier "edge" (nginx, in front of "app") attribute on line 14
//	edgeBody:   tier "edge"'s whole body, from line 11
//	routeAttr:  route "r" of tier "edge", attribute on line 16

func sioAttr(extra string) string {
	return `topology "t" {}
socketio {
` + extra + `
}
client "c" {
  entry = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`
}

func clientAttr(extra string) string {
	return `topology "t" {}
socketio {}
client "c" {
  entry = tier.app
` + extra + `
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`
}

func appAttr(extra string) string {
	return `topology "t" {}
socketio {}
client "c" {
  entry = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
` + extra + `
}
`
}

func edgeBody(body string) string {
	return `topology "t" {}
socketio {}
client "c" {
  entry = tier.edge
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
tier "edge" {
` + body + `
}
`
}

func edgeAttr(extra string) string {
	return edgeBody(`  kind  = "nginx"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
` + extra)
}

func routeAttr(extra string) string {
	return edgeAttr(`  route "r" {
    to = tier.app
` + extra + `
  }`)
}

// base is a minimal valid topology: one client straight to one socketio tier.
const base = `topology "t" {}
socketio {}
client "c" {
  entry = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`

// want is one expected error diagnostic: its summary, its subject as
// "line:col-line:col" and substrings of its detail.
type want struct {
	summary string
	subject string
	detail  []string
}

func w(summary, subject string, detail ...string) want {
	return want{summary: summary, subject: subject, detail: detail}
}

func rng(r *hcl.Range) string {
	if r == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

func decode(src string) (*topology.Topology, hcl.Diagnostics) {
	return topology.Decode(topology.Source{Name: "t.hcl", Bytes: []byte(src)})
}

func errorsOf(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, d)
		}
	}
	return out
}

func dump(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n  %s %q %s: %s", map[hcl.DiagnosticSeverity]string{hcl.DiagError: "error", hcl.DiagWarning: "warning"}[d.Severity], d.Summary, rng(d.Subject), d.Detail)
	}
	return b.String()
}

// checkDiags asserts that the error diagnostics of src are exactly wants, in
// order, and that a topology with errors comes back empty.
func checkDiags(t *testing.T, src string, wants []want) {
	t.Helper()
	topo, diags := decode(src)
	errs := errorsOf(diags)
	if len(errs) != len(wants) {
		t.Fatalf("got %d error diagnostics, want %d:%s", len(errs), len(wants), dump(diags))
	}
	for i, wt := range wants {
		d := errs[i]
		if d.Summary != wt.summary {
			t.Errorf("diagnostic %d: summary %q, want %q", i, d.Summary, wt.summary)
		}
		if got := rng(d.Subject); got != wt.subject {
			t.Errorf("diagnostic %d (%s): subject %s, want %s", i, d.Summary, got, wt.subject)
		}
		if d.Subject != nil && d.Subject.Filename != "t.hcl" {
			t.Errorf("diagnostic %d (%s): subject file %q, want t.hcl", i, d.Summary, d.Subject.Filename)
		}
		for _, sub := range wt.detail {
			if !strings.Contains(d.Detail, sub) {
				t.Errorf("diagnostic %d (%s): detail %q does not contain %q", i, d.Summary, d.Detail, sub)
			}
		}
	}
	if topo == nil {
		t.Fatal("Decode returned a nil topology")
	}
	if topo.Files["t.hcl"] == nil {
		t.Errorf("Files lacks t.hcl: snippets cannot be printed")
	}
	if len(wants) > 0 && (len(topo.Tiers) != 0 || len(topo.Clients) != 0 || topo.SocketIO != nil) {
		t.Errorf("a topology with errors must come back empty, got %d tiers, %d clients", len(topo.Tiers), len(topo.Clients))
	}
}

func TestSkeletonsDecode(t *testing.T) {
	for name, src := range map[string]string{
		"base":   base,
		"sio":    sioAttr(""),
		"client": clientAttr(""),
		"app":    appAttr(""),
		"edge":   edgeAttr(""),
		"route":  routeAttr(""),
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := decode(src)
			if len(diags) != 0 {
				t.Fatalf("skeleton has diagnostics:%s", dump(diags))
			}
		})
	}
}

const nodeHelp = `Write "host:port" with an IPv4 address, an IPv6 address in brackets or a DNS name`

var decodeCases = []struct {
	name  string
	src   string
	wants []want
}{
	// HCL syntax.
	{"syntax/unclosed block", "topology \"t\" {\n", []want{
		w("Unclosed configuration block", "1:14-1:15", "no closing brace"),
	}},
	{"syntax/missing expression", sioAttr("  version = "), []want{
		w("Invalid expression", "3:13-4:1", "Expected the start of an expression"),
	}},
	{"syntax/unterminated string", "topology \"t\" {}\nsocketio {\n  version = \"4.8\n}\n", []want{
		w("Invalid multi-line string", "3:17-4:1"),
		w("Invalid multi-line string", "4:2-5:1"),
		w("Unterminated template string", "3:17-4:1"),
	}},
	{"syntax/template interpolation", sioAttr(`  version = "${x}"`), []want{
		w("Variables not allowed", "3:16-3:17", `The attribute "version" takes a string`, `only allowed in "entry" and "to"`),
	}},
	{"syntax/function call", sioAttr(`  version = upper("a")`), []want{
		w("Function calls not allowed", "3:13-3:23"),
	}},
	{"syntax/interpolation in a label", base + "tier \"a${x}\" {\n  kind = \"alb\"\n  to   = tier.app\n}\n", []want{
		w("Invalid string literal", "10:8-10:10", "Template sequences are not allowed"),
	}},

	// Unknown attributes and blocks.
	{"unknown/attribute in tier", edgeAttr(`  balanse = "ip_hash"`), []want{
		w("Unsupported argument", "14:3-14:10", `Did you mean "balance"?`),
	}},
	{"unknown/attribute in socketio", sioAttr(`  pingInterval = "25s"`), []want{
		w("Unsupported argument", "3:3-3:15", `Did you mean "ping_interval"?`),
	}},
	{"unknown/attribute in socketio, singular", sioAttr(`  transport = ["polling"]`), []want{
		w("Unsupported argument", "3:3-3:12", `Did you mean "transports"?`),
	}},
	{"unknown/attribute in route", routeAttr(`    match = "x"`), []want{
		w("Unsupported argument", "16:5-16:10", `Did you mean "path"?`),
	}},
	{"unknown/block in tier", edgeAttr(`  listener {}`), []want{
		w("Unsupported block type", "14:3-14:11", `Blocks of type "listener" are not expected here.`),
	}},
	{"unknown/top-level block", "topology \"t\" {}\ntiers \"x\" {}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Unsupported block type", "2:1-2:6", `Did you mean "tier"?`),
	}},
	{"unknown/attribute set twice", edgeAttr(`  kind = "haproxy"`), []want{
		w("Attribute redefined", "14:3-14:7", `already set at t.hcl:11,3-7`),
	}},
	{"unknown/topology without a name", "topology {}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Missing name for topology", "1:10-1:11"),
	}},
	{"unknown/topology with two labels", "topology \"t\" \"u\" {}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Extraneous label for topology", "1:14-1:17"),
	}},

	// Wrong types.
	{"type/string for bool", edgeAttr(`  websocket = "yes"`), []want{
		w("Incorrect attribute value type", "14:15-14:20", `"websocket": a bool (true or false) required`),
	}},
	{"type/number for bool", sioAttr(`  cookie = 1`), []want{
		w("Incorrect attribute value type", "3:12-3:13", `"cookie": a bool`),
	}},
	{"type/string for bool in client", clientAttr(`  cookies = "no"`), []want{
		w("Incorrect attribute value type", "5:13-5:17", `"cookies": a bool`),
	}},
	{"type/list for string", edgeAttr(`  version = ["1.22"]`), []want{
		w("Incorrect attribute value type", "14:13-14:21", `"version": a string required`),
	}},
	{"type/string for list", sioAttr(`  transports = "polling"`), []want{
		w("Incorrect attribute value type", "3:16-3:25", `"transports": a list of strings required`),
	}},
	{"type/string for list of paths", sioAttr(`  related_paths = "/api"`), []want{
		w("Incorrect attribute value type", "3:19-3:25", `"related_paths": a list of strings required`),
	}},
	{"type/list for map", routeAttr(`    header = ["a"]`), []want{
		w("Incorrect attribute value type", "16:14-16:19", `"header": a map of strings required`),
	}},
	{"type/string for number", edgeAttr(`  max_connections = "many"`), []want{
		w("Incorrect attribute value type", "14:21-14:27", `"max_connections": a whole number required`),
	}},
	{"type/string for share", clientAttr(`  share = "half"`), []want{
		w("Incorrect attribute value type", "5:11-5:17", `"share": a number required`),
	}},
	{"type/number out of range", edgeAttr(`  layer = 9`), []want{
		w("Invalid value", "14:11-14:12", `"layer" must be a whole number from 4 to 7`),
	}},
	{"type/layer neither 4 nor 7", edgeAttr(`  layer = 5`), []want{
		w("Invalid layer", "14:11-14:12", "4 (TCP) or 7 (HTTP)"),
	}},
	{"type/layer the kind cannot work at", edgeBody("  kind  = \"alb\"\n  layer = 4\n  to    = tier.app"), []want{
		w("Invalid layer for kind", "12:11-12:12", "works at layer 7 only"),
	}},
	{"type/workers zero", appAttr(`  workers = 0`), []want{
		w("Invalid value", "9:13-9:14", `"workers" must be a whole number from 1 to 4096`),
	}},
	{"type/expected_connections negative", "topology \"t\" {\n  expected_connections = -1\n}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Invalid value", "2:26-2:28", `"expected_connections" must be a whole number from 0 to`),
	}},
	{"type/expected_connections huge", "topology \"t\" {\n  expected_connections = 1e20\n}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Invalid value", "2:26-2:30", `"expected_connections" must be a whole number`),
	}},
	{"type/non-integer", edgeAttr(`  max_connections = 1.5`), []want{
		w("Invalid value", "14:21-14:24", `"max_connections" must be a whole number`),
	}},
	{"type/share above 1", clientAttr(`  share = 2`), []want{
		w("Invalid share", "5:11-5:12", "from 0 to 1"),
	}},
	{"type/share negative", clientAttr(`  share = -0.1`), []want{
		w("Invalid share", "5:11-5:15", "from 0 to 1"),
	}},
	{"type/null", edgeBody("  kind  = \"nginx\"\n  nodes = null\n  to    = tier.app"), []want{
		// One diagnostic: the written null, not also "Missing nodes".
		w("Invalid value", "12:11-12:15", `"nodes" must not be null`),
	}},
	{"type/null element", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\", null]\n  to    = tier.app"), []want{
		w("Invalid value", "12:11-12:32", "must not contain null elements"),
	}},

	// Durations.
	{"duration/no unit", sioAttr(`  ping_interval = "25"`), []want{
		w("Invalid duration", "3:19-3:23", `"25" is not a positive duration`, `"25s"`),
	}},
	{"duration/negative", sioAttr(`  ping_timeout = "-5s"`), []want{
		w("Invalid duration", "3:18-3:23", `"-5s" is not a positive duration`),
	}},
	{"duration/garbage", sioAttr(`  ping_interval = "x"`), []want{
		w("Invalid duration", "3:19-3:22", `"x" is not a positive duration`),
	}},
	{"duration/zero", sioAttr(`  ping_interval = "0s"`), []want{
		w("Invalid duration", "3:19-3:23", `"0s" is not a positive duration`),
	}},
	{"duration/number", edgeAttr(`  idle_timeout = 60`), []want{
		w("Invalid duration", "14:18-14:20", `"60" is not a positive duration`),
	}},
	{"duration/tier no unit", edgeAttr(`  idle_timeout = "25"`), []want{
		w("Invalid duration", "14:18-14:22"),
	}},
	{"duration/tier negative", edgeAttr(`  idle_timeout = "-5s"`), []want{
		w("Invalid duration", "14:18-14:23"),
	}},
	{"duration/tier garbage", edgeAttr(`  idle_timeout = "x"`), []want{
		w("Invalid duration", "14:18-14:21"),
	}},

	// Versions.
	{"version/number", sioAttr(`  version = 4.10`), []want{
		w("Version must be a string", "3:13-3:17", "4.10 is 4.1"),
	}},
	{"version/one number", sioAttr(`  version = "4"`), []want{
		w("Invalid version", "3:13-3:16", `"4" is not a version`),
	}},
	{"version/four numbers", sioAttr(`  version = "4.8.1.2"`), []want{
		w("Invalid version", "3:13-3:22"),
	}},
	{"version/too old", sioAttr(`  version = "2.4"`), []want{
		w("Unsupported socket.io version", "3:13-3:18", "v3 and v4"),
	}},
	{"version/tier", edgeAttr(`  version = "1.22.x"`), []want{
		w("Invalid version", "14:13-14:21", `"1.22.x" is not a version`),
	}},

	// Enumerations, with did-you-mean.
	{"enum/kind typo", edgeBody("  kind  = \"ngnix\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app"), []want{
		w("Invalid value for kind", "11:11-11:18", `"ngnix" is not a tier kind.`, `Did you mean "nginx"?`, `Valid values: "nginx", "haproxy"`),
	}},
	{"enum/kind missing", edgeBody("  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app"), []want{
		w("Missing kind", "10:1-10:12", `The tier "edge" needs `+"`kind`"),
	}},
	{"enum/balance typo", edgeAttr(`  balance = "roundrobin"`), []want{
		w("Invalid value for balance", "14:13-14:25", `Did you mean "round_robin"?`),
	}},
	{"enum/tls typo", edgeAttr(`  tls = "terminat"`), []want{
		w("Invalid value for tls", "14:9-14:19", `Did you mean "terminate"?`),
	}},
	{"enum/real_ip_from typo", edgeAttr(`  real_ip_from = "x_forwarded_fo"`), []want{
		w("Invalid value for real_ip_from", "14:18-14:34", `Did you mean "x_forwarded_for"?`),
	}},
	{"enum/forwards_client_ip far off", edgeAttr(`  forwards_client_ip = "xff"`), []want{
		w("Invalid value for forwards_client_ip", "14:24-14:29", `Valid values: "none", "x_forwarded_for", "proxy_protocol", "preserve"`),
	}},
	{"enum/server_order", edgeAttr(`  server_order = "diff"`), []want{
		w("Invalid value for server_order", "14:18-14:24", `Valid values: "same", "differs"`),
	}},
	{"enum/transport typo", sioAttr(`  transports = ["polling", "websockets"]`), []want{
		w("Invalid transport", "3:16-3:41", `"websockets" is not an engine.io transport.`, `Did you mean "websocket"?`),
	}},
	{"enum/client transport typo", clientAttr(`  transports = ["websocket", "pollin"]`), []want{
		w("Invalid transport", "5:16-5:39", `Did you mean "polling"?`),
	}},
	{"enum/transport twice", sioAttr(`  transports = ["polling", "polling"]`), []want{
		w("Duplicate transport", "3:16-3:38", `"polling" is listed twice`),
	}},
	{"enum/no transport", sioAttr(`  transports = []`), []want{
		w("Empty transport list", "3:16-3:18"),
	}},
	{"enum/adapter typo", sioAttr(`  adapter = "redis-stream"`), []want{
		w("Invalid value for adapter", "3:13-3:27", `Did you mean "redis-streams"?`),
	}},
	{"enum/engine", sioAttr(`  engine = "cluster"`), []want{
		w("Invalid value for engine", "3:12-3:21", `Valid values: "default", "cluster-engine"`),
	}},
	{"enum/addresses typo", clientAttr(`  addresses = "natt"`), []want{
		w("Invalid value for addresses", "5:15-5:21", `Did you mean "nat"?`),
	}},
	{"enum/reconnect typo", clientAttr(`  reconnect = "same-node"`), []want{
		w("Invalid value for reconnect", "5:15-5:26", `Did you mean "same_node"?`),
	}},
	{"enum/runtime typo", clientAttr(`  runtime = "browsers"`), []want{
		w("Invalid value for runtime", "5:13-5:23", `Did you mean "browser"?`),
	}},
	{"enum/address_family", clientAttr(`  address_family = "v6"`), []want{
		w("Invalid value for address_family", "5:20-5:24", `Valid values: "ipv4", "ipv6", "dual"`),
	}},
	{"client/header name", clientAttr(`  headers = ["X-User Id"]`), []want{
		w("Invalid header name", "5:13-5:26", `"X-User Id" is not a header name`),
	}},
	{"client/headers type", clientAttr(`  headers = "X-User-Id"`), []want{
		w("Incorrect attribute value type", "5:13-5:24"),
	}},

	{"tier/hash_balance_factor on nginx", edgeAttr(`  hash_balance_factor = 150`), []want{
		w("hash_balance_factor is HAProxy's", "14:3-14:22", `tier "edge" is nginx`),
	}},
	{"tier/hash_balance_factor without consistent", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  balance = "source_ip"
  hash_balance_factor = 150`), []want{
		w("hash_balance_factor without consistent hashing", "15:3-15:22", "consistent = true"),
	}},
	{"tier/hash_balance_factor 100", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  balance = "source_ip"
  consistent = true
  hash_balance_factor = 100`), []want{
		w("Invalid value", "16:25-16:28", "101"),
	}},
	{"tier/hash_preserve_affinity on nginx", edgeAttr(`  hash_preserve_affinity = "maxconn"`), []want{
		w("hash_preserve_affinity is HAProxy's", "14:3-14:25", `tier "edge" is nginx`),
	}},
	{"tier/hash_preserve_affinity value", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  hash_preserve_affinity = "sometimes"`), []want{
		w("Invalid value for hash_preserve_affinity", "14:28-14:39", "always"),
	}},
	{"tier/backend_protocol h2 on nginx", edgeAttr(`  backend_protocol = "h2"`), []want{
		w(`backend_protocol = "h2" on a tier topo does not model`, "14:3-14:19", "proto h2"),
	}},
	{"tier/backend_protocol typo", edgeAttr(`  backend_protocol = "http2"`), []want{
		w("Invalid value for backend_protocol", "14:22-14:29", `"http1", "h2"`),
	}},
	{"tier/shared_table without learn", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  shared_table = true`), []want{
		w(`shared_table without balance = "learn"`, "14:3-14:15", `balance = "learn"`),
	}},
	{"tier/shared_table_port without shared_table", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  balance = "learn"
  shared_table_port = 10001`), []want{
		w("shared_table_port without shared_table", "15:23-15:28", "shared_table = true"),
	}},
	{"tier/shared_table_port is a node's port", edgeBody(`  kind  = "haproxy"
  nodes = ["10.0.1.1:10000"]
  to    = tier.app
  balance = "learn"
  shared_table = true`), []want{
		w("shared_table_port is a node's port", "15:3-15:22", "another port"),
	}},
	{"route/strip_prefix on an alb", edgeBody(`  kind  = "alb"
  to    = tier.app
  route "r" {
    path = "/chat/*"
    strip_prefix = "/chat"
    to = tier.app
  }`), []want{
		w("strip_prefix on a tier topo does not model", "15:5-15:17", "Strip the prefix at a tier behind it"),
	}},
	{"route/strip_prefix with a wildcard", routeAttr(`    strip_prefix = "/chat/*"`), []want{
		w("Invalid strip prefix", "16:20-16:29", "no wildcards"),
	}},
	{"route/cookie_path without cookie affinity", routeAttr(`    cookie_path = "/"`), []want{
		w("cookie_path without cookie affinity", "16:5-16:16", `balance = "cookie"`),
	}},
	{"client/path", clientAttr(`  path = "/chat/*"`), []want{
		w("Invalid client path", "5:10-5:19", "no wildcards"),
	}},
	{"tier/backend_max_connections on an f5", edgeBody(`  kind  = "f5"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  backend_max_connections = 10`), []want{
		w("backend_max_connections on a tier topo does not model", "14:3-14:26", "max_conns="),
	}},

	// Attribute combinations.
	{"combo/hash without key", edgeAttr(`  balance = "hash"`), []want{
		w("Missing hash_key", "14:3-14:19", `hash_key = "client_ip"`),
	}},
	{"combo/key without hash", edgeAttr(`  hash_key = "client_ip"`), []want{
		w(`hash_key without balance = "hash"`, "14:3-14:11"),
	}},
	{"combo/consistent without hash", edgeAttr(`  consistent = true`), []want{
		w("consistent without a hash method", "14:3-14:13"),
	}},
	{"combo/cookie_name without cookie", routeAttr(`    cookie_name = "io"`), []want{
		w(`cookie_name without balance = "cookie"`, "16:5-16:16"),
	}},
	{"combo/hash key typo", edgeAttr("  balance  = \"hash\"\n  hash_key = \"client_iq\""), []want{
		w("Invalid hash_key", "15:14-15:25", `Did you mean "client_ip"?`),
	}},
	{"combo/hash key kind", edgeAttr("  balance  = \"hash\"\n  hash_key = \"body:x\""), []want{
		w("Invalid hash_key", "15:14-15:22", `unknown key kind "body"`),
	}},
	{"combo/preserve at layer 7", edgeAttr(`  forwards_client_ip = "preserve"`), []want{
		w("Invalid forwards_client_ip for layer 7", "14:24-14:34"),
	}},
	{"combo/passthrough at layer 7", edgeAttr(`  tls = "passthrough"`), []want{
		w("TLS passthrough at layer 7", "14:9-14:22"),
	}},
	{"combo/redirect without TLS", edgeAttr(`  redirect_http_port = 8080`), []want{
		w("redirect_http_port without TLS termination", "14:24-14:28", `tls = "terminate"`),
	}},
	{"combo/redirect on the TLS port", edgeAttr("  tls                = \"terminate\"\n  redirect_http_port = 80"), []want{
		w("redirect_http_port is a node's port", "15:24-15:26", `"10.0.1.1:80"`),
	}},
	{"combo/redirect on an f5", edgeBody("  kind  = \"f5\"\n  nodes = [\"10.0.1.1:443\"]\n  to    = tier.app\n  tls   = \"terminate\"\n  redirect_http_port = 80"), []want{
		w("redirect_http_port on a tier topo does not render", "15:24-15:26", "nginx and haproxy"),
	}},
	{"combo/workers on a proxy", edgeAttr(`  workers = 2`), []want{
		w("Attribute only for socketio tiers", "14:3-14:10", `"workers"`),
	}},
	{"combo/balance on socketio", appAttr(`  balance = "ip_hash"`), []want{
		w("Attribute not for socketio tiers", "9:3-9:10", `"balance"`),
	}},
	{"combo/to on socketio", appAttr(`  to = tier.app`), []want{
		w("socketio tier with a next tier", "9:3-9:16"),
	}},
	{"combo/routes on socketio", appAttr("  route \"r\" {\n    to = tier.app\n  }"), []want{
		w("socketio tier with routes", "9:3-9:12"),
	}},
	{"combo/route without to", edgeAttr("  route \"r\" {\n    path = \"/x\"\n  }"), []want{
		w("Missing to", "14:3-14:12", `The route "r" needs `+"`to = tier.NAME`"),
	}},
	{"combo/client without entry", "topology \"t\" {}\nsocketio {}\nclient \"c\" {\n}\ntier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.2.1:3000\"]\n}\n", []want{
		w("Missing entry", "3:1-3:11", `The client "c" needs `+"`entry = tier.NAME`"),
	}},
	{"combo/nodes missing", edgeBody("  kind = \"nginx\"\n  to   = tier.app"), []want{
		w("Missing nodes", "10:1-10:12"),
	}},
	{"combo/nodes empty", edgeBody("  kind  = \"nginx\"\n  nodes = []\n  to    = tier.app"), []want{
		w("Empty node list", "12:11-12:13"),
	}},

	// References.
	{"ref/undeclared tier", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.ap"), []want{
		w("Reference to undeclared tier", "13:11-13:18", `There is no tier named "ap". Did you mean "app"?`, `Declared tiers: "app", "edge"`),
	}},
	{"ref/undeclared entry", "topology \"t\" {}\nsocketio {}\nclient \"c\" {\n  entry = tier.apps\n}\ntier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.2.1:3000\"]\n}\n", []want{
		w("Reference to undeclared tier", "4:11-4:20", `Did you mean "app"?`),
	}},
	{"ref/quoted", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = \"tier.app\""), []want{
		w("Invalid reference", "13:11-13:21", "Write it without quotes: to = tier.app."),
	}},
	{"ref/quoted bare name", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = \"app\""), []want{
		w("Invalid reference", "13:11-13:16", "Write it without quotes: to = tier.app."),
	}},
	{"ref/root only", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier"), []want{
		w("Invalid reference", "13:11-13:15", "tier.NAME"),
	}},
	{"ref/other root", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = var.app"), []want{
		w("Invalid reference", "13:11-13:18", "tier.NAME"),
	}},
	{"ref/too deep", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app.x"), []want{
		w("Invalid reference", "13:11-13:21", "tier.NAME"),
	}},
	{"ref/index", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier[\"app\"]"), []want{
		w("Invalid reference", "13:11-13:22", "tier.NAME"),
	}},
	{"ref/number", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = 5"), []want{
		w("Invalid reference", "13:11-13:12", "such as tier.app"),
	}},

	// Chain shape.
	{"chain/cycle a b a", `topology "t" {}
socketio {}
client "c" {
  entry = tier.a
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
tier "a" {
  kind  = "nginx"
  nodes = ["10.0.1.1:80"]
  to    = tier.b
}
tier "b" {
  kind  = "nginx"
  nodes = ["10.0.1.2:80"]
  to    = tier.a
}
`, []want{
		w("Cycle in the chain", "18:3-18:17", `The tiers "a" → "b" → "a" form a cycle`),
	}},
	{"chain/self loop", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.edge"), []want{
		w("Cycle in the chain", "13:3-13:20", `"edge" → "edge"`),
	}},
	{"chain/proxy without to", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]"), []want{
		w("Chain does not reach a socketio tier", "10:1-10:12", `The tier "edge" is not of kind "socketio" and has no `+"`to`"),
	}},
	{"chain/proxy with only a conditional route", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  route \"ws\" {\n    path = \"/socket.io/*\"\n    to   = tier.app\n  }"), []want{
		w("Chain does not reach a socketio tier", "10:1-10:12"),
	}},
	{"chain/node address in two tiers", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.2.1:3000\"]\n  to    = tier.app"), []want{
		w("Node address used twice", "12:3-12:28", `"10.0.2.1:3000" is a node of the tier "app"`),
	}},

	// Duplicates and missing blocks.
	{"dup/tier", base + "tier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.2.2:3000\"]\n}\n", []want{
		w("Duplicate tier name", "10:6-10:11", `A tier named "app" is already declared at t.hcl:6,1-11.`),
	}},
	{"dup/client", base + "client \"c\" {\n  entry = tier.app\n}\n", []want{
		w("Duplicate client name", "10:8-10:11", `A client named "c" is already declared at t.hcl:3,1-11.`),
	}},
	{"dup/route", edgeAttr("  route \"r\" {\n    to = tier.app\n  }\n  route \"r\" {\n    to = tier.app\n  }"), []want{
		w("Duplicate route name", "17:9-17:12", `already has a route named "r" at t.hcl:14,3-12`),
	}},
	{"dup/topology", base + "topology \"u\" {}\n", []want{
		w("Duplicate topology block", "10:1-10:13", "already declared at t.hcl:1,1-13"),
	}},
	{"dup/socketio", base + "socketio {}\n", []want{
		w("Duplicate socketio block", "10:1-10:9", "already declared at t.hcl:2,1-9"),
	}},
	{"dup/node", edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\", \"10.0.1.1:80\"]\n  to    = tier.app"), []want{
		w("Duplicate node", "12:11-12:41", `"10.0.1.1:80" is listed twice`),
	}},
	{"missing/everything", "", []want{
		w("Missing topology block", "1:1-1:1"),
		w("Missing socketio block", "1:1-1:1"),
		w("Missing tier blocks", "1:1-1:1"),
		w("Missing client blocks", "1:1-1:1"),
	}},
	{"missing/all but topology", "topology \"t\" {}\n", []want{
		w("Missing socketio block", "1:1-1:1", "socketio { }"),
		w("Missing tier blocks", "1:1-1:1"),
		w("Missing client blocks", "1:1-1:1"),
	}},
	{"missing/socketio", "topology \"t\" {}\n" + base[len("topology \"t\" {}\nsocketio {}\n"):], []want{
		w("Missing socketio block", "1:1-1:1"),
	}},
	{"missing/topology", base[len("topology \"t\" {}\n"):], []want{
		w("Missing topology block", "1:1-1:1", `topology "NAME"`),
	}},

	// Node addresses.
	{"node/no port", nodesSrc(`"10.0.1.1"`), []want{w("Invalid node address", "11:11-11:23", `"10.0.1.1" is not a valid node address: it is not host:port.`, nodeHelp)}},
	{"node/port 0", nodesSrc(`"10.0.1.1:0"`), []want{w("Invalid node address", "11:11-11:25", "the port must be a number from 1 to 65535")}},
	{"node/port 70000", nodesSrc(`"10.0.1.1:70000"`), []want{w("Invalid node address", "11:11-11:29", "the port must be a number from 1 to 65535")}},
	{"node/port with leading zero", nodesSrc(`"10.0.1.1:080"`), []want{w("Invalid node address", "11:11-11:27", "the port must be a number")}},
	{"node/port with sign", nodesSrc(`"10.0.1.1:+80"`), []want{w("Invalid node address", "11:11-11:27", "the port must be a number")}},
	{"node/bad IPv4", nodesSrc(`"300.1.1.1:80"`), []want{w("Invalid node address", "11:11-11:27", "the host is not a valid IPv4 address")}},
	{"node/short IPv4", nodesSrc(`"1.2.3:80"`), []want{w("Invalid node address", "11:11-11:23", "the host is not a valid IPv4 address")}},
	{"node/IPv6 without brackets", nodesSrc(`"2001:db8::1:80"`), []want{w("Invalid node address", "11:11-11:29", "an IPv6 address in brackets")}},
	{"node/IPv6 loopback without brackets", nodesSrc(`"::1:80"`), []want{w("Invalid node address", "11:11-11:21")}},
	{"node/IPv6 zone", nodesSrc(`"[fe80::1%eth0]:80"`), []want{w("Invalid node address", "11:11-11:32", "the part in brackets must be an IPv6 address")}},
	{"node/IPv4 in brackets", nodesSrc(`"[10.0.0.1]:80"`), []want{w("Invalid node address", "11:11-11:28", "the part in brackets must be an IPv6 address")}},
	{"node/semicolon", nodesSrc(`"a;b:80"`), []want{w("Invalid node address", "11:11-11:21", `"a;b:80" is not a valid node address: the host must be an IPv4 address, an IPv6 address in brackets or a DNS name`)}},
	{"node/newline", nodesSrc(`"x\n:80"`), []want{w("Invalid node address", "11:11-11:21", `"x\n:80" is not a valid node address`)}},
	{"node/space", nodesSrc(`"host name:80"`), []want{w("Invalid node address", "11:11-11:27")}},
	{"node/leading hyphen", nodesSrc(`"-a:80"`), []want{w("Invalid node address", "11:11-11:20")}},
	{"node/empty label", nodesSrc(`"a..b:80"`), []want{w("Invalid node address", "11:11-11:22")}},
	{"node/underscore", nodesSrc(`"a_b:80"`), []want{w("Invalid node address", "11:11-11:21")}},
	{"node/trailing colon", nodesSrc(`"10.0.1.1:80:"`), []want{w("Invalid node address", "11:11-11:27", "it is not host:port")}},
	{"node/each bad one reported", nodesSrc(`"10.0.1.1", "10.0.1.2:80", "a;b:80"`), []want{
		w("Invalid node address", "11:11-11:48", `"10.0.1.1"`),
		w("Invalid node address", "11:11-11:48", `"a;b:80"`),
	}},

	// Egress addresses.
	{"egress/prefix too long", edgeAttr(`  egress_addresses = ["10.0.1.0/33"]`), []want{
		w("Invalid egress address", "14:22-14:37", `"10.0.1.0/33" is not an IP address or a CIDR prefix`),
	}},
	{"egress/DNS name", edgeAttr(`  egress_addresses = ["host"]`), []want{w("Invalid egress address", "14:22-14:30", `"host"`)}},
	{"egress/host bits set", edgeAttr(`  egress_addresses = ["10.0.1.1/24"]`), []want{w("Invalid egress address", "14:22-14:37", `"10.0.1.1/24"`)}},
	{"egress/with port", edgeAttr(`  egress_addresses = ["10.0.1.1:80"]`), []want{w("Invalid egress address", "14:22-14:37")}},
	{"egress/semicolon", edgeAttr(`  egress_addresses = ["10.0.1.1;"]`), []want{w("Invalid egress address", "14:22-14:35")}},
	{"egress/zone", edgeAttr(`  egress_addresses = ["fe80::1%eth0"]`), []want{w("Invalid egress address", "14:22-14:38")}},
	{"egress/empty", edgeAttr(`  egress_addresses = []`), []want{w("Empty egress list", "14:22-14:24")}},

	// Strings that could inject into nginx/HAProxy configs.
	{"inject/route path space", routeAttr(`    path = "/a b"`), []want{w("Invalid route path", "16:12-16:18", "no spaces, quotes, braces or semicolons")}},
	{"inject/route path quote", routeAttr(`    path = "/a\"b"`), []want{w("Invalid route path", "16:12-16:19")}},
	{"inject/route path brace", routeAttr(`    path = "/a{b}"`), []want{w("Invalid route path", "16:12-16:19")}},
	{"inject/route path semicolon", routeAttr(`    path = "/a;b"`), []want{w("Invalid route path", "16:12-16:18")}},
	{"inject/route path dollar", routeAttr(`    path = "/$uri"`), []want{w("Invalid route path", "16:12-16:19")}},
	{"inject/route path relative", routeAttr(`    path = "a"`), []want{w("Invalid route path", "16:12-16:15", "must start with '/'")}},
	{"inject/socket.io path space", sioAttr(`  path = "/socket io/"`), []want{w("Invalid socket.io path", "3:10-3:23", "no spaces, quotes, braces, semicolons or wildcards")}},
	{"inject/socket.io path quote", sioAttr(`  path = "/s\"x/"`), []want{w("Invalid socket.io path", "3:10-3:18")}},
	{"inject/socket.io path brace", sioAttr(`  path = "/s{x}/"`), []want{w("Invalid socket.io path", "3:10-3:18")}},
	{"inject/socket.io path semicolon", sioAttr(`  path = "/s;x/"`), []want{w("Invalid socket.io path", "3:10-3:17")}},
	{"inject/socket.io path dollar", sioAttr(`  path = "/$x/"`), []want{w("Invalid socket.io path", "3:10-3:16")}},
	{"inject/socket.io path newline", sioAttr(`  path = "/a\nb/"`), []want{w("Invalid socket.io path", "3:10-3:18")}},
	{"inject/socket.io path wildcard", sioAttr(`  path = "/s*/"`), []want{w("Invalid socket.io path", "3:10-3:16")}},
	{"inject/socket.io path no trailing slash", sioAttr(`  path = "/socket.io"`), []want{w("Invalid socket.io path", "3:10-3:22", "start and end with '/'")}},
	{"inject/socket.io path relative", sioAttr(`  path = "socket.io/"`), []want{w("Invalid socket.io path", "3:10-3:22")}},
	{"inject/related paths", sioAttr(`  related_paths = ["/api/jobs", "/api;x", "api", "/a b"]`), []want{
		w("Invalid related path", "3:19-3:57", `"/api;x" is not a valid HTTP path`),
		w("Invalid related path", "3:19-3:57", `"api"`),
		w("Invalid related path", "3:19-3:57", `"/a b"`),
	}},
	{"inject/cookie_name semicolon", edgeAttr("  balance     = \"cookie\"\n  cookie_name = \"SERVERID;\""), []want{
		w("Invalid cookie name", "15:17-15:28", `"SERVERID;" is not a valid cookie name`),
	}},
	{"inject/route cookie_name space", routeAttr("    balance     = \"cookie\"\n    cookie_name = \"a b\""), []want{
		w("Invalid cookie name", "17:19-17:24"),
	}},
	{"inject/hash_key header space", edgeAttr("  balance  = \"hash\"\n  hash_key = \"header:X Bad\""), []want{
		w("Invalid hash_key", "15:14-15:28", `"X Bad" is not a header name topo renders`),
	}},
	{"inject/hash_key header semicolon", edgeAttr("  balance  = \"hash\"\n  hash_key = \"header:a;b\""), []want{
		w("Invalid hash_key", "15:14-15:26", `"a;b" is not a header name topo renders`),
	}},
	{"inject/hash_key cookie dollar", routeAttr("    balance  = \"hash\"\n    hash_key = \"cookie:a$b\""), []want{
		w("Invalid hash_key", "17:16-17:28", `"a$b" is not a valid cookie name`),
	}},
	{"inject/hash_key empty query", routeAttr("    balance  = \"hash\"\n    hash_key = \"query:\""), []want{
		w("Invalid hash_key", "17:16-17:24", `"" is not a valid query name`),
	}},
	{"inject/query key", routeAttr(`    query = { "a b" = "x" }`), []want{w("Invalid query condition", "16:13-16:28")}},
	{"inject/query value", routeAttr(`    query = { sid = "x;y" }`), []want{w("Invalid query condition", "16:13-16:28", `"sid" = "x;y" is not a valid condition`)}},
	{"inject/query value space", routeAttr(`    query = { transport = "web socket" }`), []want{w("Invalid query condition", "16:13-16:41")}},
	{"inject/query value empty", routeAttr(`    query = { x = "" }`), []want{w("Invalid query condition", "16:13-16:23")}},
	{"inject/header key", routeAttr(`    header = { "x-a;" = "1" }`), []want{w("Invalid header condition", "16:14-16:30")}},
	{"inject/header value CRLF", routeAttr(`    header = { upgrade = "websocket\r\nX: y" }`), []want{w("Invalid header condition", "16:14-16:47")}},
	{"inject/topology name dot", "topology \"a.b\" {}\n" + base[len("topology \"t\" {}\n"):], []want{
		w("Invalid topology name", "1:10-1:15", "start with a letter and use only letters, digits, '_' and '-'"),
	}},
	{"inject/tier name dot", base + "tier \"a.b\" {\n  kind = \"alb\"\n  to   = tier.app\n}\n", []want{w("Invalid tier name", "10:6-10:11", `"a.b" is not a valid name`)}},
	{"inject/tier name slash", base + "tier \"a/b\" {\n  kind = \"alb\"\n  to   = tier.app\n}\n", []want{w("Invalid tier name", "10:6-10:11")}},
	{"inject/tier name newline", base + "tier \"a\\nb\" {\n  kind = \"alb\"\n  to   = tier.app\n}\n", []want{w("Invalid tier name", "10:6-10:12")}},
	{"inject/tier name escaped template", base + "tier \"a$${x}\" {\n  kind = \"alb\"\n  to   = tier.app\n}\n", []want{w("Invalid tier name", "10:6-10:14", `"a${x}"`)}},
	{"inject/client name path", base + "client \"../x\" {\n  entry = tier.app\n}\n", []want{w("Invalid client name", "10:8-10:14")}},
	{"inject/route name dot", edgeAttr("  route \"a.b\" {\n    to = tier.app\n  }"), []want{w("Invalid route name", "14:9-14:14")}},
	{"inject/library", clientAttr(`  library = "x;rm -rf"`), []want{w("Invalid library", "5:13-5:23", "NAME@VERSION")}},
	{"inject/library newline", clientAttr(`  library = "a\nb"`), []want{w("Invalid library", "5:13-5:19")}},
}

// nodesSrc is an nginx tier "edge" whose nodes list is on line 11.
func nodesSrc(list string) string {
	return edgeBody("  nodes = [" + list + "]\n  kind  = \"nginx\"\n  to    = tier.app")
}

func TestDecodeDiagnostics(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range decodeCases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) { checkDiags(t, tc.src, tc.wants) })
	}
}

// TestDecodeWarnings: an unused tier is a warning, and the topology still
// decodes.
func TestDecodeWarnings(t *testing.T) {
	src := base + "tier \"spare\" {\n  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  to    = tier.app\n}\n"
	topo, diags := decode(src)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	if len(diags) != 1 || diags[0].Summary != "Tier not used" || rng(diags[0].Subject) != "10:1-10:13" {
		t.Fatalf("want one \"Tier not used\" warning at 10:1-10:13, got:%s", dump(diags))
	}
	if topo.Tier("spare") == nil {
		t.Errorf("the unused tier is missing from the model")
	}
}

// TestDiagnosticsAlwaysHaveSubjects runs every table case and checks that
// each diagnostic points into the file with a well-formed range, so that
// every output format can place it.
func TestDiagnosticsAlwaysHaveSubjects(t *testing.T) {
	for _, tc := range decodeCases {
		_, diags := decode(tc.src)
		for _, d := range diags {
			if d.Subject == nil {
				t.Errorf("%s: diagnostic %q has no subject", tc.name, d.Summary)
				continue
			}
			s := d.Subject
			if s.Filename != "t.hcl" || s.Start.Line < 1 || s.Start.Column < 1 || s.End.Line < s.Start.Line ||
				(s.End.Line == s.Start.Line && s.End.Column < s.Start.Column) || s.End.Byte < s.Start.Byte {
				t.Errorf("%s: diagnostic %q has a malformed subject %#v", tc.name, d.Summary, s)
			}
			if d.Summary == "" || d.Detail == "" {
				t.Errorf("%s: diagnostic without summary or detail: %q / %q", tc.name, d.Summary, d.Detail)
			}
		}
	}
}

// TestAcceptedForms checks values that must decode: the Terraform-like
// conversions and the forms the spec names.
func TestAcceptedForms(t *testing.T) {
	for name, src := range map[string]string{
		"string bool":            edgeAttr(`  websocket = "true"`),
		"IPv6 node":              nodesSrc(`"[2001:db8::1]:80"`),
		"DNS node":               nodesSrc(`"edge-1.internal.example:8080"`),
		"managed ALB, no nodes":  edgeBody("  kind = \"alb\"\n  to   = tier.app"),
		"catch-all route, no to": edgeBody("  kind  = \"nginx\"\n  nodes = [\"10.0.1.1:80\"]\n  route \"all\" {\n    to = tier.app\n  }"),
		"query and header":       routeAttr("    path   = \"/socket.io/*\"\n    query  = { transport = \"websocket\", sid = \"*\" }\n    header = { Upgrade = \"websocket\" }"),
		"hash on XFF header":     edgeAttr("  balance  = \"hash\"\n  hash_key = \"header:X-Forwarded-For\""),
		"library":                clientAttr(`  library = "socket.io-client-java@2.1"`),
		"share":                  clientAttr(`  share = 0.5`),
		"egress prefix":          edgeAttr(`  egress_addresses = ["10.0.1.0/24", "2001:db8::/32", "192.0.2.7"]`),
		"workers":                appAttr("  workers        = 4\n  sticky_workers = true"),
		"auto balance with key":  edgeAttr("  balance  = \"auto\"\n  hash_key = \"cookie:sticky\""),
	} {
		t.Run(name, func(t *testing.T) {
			if _, diags := decode(src); diags.HasErrors() {
				t.Fatalf("unexpected errors:%s", dump(diags))
			}
		})
	}
}

// TestNormalisedValues checks the values the decoder canonicalises.
func TestNormalisedValues(t *testing.T) {
	topo, diags := decode(edgeAttr("  balance  = \"hash\"\n  hash_key = \"header:X-Session\"\n  egress_addresses = [\"10.0.1.0/24\", \"2001:DB8::1\", \"10.0.1.0/24\"]"))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	edge := topo.Tier("edge")
	if got := edge.Affinity.HashKey.Value; got != (topology.HashKey{Kind: topology.KeyHeader, Name: "x-session"}) {
		t.Errorf("hash key %+v, want header names lower-cased", got)
	}
	if got := fmt.Sprint(edge.EgressAddresses.Value); got != "[10.0.1.0/24 2001:db8::1]" {
		t.Errorf("egress %s, want canonical and de-duplicated [10.0.1.0/24 2001:db8::1]", got)
	}
	topo, diags = decode(edgeAttr("  balance  = \"hash\"\n  hash_key = \"header:X-Forwarded-For\""))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	if got := topo.Tier("edge").Affinity.HashKey.Value; got != (topology.HashKey{Kind: topology.KeyXFF}) {
		t.Errorf("header:X-Forwarded-For decodes to %+v, want the x_forwarded_for key", got)
	}
	topo, diags = decode(routeAttr(`    header = { Upgrade = "websocket" }`))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:%s", dump(diags))
	}
	if got := topo.Tier("edge").Routes[0].Header.Value; len(got) != 1 || got[0].Key != "upgrade" {
		t.Errorf("route header %+v, want the name lower-cased", got)
	}
}
