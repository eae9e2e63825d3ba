package topology

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// defaultLayer is each kind's layer when `layer` is not written.
var defaultLayer = map[string]int{
	KindNginx: 7, KindHAProxy: 7, KindALB: 7, KindNLB: 4, KindELB: 7, KindF5: 7,
	KindLVS: 4, KindSLB: 4, KindDispatcher: 7, KindSocketIO: 7,
	KindCloudflare: 7, KindGCPLB: 7, KindK8sService: 4, KindIngressNginx: 7, KindEnvoy: 7, KindTraefik: 7, KindAzureAppGW: 7,
}

// allowedLayers lists the layers each kind can work at.
var allowedLayers = map[string][]int{
	KindNginx: {4, 7}, KindHAProxy: {4, 7}, KindALB: {7}, KindNLB: {4}, KindELB: {4, 7}, KindF5: {4, 7},
	KindLVS: {4}, KindSLB: {4, 7}, KindDispatcher: {7}, KindSocketIO: {7},
	KindCloudflare: {4, 7}, KindGCPLB: {4, 7}, KindK8sService: {4}, KindIngressNginx: {4, 7}, KindEnvoy: {4, 7}, KindTraefik: {4, 7}, KindAzureAppGW: {7},
}

// DefaultIdleTimeout is the idle timeout a kind has when nobody configured it;
// zero means no limit is set or none is documented. Sources: nginx
// proxy_read_timeout 60s and stream proxy_timeout 10m; ALB 60s; NLB 350s;
// Classic ELB 60s; HAProxy has none unless configured; Cloudflare 100 s
// (fact K1); a Google Cloud backend service 30 s, for a WebSocket its whole
// life (fact K2); ingress-nginx proxy-read-timeout 60 s (fact K4); Envoy's
// route timeout 15 s, which bounds every request, a long poll included
// (fact K5); Traefik and kube-proxy none.
func DefaultIdleTimeout(kind string, layer int) time.Duration {
	switch kind {
	case KindCloudflare:
		if layer == 7 {
			return 100 * time.Second
		}
	case KindGCPLB:
		if layer == 7 {
			return 30 * time.Second
		}
	case KindAzureAppGW:
		// The backend setting's request timeout: 20 s as the portal
		// proposes it (the CLI and PowerShell write 30 s); both are below
		// the default heartbeat (fact K7).
		return 20 * time.Second
	case KindIngressNginx:
		if layer == 7 {
			return 60 * time.Second
		}
		return 10 * time.Minute
	case KindEnvoy:
		if layer == 7 {
			return 15 * time.Second
		}
		return time.Hour
	case KindNginx:
		if layer == 4 {
			return 10 * time.Minute
		}
		return 60 * time.Second
	case KindALB, KindELB:
		return 60 * time.Second
	case KindNLB:
		return 350 * time.Second
	}
	return 0
}

// DefaultDrainTimeout is how long a reload of a kind keeps the old
// processes' open connections when nobody configured it: nginx and HAProxy
// until the last one closes (no worker_shutdown_timeout, no
// hard-stop-after: 0); ingress-nginx 240 s (worker-shutdown-timeout, fact
// K4); Envoy 600 s (--drain-time-s, fact K5).
func DefaultDrainTimeout(kind string) time.Duration {
	switch kind {
	case KindIngressNginx:
		return 240 * time.Second
	case KindEnvoy:
		return 600 * time.Second
	}
	return 0
}

// DefaultForwards is how a kind hands the client address on by default.
func DefaultForwards(kind string, layer int) string {
	switch kind {
	case KindALB:
		return ForwardXFF
	case KindELB:
		// A Classic ELB TCP listener passes neither X-Forwarded-For nor the
		// source address (only PROXY protocol, when enabled, carries it).
		if layer == 7 {
			return ForwardXFF
		}
		return ForwardNone
	case KindSLB:
		if layer == 7 {
			return ForwardXFF
		}
		return ForwardPreserve
	case KindNLB, KindLVS:
		return ForwardPreserve
	case KindAzureAppGW:
		// X-Forwarded-For, each entry as IP:port (fact K7).
		return ForwardXFF
	case KindCloudflare, KindGCPLB, KindIngressNginx, KindTraefik:
		// Cloudflare adds CF-Connecting-IP and X-Forwarded-For (fact K1), a
		// Google Cloud load balancer X-Forwarded-For (K2), ingress-nginx and
		// Traefik X-Forwarded-For (K4, K6); at layer 4 they pass TCP on.
		if layer == 7 {
			return ForwardXFF
		}
		return ForwardNone
	case KindK8sService:
		// kube-proxy DNATs to the pod and keeps the source address, unless
		// it also SNATs (NodePort or LoadBalancer traffic with
		// externalTrafficPolicy: Cluster): then declare "none" (fact K3).
		return ForwardPreserve
	}
	return ForwardNone
}

func (d *decoder) decodeTier(t *Topology, tier *Tier, b *hcl.Block) {
	c := d.content(b, tierSchema)
	a := c.Attributes
	tier.Kind = d.enum(a, "kind", "", "a tier kind", kinds)
	if _, ok := a["kind"]; !ok {
		d.errorf(b.DefRange, "Missing kind", "The tier %q needs `kind`: one of %s.", tier.Name, quoteList(kinds))
	}
	kind := tier.Kind.Value
	if kind == "" {
		// The kind was missing or invalid and is reported; keep decoding
		// with neutral defaults so that other problems are found too.
		kind = KindNginx
	}
	tier.Layer = d.integer(a, "layer", defaultLayer[kind], 4, 7)
	if tier.Layer.Set && tier.Layer.Value != 4 && tier.Layer.Value != 7 {
		d.errorf(a["layer"].Expr.Range(), "Invalid layer", "layer is 4 (TCP) or 7 (HTTP).")
		tier.Layer.Value = defaultLayer[kind]
	} else if tier.Layer.Set && !containsInt(allowedLayers[kind], tier.Layer.Value) {
		d.errorf(a["layer"].Expr.Range(), "Invalid layer for kind",
			"A tier of kind %q works at layer %d only. Remove `layer` or choose another kind.", kind, allowedLayers[kind][0])
		tier.Layer.Value = defaultLayer[kind]
	}
	tier.Version = d.version(a, "version", Version{})
	d.decodeNodes(tier, a, b)
	tier.Affinity = d.affinity(a, defaultBalance(kind))
	tier.WebSocket = d.boolean(a, "websocket", DefaultWebSocket(kind, tier.Layer.Value))
	tier.ForwardsClientIP = d.enum(a, "forwards_client_ip", DefaultForwards(kind, tier.Layer.Value), "a way to forward the client address", forwards)
	if tier.ForwardsClientIP.Set && tier.ForwardsClientIP.Value == ForwardPreserve && tier.Layer.Value == 7 {
		d.errorf(a["forwards_client_ip"].Expr.Range(), "Invalid forwards_client_ip for layer 7",
			"\"preserve\" means the tier passes TCP connections with the client's source address (layer 4). A layer 7 tier opens its own connections; use \"x_forwarded_for\" or \"proxy_protocol\".")
	}
	d.decodeEgress(tier, a)
	tier.RealIPFrom = d.enum(a, "real_ip_from", RealIPPeer, "a source of the client address", realIPFroms)
	tier.IdleTimeout = d.duration(a, "idle_timeout", DefaultIdleTimeout(kind, tier.Layer.Value), MaxIdleTimeout)
	tier.TLS = d.enum(a, "tls", "none", "a TLS mode", tlsModes)
	if tier.TLS.Value == "passthrough" && tier.Layer.Value == 7 {
		d.errorf(a["tls"].Expr.Range(), "TLS passthrough at layer 7",
			"A layer 7 tier reads HTTP, so it cannot pass TLS through untouched. Use tls = \"terminate\", or declare layer = 4.")
	}
	for _, name := range []string{"tls_certificate", "tls_key"} {
		v := d.str(a, name, "")
		if !v.Set {
			continue
		}
		switch {
		case !filePathRe.MatchString(v.Value) || strings.Contains(v.Value, ".."):
			d.errorf(a[name].Expr.Range(), "Invalid file path",
				"%q is not a file path topo renders: letters, digits and / . _ ~ + -, without spaces or \"..\".", v.Value)
		case tier.TLS.Value != "terminate":
			d.errorf(a[name].Expr.Range(), name+" without TLS termination",
				"%s names the certificate files of a tier that terminates TLS; declare tls = \"terminate\" on tier %q, or remove it.", name, tier.Name)
		}
		if name == "tls_certificate" {
			tier.TLSCertificate = v
		} else {
			tier.TLSKey = v
		}
	}
	tier.RedirectHTTPPort = d.integer(a, "redirect_http_port", 0, 1, 65535)
	if p := tier.RedirectHTTPPort; p.Set {
		rng := a["redirect_http_port"].Expr.Range()
		switch {
		case tier.TLS.Value != "terminate":
			d.errorf(rng, "redirect_http_port without TLS termination",
				"redirect_http_port adds a plain HTTP port that redirects to the tier's TLS port; declare tls = \"terminate\" on tier %q, or remove it.", tier.Name)
		case (kind != KindNginx && kind != KindHAProxy) || tier.Layer.Value != 7:
			d.errorf(rng, "redirect_http_port on a tier topo does not render",
				"topo renders the HTTP to HTTPS redirect for nginx and haproxy tiers at layer 7; tier %q is %s at layer %d. Remove it, and redirect where that product is configured.", tier.Name, kind, tier.Layer.Value)
		default:
			for _, n := range tier.Nodes.Value {
				if n.Port == p.Value {
					d.errorf(rng, "redirect_http_port is a node's port",
						"Node %q already listens on port %d for TLS; choose another port for plain HTTP (usually 80).", n.Address, p.Value)
					break
				}
			}
		}
	}
	// A proxy needs more connections than it has listening sockets
	// (nginx refuses worker_connections 1), and topo renders at most
	// 2^20 per nginx worker.
	tier.MaxConnections = d.integer(a, "max_connections", 0, 2, 1<<20)
	tier.BackendMaxConnections = d.integer(a, "backend_max_connections", 0, 1, 1<<20)
	if attr, ok := a["backend_max_connections"]; ok && kind != KindNginx && kind != KindHAProxy {
		d.errorf(attr.NameRange, "backend_max_connections on a tier topo does not model",
			"backend_max_connections is nginx's max_conns= and HAProxy's server maxconn; tier %q is %s. Remove it.", tier.Name, kind)
	}
	// HAProxy refuses a factor from 1 to 100 ("must be 0 or greater than
	// 100"); 0 is the default, off.
	tier.HashBalanceFactor = d.integer(a, "hash_balance_factor", 0, 101, 10000)
	if attr, ok := a["hash_balance_factor"]; ok {
		switch {
		case kind != KindHAProxy:
			d.errorf(attr.NameRange, "hash_balance_factor is HAProxy's",
				"hash_balance_factor is HAProxy's hash-balance-factor (bounded-load consistent hashing); tier %q is %s. Remove it.", tier.Name, kind)
		case !tier.Affinity.Consistent.Value:
			d.errorf(attr.NameRange, "hash_balance_factor without consistent hashing",
				"HAProxy applies hash-balance-factor to consistent hashing only (hash-type consistent); declare consistent = true on tier %q, or remove it.", tier.Name)
		}
	}
	tier.HashPreserveAffinity = d.enum(a, "hash_preserve_affinity", PreserveAlways, "a hash-preserve-affinity value", []string{PreserveAlways, PreserveMaxConn, PreserveMaxQueue})
	if attr, ok := a["hash_preserve_affinity"]; ok && kind != KindHAProxy {
		d.errorf(attr.NameRange, "hash_preserve_affinity is HAProxy's",
			"hash_preserve_affinity is HAProxy's hash-preserve-affinity (from 3.2); tier %q is %s. Remove it.", tier.Name, kind)
	}
	tier.BackendProtocol = d.enum(a, "backend_protocol", ProtocolHTTP1, "a backend protocol", []string{ProtocolHTTP1, ProtocolH2})
	if attr, ok := a["backend_protocol"]; ok && tier.BackendProtocol.Value == ProtocolH2 && (kind != KindHAProxy || tier.Layer.Value != 7) {
		d.errorf(attr.NameRange, "backend_protocol = \"h2\" on a tier topo does not model",
			"topo models HTTP/2 to the next tier for haproxy tiers at layer 7 (server proto h2); tier %q is %s at layer %d. Remove it.", tier.Name, kind, tier.Layer.Value)
	}
	tier.DrainTimeout = d.duration(a, "drain_timeout", DefaultDrainTimeout(kind), MaxIdleTimeout)
	if attr, ok := a["drain_timeout"]; ok {
		switch kind {
		case KindNginx, KindHAProxy, KindIngressNginx, KindEnvoy:
		default:
			d.errorf(attr.NameRange, "drain_timeout on a tier topo does not model",
				"drain_timeout is how long a reload of nginx, haproxy, ingress-nginx or envoy keeps the old processes' connections; tier %q is %s. Remove it.", tier.Name, kind)
		}
	}
	tier.AffinityMode = d.enum(a, "affinity_mode", "", "an affinity mode", []string{AffinityBalanced, AffinityPersistent})
	if attr, ok := a["affinity_mode"]; ok && kind != KindIngressNginx {
		d.errorf(attr.NameRange, "affinity_mode is ingress-nginx's",
			"affinity_mode is ingress-nginx's affinity-mode annotation; tier %q is %s. Remove it.", tier.Name, kind)
	}
	if kind == KindIngressNginx && !tier.AffinityMode.Set {
		tier.AffinityMode.Value = AffinityBalanced
	}
	tier.SharedTable = d.boolean(a, "shared_table", false)
	tier.SharedTablePort = d.integer(a, "shared_table_port", DefaultSharedTablePort, 1, 65535)
	if p := tier.SharedTablePort; p.Set {
		rng := a["shared_table_port"].Expr.Range()
		if !tier.SharedTable.Value {
			d.errorf(rng, "shared_table_port without shared_table", "shared_table_port is where the nodes of tier %q sync a shared learned table; declare shared_table = true, or remove it.", tier.Name)
		}
	}
	if tier.SharedTable.Value {
		for _, n := range tier.Nodes.Value {
			if n.Port == tier.SharedTablePort.Value {
				d.errorf(tier.SharedTable.Range, "shared_table_port is a node's port",
					"Node %q listens on port %d, where the nodes would also sync their learned table; set shared_table_port to another port.", n.Address, n.Port)
				break
			}
		}
	}
	tier.Workers = d.integer(a, "workers", 1, 1, 4096)
	tier.StickyWorkers = d.boolean(a, "sticky_workers", false)
	for _, n := range []string{"workers", "sticky_workers"} {
		if attr, ok := a[n]; ok && kind != KindSocketIO {
			d.errorf(attr.NameRange, "Attribute only for socketio tiers",
				"%q describes the socket.io processes of one node; it applies to tiers of kind \"socketio\" only. Remove it.", n)
		}
	}
	tier.ServerOrder = d.enum(a, "server_order", ServerOrderSame, "a server order", orders)
	tier.To = d.reference(t, a, "to")

	names := map[string]*Route{}
	for _, rb := range c.Blocks {
		r := d.decodeRoute(t, tier, rb)
		if prev, ok := names[r.Name]; ok {
			d.errorf(rb.LabelRanges[0], "Duplicate route name",
				"The tier %q already has a route named %q at %s. Route names must be unique within a tier.", tier.Name, r.Name, prev.DeclRange)
			continue
		}
		names[r.Name] = r
		r.Index = len(tier.Routes)
		tier.Routes = append(tier.Routes, r)
	}

	if attr, ok := a["shared_table"]; ok && tier.SharedTable.Value {
		learns := tier.Affinity.Balance.Value == Learn
		for _, r := range tier.Routes {
			learns = learns || r.Affinity.Balance.Value == Learn
		}
		if !learns {
			d.errorf(attr.NameRange, "shared_table without balance = \"learn\"",
				"shared_table says that the nodes of tier %q share what balance = \"learn\" learns; set balance = \"learn\" on the tier or a route, or remove it.", tier.Name)
		}
	}

	if kind == KindSocketIO {
		for _, n := range []string{"balance", "hash_key", "consistent", "cookie_name", "shared_table", "forwards_client_ip", "websocket", "server_order", "egress_addresses", "real_ip_from"} {
			if attr, ok := a[n]; ok {
				d.errorf(attr.NameRange, "Attribute not for socketio tiers",
					"%q describes how a proxy picks or feeds the next tier; a socketio tier is the end of the chain. Remove it (balancing between the processes of one node is `sticky_workers`).", n)
			}
		}
		if tier.To.Set {
			d.errorf(tier.To.Range, "socketio tier with a next tier",
				"A socketio tier is the end of the chain: the socket.io processes. Remove `to`, or change the kind if this tier is a proxy.")
		}
		if len(tier.Routes) > 0 {
			d.errorf(tier.Routes[0].DeclRange, "socketio tier with routes",
				"A socketio tier is the end of the chain and routes nothing. Move the routes to the proxy tier in front.")
		}
	}
}

func containsInt(list []int, x int) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// DefaultWebSocket is whether a tier of kind passes the WebSocket upgrade
// when nobody configured it (the specification's `websocket` default): an
// ALB passes it natively (fact A4, "ALB natively supports WebSockets"), and
// so does HAProxy in HTTP mode (it forwards the Upgrade handshake and
// switches to tunnel mode, fact H3); nginx needs the Upgrade and Connection
// headers set (fact N5) and an F5 a WebSocket profile (fact F1). A layer 4
// hop always passes it, whatever this says.
func DefaultWebSocket(kind string, layer int) bool {
	switch kind {
	case KindALB, KindCloudflare, KindGCPLB, KindIngressNginx, KindTraefik, KindAzureAppGW:
		// Cloudflare, Google Cloud load balancers, Traefik and Azure
		// Application Gateway (always, fact K7) pass WebSockets natively; ingress-nginx's template always sets Upgrade and
		// Connection (facts K1, K2, K4, K6).
		return true
	case KindHAProxy:
		return layer == 7
	}
	// Envoy passes an upgrade only with upgrade_configs (fact K5).
	return false
}

func defaultBalance(kind string) string {
	if kind == KindLVS {
		return LeastConn
	}
	return RoundRobin
}

func (d *decoder) decodeNodes(tier *Tier, a hcl.Attributes, b *hcl.Block) {
	l, attr := d.strings(a, "nodes", []string{})
	tier.Nodes = Attr[[]Node]{Value: []Node{}, Range: l.Range, Set: l.Set}
	if attr == nil {
		if _, written := a["nodes"]; !written && !tier.Managed() && tier.Kind.Value != "" {
			d.errorf(b.DefRange, "Missing nodes",
				"The tier %q needs `nodes`: where each instance listens, such as [\"10.0.1.11:80\", \"10.0.1.12:80\"].", tier.Name)
		}
		return
	}
	if len(l.Value) == 0 {
		d.errorf(attr.Expr.Range(), "Empty node list", "List at least one node as \"host:port\".")
		return
	}
	seen := map[string]bool{}
	for _, s := range l.Value {
		n, problem := parseNode(s)
		if problem != "" {
			d.errorf(attr.Expr.Range(), "Invalid node address",
				"%q is not a valid node address: %s. Write \"host:port\" with an IPv4 address, an IPv6 address in brackets or a DNS name, such as \"10.0.1.11:80\".", s, problem)
			continue
		}
		if seen[n.Address] {
			d.errorf(attr.Expr.Range(), "Duplicate node", "%q is listed twice. Each node listens on its own address.", s)
			continue
		}
		seen[n.Address] = true
		tier.Nodes.Value = append(tier.Nodes.Value, n)
	}
}

func (d *decoder) decodeEgress(tier *Tier, a hcl.Attributes) {
	l, attr := d.strings(a, "egress_addresses", nil)
	if attr == nil {
		def := []string{}
		seen := map[string]bool{}
		for _, n := range tier.Nodes.Value {
			if e, ok := validEgress(n.Host); ok && !seen[e] {
				seen[e] = true
				def = append(def, e)
			}
		}
		tier.EgressAddresses = Attr[[]string]{Value: def}
		return
	}
	out := []string{}
	for _, s := range l.Value {
		e, ok := validEgress(s)
		if !ok {
			d.errorf(attr.Expr.Range(), "Invalid egress address",
				"%q is not an IP address or a CIDR prefix (such as \"10.0.1.11\" or \"10.0.1.0/24\"). Egress addresses are what the next tier trusts for the client address.", s)
			continue
		}
		if !containsStr(out, e) {
			out = append(out, e)
		}
	}
	if len(l.Value) == 0 {
		d.errorf(attr.Expr.Range(), "Empty egress list", "List at least one address or prefix, or remove the attribute to use the nodes' addresses.")
	}
	tier.EgressAddresses = Attr[[]string]{Value: out, Range: l.Range, Set: true}
}

func containsStr(list []string, s string) bool { return contains(list, s) }

// affinity decodes balance, hash_key, consistent and cookie_name, on a tier
// (def is the kind's default method) or on a route (def is "").
func (d *decoder) affinity(a hcl.Attributes, def string) Affinity {
	var af Affinity
	af.Balance = d.enum(a, "balance", def, "a balance method", balances)
	af.Consistent = d.boolean(a, "consistent", false)
	af.CookieName = d.str(a, "cookie_name", "")
	if af.CookieName.Set && !tokenRe.MatchString(af.CookieName.Value) {
		d.errorf(a["cookie_name"].Expr.Range(), "Invalid cookie name",
			"%q is not a valid cookie name: use letters, digits, '.', '_' and '-' (at most 64 characters).", af.CookieName.Value)
		af.CookieName = Attr[string]{}
	}
	key := d.str(a, "hash_key", "")
	if key.Set {
		k, problem := parseHashKey(key.Value)
		if problem != "" {
			d.errorf(a["hash_key"].Expr.Range(), "Invalid hash_key", "%q is not a hash key: %s. Valid keys: %s.", key.Value, problem, quoteList(hashKinds))
		} else {
			af.HashKey = Attr[HashKey]{Value: k, Range: key.Range, Set: true}
		}
	}
	balance := af.Balance.Value
	if af.Balance.Set && balance == Hash && !key.Set {
		d.errorf(a["balance"].Range, "Missing hash_key",
			"balance = \"hash\" needs `hash_key`: one of %s. For affinity on the client address write hash_key = \"client_ip\" with consistent = true.", quoteList(hashKinds))
	}
	if key.Set && balance != Hash && balance != Auto {
		d.errorf(a["hash_key"].NameRange, "hash_key without balance = \"hash\"",
			"hash_key only applies with balance = \"hash\". Set balance = \"hash\" or remove hash_key.")
	}
	if af.Consistent.Set && af.Consistent.Value && balance != Hash && balance != IPHash && balance != SourceIP && balance != Auto {
		d.errorf(a["consistent"].NameRange, "consistent without a hash method",
			"consistent applies to balance = \"hash\", \"ip_hash\" or \"source_ip\". Remove it or change the method.")
	}
	if af.CookieName.Set && balance != Cookie && balance != Auto {
		d.errorf(a["cookie_name"].NameRange, "cookie_name without balance = \"cookie\"",
			"cookie_name only applies with balance = \"cookie\". Set balance = \"cookie\" or remove cookie_name.")
	}
	return af
}

// parseHashKey reads client_ip, x_forwarded_for, header:NAME, cookie:NAME or
// query:NAME.
func parseHashKey(s string) (HashKey, string) {
	switch s {
	case KeyClientIP, KeyXFF:
		return HashKey{Kind: s}, ""
	}
	kind, name, ok := strings.Cut(s, ":")
	if !ok {
		if hint := suggest(s, []string{KeyClientIP, KeyXFF}); hint != "" {
			return HashKey{}, "unknown key (" + strings.TrimSpace(hint) + ")"
		}
		return HashKey{}, "unknown key"
	}
	switch kind {
	case KeyHeader, KeyCookie, KeyQuery:
	default:
		return HashKey{}, fmt.Sprintf("unknown key kind %q", kind)
	}
	if kind == KeyHeader && !headerRe.MatchString(name) {
		return HashKey{}, fmt.Sprintf("%q is not a header name topo renders: letters, digits and '-' (nginx drops headers with '_' by default)", name)
	}
	if !tokenRe.MatchString(name) {
		return HashKey{}, fmt.Sprintf("%q is not a valid %s name (letters, digits, '.', '_' and '-')", name, kind)
	}
	if kind == KeyHeader {
		name = strings.ToLower(name)
		if name == "x-forwarded-for" {
			return HashKey{Kind: KeyXFF}, ""
		}
	}
	return HashKey{Kind: kind, Name: name}, ""
}

func (d *decoder) decodeRoute(t *Topology, tier *Tier, b *hcl.Block) *Route {
	c := d.content(b, routeSchema)
	a := c.Attributes
	d.label(b, "route")
	r := &Route{Name: b.Labels[0], DeclRange: b.DefRange, Tier: tier}
	r.Path = d.str(a, "path", "")
	if r.Path.Set && !pathRe.MatchString(r.Path.Value) {
		d.errorf(a["path"].Expr.Range(), "Invalid route path",
			"%q is not a valid path pattern: it must start with '/' and use only letters, digits, '/', '*' (wildcard) and . _ ~ - (no spaces, quotes, braces or semicolons).", r.Path.Value)
	}
	var attr *hcl.Attribute
	r.Query, attr = d.stringMap(a, "query")
	for _, kv := range r.Query.Value {
		if !tokenRe.MatchString(kv.Key) || (kv.Value != "*" && !valueRe.MatchString(kv.Value)) {
			d.errorf(attr.Expr.Range(), "Invalid query condition",
				"%q = %q is not a valid condition: names use letters, digits, '.', '_' and '-'; values are \"*\" (present) or letters, digits and . _ ~ / + -.", kv.Key, kv.Value)
		}
	}
	r.Header, attr = d.stringMap(a, "header")
	for i, kv := range r.Header.Value {
		if !headerRe.MatchString(kv.Key) || (kv.Value != "*" && !valueRe.MatchString(kv.Value)) {
			d.errorf(attr.Expr.Range(), "Invalid header condition",
				"%q = %q is not a valid condition: header names use letters, digits and '-' (nginx drops headers with '_' by default); values are \"*\" (present) or letters, digits and . _ ~ / + -.", kv.Key, kv.Value)
		}
		r.Header.Value[i].Key = strings.ToLower(kv.Key)
	}
	r.To = d.reference(t, a, "to")
	if _, ok := a["to"]; !ok {
		d.errorf(b.DefRange, "Missing to", "The route %q needs `to = tier.NAME`: the tier it sends matching requests to.", r.Name)
	}
	r.Affinity = d.affinity(a, "")
	for _, name := range []string{"strip_prefix", "cookie_path"} {
		v := d.str(a, name, "")
		if !v.Set {
			continue
		}
		if !pathRe.MatchString(v.Value) || strings.Contains(v.Value, "*") || (v.Value == "/" && name == "strip_prefix") {
			d.errorf(a[name].Expr.Range(), "Invalid "+strings.ReplaceAll(name, "_", " "),
				"%q is not a path prefix: it must start with '/', hold more than '/', and use only letters, digits and / . _ ~ - (no wildcards), such as \"/chat\".", v.Value)
			continue
		}
		if name == "strip_prefix" {
			switch tier.Kind.Value {
			case KindALB, KindELB, KindF5, KindSLB, KindDispatcher:
				d.errorf(a[name].NameRange, "strip_prefix on a tier topo does not model",
					"topo follows path rewrites at nginx, haproxy, ingress-nginx, traefik, envoy, cloudflare and gcp-lb tiers; tier %q is %s. Strip the prefix at a tier behind it, or remove it.", tier.Name, tier.Kind.Value)
				continue
			}
			r.StripPrefix = v
		} else {
			r.CookiePath = v
		}
	}
	if r.CookiePath.Set && r.Effective().Balance.Value != Cookie {
		d.errorf(a["cookie_path"].NameRange, "cookie_path without cookie affinity",
			"cookie_path is the Path of the affinity cookie the tier inserts; set balance = \"cookie\" on the route or the tier, or remove it.")
	}
	return r
}

// CatchAll reports whether the route matches every request.
func (r *Route) CatchAll() bool {
	p := r.Path.Value
	return len(r.Query.Value) == 0 && len(r.Header.Value) == 0 && (p == "" || p == "*" || p == "/*")
}

// Effective returns the route's affinity with the tier's values where the
// route does not override them.
func (r *Route) Effective() Affinity {
	af := r.Affinity
	if !af.Balance.Set {
		return r.Tier.Affinity
	}
	return af
}
