package analysis

import (
	"fmt"
	"time"

	"github.com/topolint/topo/topology"
)

// Unsupported returns why tier t's product cannot use method m, or "".
// Sources: ALB stickiness is lb_cookie or app_cookie only, NLB source_ip only
// (AWS target group attributes); nginx `sticky` is in open-source nginx since
// 1.29.6 and ip_hash has no consistent variant (nginx upstream module docs);
// Classic ELB sticks by cookie on HTTP listeners only; LVS schedules by
// round robin, least connections or source hashing (sh, mh).
func Unsupported(t *topology.Tier, m Method) string {
	b := m.Balance
	if b == "" || b == topology.Auto || b == StickyWorkers {
		return ""
	}
	if b == topology.Learn {
		return unsupportedLearn(t)
	}
	switch t.Kind.Value {
	case topology.KindALB:
		switch b {
		case topology.IPHash, topology.SourceIP, topology.Hash:
			return "an ALB keeps affinity only with cookies (target group stickiness lb_cookie or app_cookie); it has no source-IP or hash affinity"
		}
	case topology.KindNLB:
		switch b {
		case topology.Cookie, topology.Hash, topology.IPHash:
			return "an NLB keeps affinity only on the source address (target group stickiness source_ip)"
		}
	case topology.KindELB:
		if b == topology.Hash || b == topology.IPHash || b == topology.SourceIP {
			return "a Classic ELB keeps affinity only with cookies on HTTP listeners"
		}
		if b == topology.Cookie && t.IsL4() {
			return "a Classic ELB TCP listener cannot set or read cookies"
		}
	case topology.KindLVS:
		switch b {
		case topology.Cookie, topology.Hash, topology.Random:
			return "LVS schedules by round robin, least connections or source hashing (sh, mh) only"
		}
	case topology.KindNginx:
		if b == topology.Cookie && !t.Version.Value.AtLeast(1, 29, 6) {
			v := "an unknown version"
			if t.Version.Set {
				v = "version " + t.Version.Value.Raw
			}
			return fmt.Sprintf("cookie affinity needs the `sticky` directive, which open-source nginx has since 1.29.6; this tier declares %s (set version to 1.29.6 or later, or use balance = \"hash\")", v)
		}
		if b == topology.IPHash && m.Consistent {
			return "nginx ip_hash has no consistent variant; use balance = \"hash\" with hash_key = \"client_ip\" and consistent = true"
		}
		if b == topology.Hash && (m.Key.Kind == topology.KeyCookie || m.Key.Kind == topology.KeyQuery) && !nginxVarName(m.Key.Name) {
			return fmt.Sprintf("nginx reads a %s in a variable ($%s_NAME) whose name holds only letters, digits and '_', so it cannot hash on %q; rename it, or hash on something else", m.Key.Kind, map[string]string{topology.KeyCookie: "cookie", topology.KeyQuery: "arg"}[m.Key.Kind], m.Key.Name)
		}
		if t.IsL4() && (b == topology.IPHash || b == topology.Cookie) {
			return "an nginx stream (layer 4) upstream balances by hash $remote_addr, round robin, least_conn or random only"
		}
	case topology.KindSLB:
		if !t.IsL4() && b == topology.Hash && m.Consistent {
			return "Alibaba SLB does not support consistent hashing on layer 7 listeners"
		}
	default:
		return unsupportedAdded(t, m)
	}
	return ""
}

// unsupportedLearn says why tier t cannot learn the sid (balance =
// "learn"), or "": HAProxy stick tables at layer 7 (fact H16), nginx sticky
// learn from 1.29.6 (fact N4), whose state the workers of one nginx share
// and other nodes do not.
func unsupportedLearn(t *topology.Tier) string {
	switch {
	case t.IsL4():
		return "learning the sid needs the HTTP requests and responses: a layer 7 tier"
	case t.Kind.Value == topology.KindHAProxy:
		return ""
	case t.Kind.Value == topology.KindNginx:
		if !t.Version.Value.AtLeast(1, 29, 6) {
			v := "an unknown version"
			if t.Version.Set {
				v = "version " + t.Version.Value.Raw
			}
			return fmt.Sprintf("learned stickiness needs `sticky learn`, which open-source nginx has since 1.29.6; this tier declares %s", v)
		}
		if t.SharedTable.Value {
			return "nginx shares what sticky learn learns between the workers of one node (zone), not between nodes (zone_sync is NGINX Plus only): remove shared_table"
		}
		return ""
	}
	return "topo knows learned stickiness as HAProxy stick tables and nginx sticky learn; " + t.Kind.Value + " keeps affinity otherwise"
}

// unsupportedAdded is Unsupported for the kinds topo added to the
// specification's list (facts K1-K6).
func unsupportedAdded(t *topology.Tier, m Method) string {
	b := m.Balance
	key := m.Key.Kind
	switch t.Kind.Value {
	case topology.KindCloudflare:
		switch {
		case b == topology.IPHash:
			return "Cloudflare Load Balancing keeps affinity by cookie (session_affinity \"cookie\", or \"ip_cookie\": a cookie that starts from the client address) or by header; use balance = \"cookie\""
		case b == topology.Hash && key != topology.KeyHeader:
			return "Cloudflare Load Balancing hashes only on a header (session_affinity \"header\")"
		}
	case topology.KindGCPLB:
		switch {
		case b == topology.IPHash:
			return "a Google Cloud backend service keeps client-address affinity as sessionAffinity CLIENT_IP: use balance = \"source_ip\""
		case b == topology.Hash && key == topology.KeyQuery:
			return "a Google Cloud backend service hashes on the client address, a header (HEADER_FIELD) or a cookie (HTTP_COOKIE), not on a query parameter"
		}
	case topology.KindK8sService:
		switch {
		case b == topology.Cookie || b == topology.Hash || b == topology.IPHash:
			return "a Kubernetes Service keeps affinity only on the client address (sessionAffinity: ClientIP, balance = \"source_ip\")"
		case b == topology.SourceIP && m.Consistent:
			return "kube-proxy's ClientIP affinity is a table of recent clients on each node, not a consistent hash: remove consistent"
		}
	case topology.KindIngressNginx:
		switch {
		case b == topology.IPHash || b == topology.SourceIP:
			return "ingress-nginx hashes the client address with the annotation upstream-hash-by: \"$remote_addr\": use balance = \"hash\", hash_key = \"client_ip\", consistent = true"
		case b == topology.LeastConn || b == topology.Random:
			return "ingress-nginx balances by round_robin or ewma (the load-balance setting)"
		case b == topology.Hash && !m.Consistent:
			return "ingress-nginx's upstream-hash-by is always a consistent hash: declare consistent = true"
		}
	case topology.KindEnvoy:
		switch {
		case b == topology.IPHash:
			return "Envoy hashes the client address with a hash_policy on connection_properties source_ip: use balance = \"source_ip\" with consistent = true"
		case m.Hashed() && !m.Consistent:
			return "Envoy hashes with ring_hash or maglev, both consistent: declare consistent = true"
		}
	case topology.KindTraefik:
		switch b {
		case topology.RoundRobin, topology.Cookie:
		default:
			return "Traefik balances by weighted round robin, with affinity by a sticky cookie only"
		}
	case topology.KindAzureAppGW:
		switch b {
		case topology.RoundRobin, topology.Cookie:
		default:
			return "Azure Application Gateway balances by round robin, with affinity by its cookie (cookie-based affinity, ApplicationGatewayAffinity) only"
		}
	}
	return ""
}

// UnsupportedForwarding returns why tier t cannot hand on or learn the client
// address the way it declares, or "".
func UnsupportedForwarding(t *topology.Tier) (attr string, why string) {
	fwd, rip := t.ForwardsClientIP.Value, t.RealIPFrom.Value
	switch t.Kind.Value {
	case topology.KindALB:
		if fwd == topology.ForwardProxyProtocol {
			return "forwards_client_ip", "an ALB cannot send the PROXY protocol; it adds X-Forwarded-For"
		}
		if rip == topology.ForwardProxyProtocol {
			return "real_ip_from", "an ALB does not accept the PROXY protocol from clients"
		}
	case topology.KindNginx:
		if !t.IsL4() && fwd == topology.ForwardProxyProtocol {
			return "forwards_client_ip", "nginx sends the PROXY protocol only from a stream (layer 4) proxy; an http proxy forwards X-Forwarded-For"
		}
	}
	return "", ""
}

// CookieInsertion reports whether tier t can insert an affinity cookie.
func CookieInsertion(t *topology.Tier) bool {
	if t.IsL4() {
		return false
	}
	return Unsupported(t, Method{Balance: topology.Cookie}) == ""
}

// AddressMethod is the method topo chooses for affinity on the client
// address at tier t, or false when the product has none.
func AddressMethod(t *topology.Tier) (Method, bool) {
	switch t.Kind.Value {
	case topology.KindALB, topology.KindELB, topology.KindCloudflare, topology.KindTraefik, topology.KindAzureAppGW:
		return Method{}, false
	case topology.KindNLB, topology.KindK8sService, topology.KindGCPLB:
		return Method{Balance: topology.SourceIP}, true
	case topology.KindEnvoy:
		return Method{Balance: topology.SourceIP, Consistent: true}, true
	case topology.KindLVS:
		return Method{Balance: topology.SourceIP, Consistent: true}, true
	}
	if t.IsL4() {
		return Method{Balance: topology.SourceIP, Consistent: true}, true
	}
	return Method{Balance: topology.Hash, Key: topology.HashKey{Kind: topology.KeyClientIP}, Consistent: true}, true
}

// NLB idle timeouts (fact A7): a TCP listener's is 350 s unless changed,
// from 60 s to 6000 s; a TLS listener's is 350 s and cannot be changed.
const (
	NLBIdleTimeout    = 350 * time.Second
	MinNLBIdleTimeout = 60 * time.Second
	MaxNLBIdleTimeout = 6000 * time.Second
)

// UnsupportedNLBIdleTimeout returns why an NLB tier cannot have its
// declared idle timeout, or "".
func UnsupportedNLBIdleTimeout(t *topology.Tier) string {
	if t.Kind.Value != topology.KindNLB || !t.IdleTimeout.Set {
		return ""
	}
	v := t.IdleTimeout.Value
	switch {
	case t.TLS.Value == "terminate" && v != NLBIdleTimeout:
		return fmt.Sprintf("the idle timeout of an NLB TLS listener is %s and cannot be changed; declare idle_timeout = \"350s\" (or none), or use a TCP listener that passes TLS through (tls = \"passthrough\"), whose tcp.idle_timeout.seconds goes from 60 to 6000", NLBIdleTimeout)
	case v < MinNLBIdleTimeout || v > MaxNLBIdleTimeout:
		return fmt.Sprintf("an NLB TCP listener's idle timeout (tcp.idle_timeout.seconds) goes from %s to %s", MinNLBIdleTimeout, MaxNLBIdleTimeout)
	}
	return ""
}

// MaxALBIdleTimeout is the longest idle timeout an ALB takes
// (idle_timeout.timeout_seconds 1-4000, fact S3).
const MaxALBIdleTimeout = 4000 * time.Second

// nginxVarName reports whether name can follow $cookie_ or $arg_ in an
// nginx variable: letters, digits and '_' only.
func nginxVarName(name string) bool {
	for _, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return name != ""
}

// UnsupportedTLS returns why topo cannot render tier t's TLS as declared,
// and the attribute it is about, or "". topo renders TLS termination at a
// layer 7 nginx or HAProxy tier (and lets an ALB's listener do it), plain
// HTTP from a rendered proxy to the next tier, and HAProxy reading the key
// from the certificate or from the certificate's name with ".key" added.
func UnsupportedTLS(t *topology.Tier) (attr, why string) {
	kind := t.Kind.Value
	rendered := kind == topology.KindNginx || kind == topology.KindHAProxy
	if t.TLS.Value == "terminate" && rendered && t.IsL4() {
		return "tls", "topo renders TLS termination at layer 7 only; terminate it at a layer 7 tier, or pass it through (tls = \"passthrough\")"
	}
	if t.TLS.Value == "terminate" && kind == topology.KindHAProxy && t.TLSKey.Set {
		cert := t.TLSCertificate.Value
		if cert == "" {
			cert = t.Name + ".pem"
		}
		if k := t.TLSKey.Value; k != cert && k != cert+".key" {
			return "tls_key", fmt.Sprintf("HAProxy reads the private key from the certificate file or from %q next to it", cert+".key")
		}
	}
	if rendered && !t.IsL4() {
		for _, n := range t.Next() {
			if n.TLS.Value == "terminate" && !n.IsSocketIO() {
				return "to", fmt.Sprintf("tier %q terminates TLS, and topo renders plain HTTP from this tier to the next; terminate TLS here instead, or declare tier %q at layer 4 with tls = \"passthrough\"", n.Name, n.Name)
			}
		}
	}
	return "", ""
}

// UnrenderableNext returns the next tier of tier t that has no nodes while t
// is a proxy topo renders (nginx, HAProxy), or nil: the rendered upstream
// needs the addresses to proxy to, and a managed load balancer (nlb, alb,
// elb) may be declared without them.
func UnrenderableNext(t *topology.Tier) *topology.Tier {
	if t.Kind.Value != topology.KindNginx && t.Kind.Value != topology.KindHAProxy {
		return nil
	}
	for _, n := range t.Next() {
		if len(n.Nodes.Value) == 0 {
			return n
		}
	}
	return nil
}
