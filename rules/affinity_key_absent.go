package rules

import (
	"fmt"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// AffinityKeyAbsent reports affinity keyed on something a request of the
// session lacks or that changes between its requests: query:sid and the io
// cookie are missing from the handshake (facts S4, S5; nginx hashes an empty
// key by round robin, N3), and the io cookie never exists unless the server
// sets it (cookie = true).
var AffinityKeyAbsent = &Rule{
	ID:       "affinity-key-absent",
	Severity: finding.Error,
	Summary:  "affinity keyed on something the handshake lacks (query:sid, the io cookie without cookie = true)",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		hops, by := breaksBy(a, func(s *analysis.Session) bool {
			b := s.Break
			m := b.Hop.Method
			cookieless := m.Balance == topology.Hash && m.Key.Kind == topology.KeyCookie && !s.Client.Cookies.Value
			return (b.Reason == analysis.ReasonKeyAbsent && !cookieless) || b.Reason == analysis.ReasonKeyUnstable
		})
		for _, h := range hops {
			ss := by[h]
			msg := fmt.Sprintf("%s keys affinity on %s, %s: the requests of one session of %s land on different processes (HTTP 400 \"Session ID unknown\"). %s",
				capital(h.Where()), keyName(h.Method), whyAbsent(a, h.Method, ss[0].Break, ss), clientList(clientsOf(ss)), keyFix(h))
			out = append(out, onHops(newFinding(h.Tier.Name, keyRange(h), fmt.Sprintf("%s keys affinity on %s, which not every request of a session carries", capital(h.Where()), keyName(h.Method)), msg), h))
		}
		return out
	},
}

func keyName(m analysis.Method) string {
	if m.Balance == topology.Learn {
		return "the sid it learns from the io cookie"
	}
	if m.Balance == topology.Cookie {
		return "the cookie " + quote(m.CookieName)
	}
	return m.Key.String()
}

func whyAbsent(a *analysis.Analysis, m analysis.Method, b *analysis.Break, ss []*analysis.Session) string {
	cookie := a.Topology.SocketIO.Cookie
	switch {
	case analysis.CookiePathLost(b.Hop):
		return fmt.Sprintf("but ingress-nginx sets the cookie's Path to the Ingress path, which route %q rewrites with a regular expression (strip_prefix %q): the browser stores a Path it never matches and sends the cookie back on no request (set session-cookie-path, cookie_path = \"/\")", b.Hop.Route.Name, b.Hop.Route.StripPrefix.Value)
	case m.Balance == topology.Learn:
		return "but the server sets no io cookie (socketio cookie = false; socket.io sends none by default since v3), so no handshake response gives the tier a sid to learn and every request is balanced anew"
	case m.Balance == topology.Cookie && m.CookieName == "" && b.Hop.Tier.Kind.Value == topology.KindALB:
		return "but AWSALB is one cookie name across all target groups, and another ALB layer on the same path also uses duration-based stickiness: each overwrites the other's cookie (give every other layer app_cookie stickiness with cookie_name)"
	case m.Balance == topology.Cookie && m.CookieName != "io":
		return "which does not hold the session on one node here"
	case m.Balance == topology.Cookie || (m.Key.Kind == topology.KeyCookie && m.Key.Name == "io"):
		if !cookie.Value {
			return "but the server sets no io cookie (socketio cookie = false; socket.io sends no cookie by default since v3), so the key is never there"
		}
		return "but the server sets the io cookie in the handshake response, so the handshake itself carries none and is balanced elsewhere"
	case m.Key.Kind == topology.KeyQuery && m.Key.Name == "sid":
		return "but the handshake carries no sid (the server assigns it in the handshake response), so the handshake is balanced by round robin and the next requests hash elsewhere"
	case b.Reason == analysis.ReasonKeyUnstable && m.Key.Kind == topology.KeyXFF && b.Culprit != nil:
		return fmt.Sprintf("but %s in front writes each address into X-Forwarded-For as IP:port, with the client's source port, which changes with every connection: the header differs between the requests of one session (fact K7)", tierRef(b.Culprit))
	case b.Reason == analysis.ReasonKeyUnstable:
		return "which is not the same on every request of one session"
	case m.Key.Kind == topology.KeyHeader:
		return headerAbsent(m.Key.Name, ss)
	}
	return "which " + requestList(b.Requests) + " lack, so they are balanced by round robin"
}

// headerAbsent says which clients lack the header a hop hashes on, and
// why: they do not list it in their headers, or they run in a browser,
// whose WebSocket handshake carries no header the page sets (fact S8).
func headerAbsent(name string, ss []*analysis.Session) string {
	var unlisted, browsers []*topology.Client
	for _, s := range ss {
		switch {
		case !s.Client.SendsHeader(name, false):
			unlisted = append(unlisted, s.Client)
		case !s.Client.SendsHeader(name, true):
			browsers = append(browsers, s.Client)
		}
	}
	var parts []string
	if len(unlisted) > 0 {
		parts = append(parts, fmt.Sprintf("which %s never send%s (it is not in their headers), so all their requests are balanced by round robin", clientList(uniqueClients(unlisted)), sIf(len(uniqueClients(unlisted)) == 1)))
	}
	if len(browsers) > 0 {
		parts = append(parts, fmt.Sprintf("which the WebSocket upgrade of %s lacks: a browser's WebSocket API takes no headers, and socket.io-client's extraHeaders reach only the polling requests there, so the upgrade is balanced by round robin", clientList(uniqueClients(browsers))))
	}
	return strings.Join(parts, "; and ")
}

func keyFix(h *analysis.Hop) string {
	if h.Method.Balance == topology.Learn {
		return "Fix: set cookie = true in the socketio block (the server then sets io=<sid> on the handshake response, which the tier learns); the clients need not keep it."
	}
	if h.Method.Balance == topology.Hash && h.Method.Key.Kind == topology.KeyXFF {
		return "Fix: hash the client address as the realip module reads it from X-Forwarded-For, without the port (real_ip_from = \"x_forwarded_for\", hash_key = \"client_ip\", consistent = true: nginx set_real_ip_from and hash $remote_addr, HAProxy http-request set-src hdr_ip(x-forwarded-for,-1)); or insert a cookie."
	}
	if h.Method.Balance == topology.Hash && h.Method.Key.Kind == topology.KeyHeader {
		return "Fix: key on a query parameter instead (socket.io-client's query option is sent on every request, the WebSocket upgrade included): hash_key = \"query:NAME\" with consistent = true; or on the client address (hash_key = \"client_ip\")."
	}
	if analysis.CookieInsertion(h.Tier) {
		return "Fix: key on something every request has from the handshake on: balance = \"cookie\" (an inserted cookie), or hash_key = \"client_ip\" with consistent = true."
	}
	return "Fix: key on something every request has from the handshake on, such as hash_key = \"client_ip\" with consistent = true."
}
