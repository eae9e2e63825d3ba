package analysis_test

import (
	"testing"

	"github.com/topolint/topo/analysis"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/topolint/topo/topology"
)

// Analysis-level expectations: what the analysis concludes about each
// client's polling session, each hop, related requests and PROXY headers,
// independent of how the rules word it.

// sessionWant is a session as the analysis should see it.
type sessionWant struct {
	Kept bool
	// The break, when !Kept.
	Reason   analysis.Reason
	Hop      string // Hop.Where()
	Requests []analysis.Request
	Culprit  string // tier name, "" for none
	// AnyBreak: the session must break; where and why is not checked.
	AnyBreak bool
}

// hopWant is a hop as the analysis should resolve it.
type hopWant struct {
	Balance     string
	Key         string // HashKey.String(), "" for none
	Consistent  bool
	LoadBearing bool
	// Auto: nil when the hop is not balance = "auto"; else whether topo
	// found a method.
	Auto *bool
}

type analysisCase struct {
	name     string
	hcl      string
	sessions map[string]sessionWant // by client name; clients that do not poll have none
	hops     map[string]hopWant     // by Hop.Where(); hops not named are not checked
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

var analysisCases = []analysisCase{
	{
		name:     "round robin: the session breaks at the hop without affinity",
		hcl:      nginxRoundRobin,
		sessions: map[string]sessionWant{"browser": {Reason: analysis.ReasonFree, Hop: `tier "edge"`}},
		hops:     map[string]hopWant{`tier "edge"`: {Balance: "round_robin"}},
	},
	{
		name:     "hash client_ip consistent keeps the session; its affinity is load-bearing",
		hcl:      nginxHashConsistent,
		sessions: map[string]sessionWant{"browser": {Kept: true}},
		hops:     map[string]hopWant{`tier "edge"`: {Balance: "hash", Key: "client_ip", Consistent: true, LoadBearing: true}},
	},
	{
		// The collapse keeps sessions (everything on one node): the
		// problem is load, which ip-hash-collapse reports.
		name: "spec example: ip_hash behind a one-node SNAT F5 collapses but keeps sessions",
		hcl:  specExample,
		sessions: map[string]sessionWant{
			"browser": {Kept: true},
			"android": {Kept: true},
		},
		hops: map[string]hopWant{`tier "edge"`: {Balance: "ip_hash", LoadBearing: true}},
	},
	{
		name: "F5 preserve: ip_hash sees the clients",
		hcl:  f5Preserve,
		sessions: map[string]sessionWant{
			"browser": {Kept: true},
			"android": {Kept: true},
		},
		hops: map[string]hopWant{
			`tier "f5"`:   {Balance: "round_robin"},
			`tier "edge"`: {Balance: "ip_hash", LoadBearing: true},
		},
	},
	{
		name:     "upgrade routed to a non-sticky route: route split",
		hcl:      albSplitUpgradeNonSticky,
		sessions: map[string]sessionWant{"browser": {Reason: analysis.ReasonRouteSplit, Hop: `route "ws" of tier "alb"`, Requests: []analysis.Request{analysis.Upgrade}}},
	},
	{
		name:     "sid route first: the session stays on the sticky way",
		hcl:      albSplitSidFirst,
		sessions: map[string]sessionWant{"browser": {Kept: true}},
		hops: map[string]hopWant{
			`route "sid" of tier "alb"`: {Balance: "cookie", LoadBearing: true},
			`tier "alb"`:                {Balance: "cookie", LoadBearing: true},
		},
	},
	{
		name:     "ALB cookie and a client without cookies",
		hcl:      albCookieNodeClient,
		sessions: map[string]sessionWant{"loadtest": {Reason: analysis.ReasonCookieless, Hop: `tier "alb"`}},
	},
	{
		name:     "websocket-only client has no polling session",
		hcl:      albCookieWebsocketOnly,
		sessions: map[string]sessionWant{},
		hops:     map[string]hopWant{`tier "alb"`: {Balance: "cookie", LoadBearing: false}},
	},
	{
		name: "front that forwards nothing: the hashed address is the front's, unstable",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.front
}

tier "front" {
  kind      = "nginx"
  nodes     = ["10.0.0.11:80", "10.9.0.12:80"]
  websocket = true
  to        = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {Reason: analysis.ReasonAddressUnstable, Hop: `tier "edge"`, Culprit: "front"}},
	},
	{
		name:     "siblings that order servers differently",
		hcl:      siblingsDiffer,
		sessions: map[string]sessionWant{"browser": {Reason: analysis.ReasonSiblings, Hop: `tier "edge"`}},
	},
	{
		name:     "workers without sticky: breaks at the socketio tier's own hop",
		hcl:      pm2Workers,
		sessions: map[string]sessionWant{"browser": {Reason: analysis.ReasonFree, Hop: `tier "app"`}},
	},
	{
		name:     "dispatcher hands each client one node",
		hcl:      dispatcherSameNode,
		sessions: map[string]sessionWant{"app": {Kept: true}},
	},
	{
		name: "nginx-M ip_hash is not load-bearing, the tier behind it is",
		hcl:  nginxMIPHash,
		sessions: map[string]sessionWant{
			"browser": {Kept: true},
		},
		hops: map[string]hopWant{
			`tier "m"`:  {Balance: "ip_hash", LoadBearing: false},
			`tier "ab"`: {Balance: "hash", Key: "client_ip", Consistent: true, LoadBearing: true},
		},
	},
	{
		name: "auto: none needed at the ALB, hash client_ip at nginx behind it",
		hcl: `
topology "auto" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.alb
}

client "native" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind    = "alb"
  balance = "auto"
  to      = tier.nginx
}

tier "nginx" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "auto"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000", "10.0.2.23:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {Kept: true}, "native": {Kept: true}},
		hops: map[string]hopWant{
			`tier "alb"`:   {Balance: "round_robin", Auto: yes()},
			`tier "nginx"`: {Balance: "hash", Key: "client_ip", Consistent: true, LoadBearing: true, Auto: yes()},
		},
	},
	{
		name: "auto: HAProxy with cookie-keeping clients only picks cookie",
		hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {Kept: true}},
		hops:     map[string]hopWant{`tier "lb"`: {Balance: "cookie", LoadBearing: true, Auto: yes()}},
	},
	{
		name: "auto: HAProxy with a cookieless client picks hash client_ip consistent",
		hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.lb
}

client "android" {
  entry   = tier.lb
  cookies = false
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {Kept: true}, "android": {Kept: true}},
		hops:     map[string]hopWant{`tier "lb"`: {Balance: "hash", Key: "client_ip", Consistent: true, LoadBearing: true, Auto: yes()}},
	},
	{
		name: "auto: websocket-only clients need nothing (least_conn on HAProxy)",
		hcl: `
topology "chat" {}

socketio {}

client "mobile" {
  entry      = tier.lb
  transports = ["websocket"]
}

tier "lb" {
  kind      = "haproxy"
  nodes     = ["10.0.1.11:80", "10.0.1.12:80"]
  balance   = "auto"
  websocket = true
  to        = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{},
		hops:     map[string]hopWant{`tier "lb"`: {Balance: "least_conn", Auto: yes()}},
	},
	{
		name: "auto: ALB alone with a cookieless client finds nothing and falls back",
		hcl: `
topology "chat" {}

socketio {}

client "android" {
  entry   = tier.alb
  cookies = false
}

tier "alb" {
  kind    = "alb"
  balance = "auto"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{"android": {Reason: analysis.ReasonFree, Hop: `tier "alb"`}},
		hops:     map[string]hopWant{`tier "alb"`: {Balance: "round_robin", Auto: no()}},
	},
	{
		// BUG candidate: the ALB duration cookie is AWSALB for every
		// target group, "so with several ALB layers only one layer can
		// use lb_cookie" (A1, sticky-sessions.md:19-20): each layer
		// overwrites the other's cookie and re-picks.
		name: "two ALB layers with lb_cookie share the AWSALB cookie",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.public
}

tier "public" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.internal
}

tier "internal" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {AnyBreak: true}},
	},
	{
		name: "two ALB layers, the inner one with an application cookie",
		hcl: `
topology "chat" {}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.public
}

tier "public" {
  kind    = "alb"
  to      = tier.internal
}

tier "internal" {
  kind        = "alb"
  balance     = "cookie"
  cookie_name = "route"
  to          = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
		sessions: map[string]sessionWant{"browser": {Kept: true}},
		hops: map[string]hopWant{
			`tier "public"`:   {Balance: "round_robin"},
			`tier "internal"`: {Balance: "cookie", LoadBearing: true},
		},
	},
	{
		// BUG candidate (see the ip-hash-collapse case of the same chain):
		// ip_hash keys on 3 octets, and both tier-1 addresses share them,
		// so every request of the session lands on one node (N1).
		name:     "ip_hash behind round-robin proxies of one /24 keeps sessions on one node",
		hcl:      ipHashBehindSlash24,
		sessions: map[string]sessionWant{"browser": {Kept: true}},
	},
}

func TestAnalysisSessionsAndHops(t *testing.T) {
	for _, c := range analysisCases {
		t.Run(c.name, func(t *testing.T) {
			a := analyze(t, c.hcl)
			got := map[string]sessionWant{}
			for _, s := range a.Sessions {
				sw := sessionWant{Kept: s.Kept}
				if s.Kept && s.Break != nil {
					t.Errorf("session of %q is kept but has a Break", s.Client.Name)
				}
				if !s.Kept {
					if s.Break == nil {
						t.Fatalf("session of %q is broken without a Break", s.Client.Name)
					}
					sw.Reason = s.Break.Reason
					sw.Hop = s.Break.Hop.Where()
					sw.Requests = s.Break.Requests
					if s.Break.Culprit != nil {
						sw.Culprit = s.Break.Culprit.Name
					}
				}
				if w, ok := c.sessions[s.Client.Name]; ok && w.AnyBreak && !sw.Kept {
					sw = w
				}
				got[s.Client.Name] = sw
			}
			if diff := cmp.Diff(c.sessions, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
			hops := map[string]*analysis.Hop{}
			for _, h := range a.Hops {
				hops[h.Where()] = h
			}
			for where, hw := range c.hops {
				h := hops[where]
				if h == nil {
					t.Errorf("no hop %s; hops: %v", where, hopNames(a))
					continue
				}
				gw := hopWant{Balance: h.Method.Balance, Key: h.Method.Key.String(), Consistent: h.Method.Consistent, LoadBearing: h.LoadBearing}
				if h.Method.Key.Kind == "" {
					gw.Key = ""
				}
				if h.Auto != nil {
					r := h.Auto.Resolved
					gw.Auto = &r
					if h.Auto.Reason == "" {
						t.Errorf("%s: auto resolution without a reason", where)
					}
					if h.Declared.Balance != topology.Auto {
						t.Errorf("%s: Auto set, but declared %q", where, h.Declared.Balance)
					}
				}
				if diff := cmp.Diff(hw, gw); diff != "" {
					t.Errorf("hop %s (-want +got):\n%s", where, diff)
				}
			}
		})
	}
}

func hopNames(a *analysis.Analysis) []string {
	var out []string
	for _, h := range a.Hops {
		out = append(out, h.Where())
	}
	return out
}

// TestAnalysisHopsOrdered: Analysis.Hops is in tier order, routes in
// declaration order before the tier's default.
func TestAnalysisHopsOrdered(t *testing.T) {
	a := analyze(t, pollingPoolSingle)
	var got []string
	for _, h := range a.Hops {
		got = append(got, h.Where())
	}
	want := []string{`route "sid" of tier "alb"`, `route "ws" of tier "alb"`, `tier "alb"`, `tier "poll"`, `tier "ws"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hops (-want +got):\n%s", diff)
	}
}

// TestAnalysisFlows: which requests each client makes, and the tiers they
// pass (S5: handshake and polls, the upgrade with the sid, websocket-first
// without one).
func TestAnalysisFlows(t *testing.T) {
	type flow struct {
		Client  string
		Request analysis.Request
		Tiers   []string
	}
	a := analyze(t, pollingPoolSingle)
	var got []flow
	for _, f := range a.Flows {
		var tiers []string
		for _, tr := range f.Tiers() {
			tiers = append(tiers, tr.Name)
		}
		if f.End() != f.Tiers()[len(f.Tiers())-1] || !f.End().IsSocketIO() {
			t.Errorf("flow %s/%v does not end on a socketio tier", f.Client.Name, f.Request)
		}
		got = append(got, flow{f.Client.Name, f.Request, tiers})
	}
	want := []flow{
		{"browser", analysis.Handshake, []string{"alb", "poll"}},
		{"browser", analysis.Poll, []string{"alb", "poll"}},
		{"browser", analysis.Upgrade, []string{"alb", "poll"}},
		{"mobile", analysis.WebSocketFirst, []string{"alb", "ws"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flows (-want +got):\n%s", diff)
	}
}

func TestAnalysisRelatedBreaks(t *testing.T) {
	a := analyze(t, relatedRoundRobin)
	if len(a.RelatedBreaks) != 1 {
		t.Fatalf("want 1 related break, got %d", len(a.RelatedBreaks))
	}
	rb := a.RelatedBreaks[0]
	if rb.Client.Name != "browser" || rb.Path != "/api/jobs" || rb.Hop.Where() != `tier "nginx"` || rb.Socket == nil || rb.Socket.Where() != `route "socket" of tier "nginx"` || rb.WebSocketFirst {
		t.Errorf("related break: client %q path %q hop %s socket %v wsFirst %v", rb.Client.Name, rb.Path, rb.Hop.Where(), rb.Socket, rb.WebSocketFirst)
	}
	if b := analyze(t, relatedSameAffinity).RelatedBreaks; len(b) != 0 {
		t.Errorf("same affinity on the API route: want no related break, got %d", len(b))
	}
}

func TestAnalysisProxyMismatches(t *testing.T) {
	type pm struct {
		From, To string
		Sent     bool
	}
	cases := []struct {
		name string
		hcl  string
		want []pm
	}{
		{
			name: "sent, not accepted",
			hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  to                 = tier.edge
}

tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.11:80", "10.0.1.12:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
			want: []pm{{"nlb", "edge", true}},
		},
		{
			name: "sent straight to the socket.io nodes",
			hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.lb
}

tier "lb" {
  kind               = "haproxy"
  layer              = 4
  nodes              = ["10.0.1.11:443", "10.0.1.12:443"]
  balance            = "source_ip"
  consistent         = true
  forwards_client_ip = "proxy_protocol"
  to                 = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
			want: []pm{{"lb", "app", true}},
		},
		{
			name: "expected, not sent",
			hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.f5
}

tier "f5" {
  kind               = "f5"
  layer              = 4
  nodes              = ["203.0.113.10:443", "203.0.113.11:443"]
  forwards_client_ip = "none"
  to                 = tier.edge
}

tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "cookie"
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
			want: []pm{{"f5", "edge", false}},
		},
		{
			// BUG candidate: nobody sends PROXY through a transparent NLB.
			name: "expected behind a transparent NLB, not sent",
			hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind = "nlb"
  to   = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
			want: []pm{{"nlb", "edge", false}},
		},
		{
			name: "sent through a transparent L4 hop and accepted",
			hcl: `
topology "chat" {}

socketio {}

client "browser" {
  entry = tier.nlb
}

tier "nlb" {
  kind               = "nlb"
  forwards_client_ip = "proxy_protocol"
  to                 = tier.lvs
}

tier "lvs" {
  kind  = "lvs"
  nodes = ["10.0.0.11:80", "10.0.0.12:80"]
  to    = tier.edge
}

tier "edge" {
  kind         = "nginx"
  nodes        = ["10.0.1.11:80", "10.0.1.12:80"]
  real_ip_from = "proxy_protocol"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
  to           = tier.app
}

tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.21:3000", "10.0.2.22:3000"]
}
`,
			want: nil,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := analyze(t, c.hcl)
			var got []pm
			for _, m := range a.ProxyMismatches {
				from := ""
				if m.From != nil {
					from = m.From.Name
				}
				got = append(got, pm{from, m.To.Name, m.Sent})
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("PROXY mismatches (-want +got):\n%s", diff)
			}
			if len(c.want) == 0 {
				return
			}
			// Every connection through a PROXY mismatch fails (H5), so no
			// session through it is kept, whatever the hops do.
			t.Run("sessions break", func(t *testing.T) {
				for _, s := range a.Sessions {
					if s.Kept || s.Break == nil || s.Break.Reason != analysis.ReasonProxyMismatch {
						t.Errorf("session of %q: want a break for the PROXY mismatch, got kept=%v break=%+v", s.Client.Name, s.Kept, s.Break)
					}
				}
			})
		})
	}
}

// TestAnalysisProcesses counts socket.io processes over all socketio tiers.
func TestAnalysisProcesses(t *testing.T) {
	for _, c := range []struct {
		name string
		hcl  string
		want int
	}{
		{"3 nodes", nginxRoundRobin, 3},
		{"2 nodes × 4 workers", pm2Workers, 8},
		{"two pools of 1 and 3", pollingPoolSingle, 4},
	} {
		if got := analyze(t, c.hcl).Processes; got != c.want {
			t.Errorf("%s: Processes = %d, want %d", c.name, got, c.want)
		}
	}
}
