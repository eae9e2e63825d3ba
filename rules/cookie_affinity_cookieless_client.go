package rules

import (
	"fmt"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// CookieAffinityCookielessClient reports cookie affinity on the polling path
// of clients that keep no cookies (facts S7, A1: "To use sticky sessions, the
// client must support cookies"). A declared cookie method that the product
// cannot do (unsupported-feature) keeps no session for anyone, so the
// analysis sees no cookie there; the clients without cookies are reported
// all the same, since fixing the product alone would still leave them
// broken.
var CookieAffinityCookielessClient = &Rule{
	ID:       "cookie-affinity-cookieless-client",
	Severity: finding.Error,
	Summary:  "cookie affinity on a polling path used by a client that keeps no cookies",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		hops, by := breaksBy(a, func(s *analysis.Session) bool {
			b := s.Break
			m := b.Hop.Method
			return b.Reason == analysis.ReasonCookieless ||
				(b.Reason == analysis.ReasonKeyAbsent && m.Balance == topology.Hash && m.Key.Kind == topology.KeyCookie && !s.Client.Cookies.Value)
		})
		// Cookie methods the product cannot do: the clients without
		// cookies whose sessions pass there.
		for _, h := range a.Hops {
			if h.Declared.Balance != topology.Cookie || analysis.Effective(h.Tier, h.Declared) || h.Next == nil || h.Next.NodeCount() < 2 {
				continue
			}
			for _, s := range a.Sessions {
				if s.Kept || s.Client.Cookies.Value || a.SharedSessions() {
					continue
				}
				passes := false
				for _, f := range s.Flows {
					for _, fh := range f.Hops {
						passes = passes || fh == h
					}
				}
				if !passes {
					continue
				}
				if _, ok := by[h]; !ok {
					hops = append(hops, h)
				}
				by[h] = append(by[h], s)
			}
		}
		for _, h := range hops {
			ss := by[h]
			var hints []string
			for _, s := range ss {
				if hint := cookieHint(s.Client); hint != "" {
					hints = append(hints, hint)
				}
			}
			what := describe(h.Method)
			if h.Tier.Kind.Value == topology.KindALB && h.Method.Balance == topology.Cookie && h.Method.CookieName == "" {
				what = "the AWSALB cookie (target group stickiness lb_cookie)"
			}
			msg := fmt.Sprintf("%s keeps polling sessions together with %s, but %s keep%s no cookies: each poll is balanced anew and lands on a process that never saw its sid (HTTP 400 \"Session ID unknown\"). Fix: make those clients websocket-only (transports = [\"websocket\"]) and route websocket-first requests without a sid to a pool that needs no stickiness; or give them a cookie jar%s; or keep affinity on the client address at a tier that can.",
				capital(h.Where()), what, clientList(clientsOf(ss)), sIf(len(ss) == 1), strings.Join(hints, ""))
			var rel []finding.Related
			for _, s := range ss {
				rel = append(rel, finding.Related{Message: "client " + quote(s.Client.Name) + " keeps no cookies", Range: s.Client.Cookies.RangeOr(s.Client.DeclRange)})
			}
			out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), fmt.Sprintf("%s keeps sessions with a cookie that some clients do not keep", capital(h.Where())), msg, rel...), h))
		}
		return out
	},
}

// cookieHint says how a client library gets a cookie jar (fact S7).
func cookieHint(c *topology.Client) string {
	lib := c.Library.Value
	switch {
	case strings.HasPrefix(lib, "socket.io-client-java"):
		return " (socket.io-client-java: an OkHttpClient with a CookieJar as callFactory and webSocketFactory)"
	case strings.HasPrefix(lib, "socket.io-client@"):
		return " (socket.io-client in Node ≥ 4.7: withCredentials: true; ≥ 4.8 also sends cookies on the websocket upgrade)"
	}
	return ""
}
