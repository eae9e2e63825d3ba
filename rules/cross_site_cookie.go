package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// CrossSiteCookie reports cookie affinity on the polling path of a client
// declared cross_site: a page on another site than the Socket.IO endpoint,
// whose requests carry the endpoint's cookies only as third-party cookies
// (fact C1).
var CrossSiteCookie = &Rule{
	ID:       "cross-site-cookie",
	Severity: finding.Error,
	Summary:  "cookie affinity for a page on another site, whose browser treats the cookie as third-party",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		hops, by := breaksBy(a, func(s *analysis.Session) bool { return s.Break.Reason == analysis.ReasonCrossSite })
		for _, h := range hops {
			ss := by[h]
			what := describe(h.Method)
			if h.Tier.Kind.Value == topology.KindALB && h.Method.Balance == topology.Cookie && h.Method.CookieName == "" {
				what = "the AWSALB cookie (target group stickiness lb_cookie; AWSALBCORS for cross-origin requests)"
			}
			msg := fmt.Sprintf("%s keeps polling sessions together with %s, but %s %s a page on another site than the Socket.IO endpoint (cross_site = true). For that page the cookie is a third-party cookie: Safari blocks those by default, and other browsers send it only when it has SameSite=None and Secure and reaches them over HTTPS. Polls without it are balanced anew and land on a process that never saw their sid (HTTP 400 \"Session ID unknown\"). Fix: serve Socket.IO from the page's own site (a subdomain of it is the same site); or keep affinity on the client address at a tier that can; or make those clients websocket-only (transports = [\"websocket\"]).",
				capital(h.Where()), what, clientList(clientsOf(ss)), isAre(len(ss)))
			var rel []finding.Related
			for _, s := range ss {
				rel = append(rel, finding.Related{Message: "client " + quote(s.Client.Name) + " is cross-site", Range: s.Client.CrossSite.RangeOr(s.Client.DeclRange)})
			}
			out = append(out, onHops(newFinding(h.Tier.Name, keyRange(h), fmt.Sprintf("%s keeps sessions with a cookie that a cross-site page does not send", capital(h.Where())), msg, rel...), h))
		}
		return out
	},
}
