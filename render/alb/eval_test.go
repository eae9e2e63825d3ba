package alb

import (
	"net/textproto"
	"net/url"
	"testing"

	"github.com/topolint/topo/analysis"
)

// landing is where a request must end: a target group, whether it is sticky,
// and the rule priority that sends it there (0: the default action).
type landing struct {
	tg       string
	sticky   bool
	priority int32
}

func TestALBRulesRouteEngineIORequests(t *testing.T) {
	sticky := func(tg string, prio int32) landing { return landing{tg, true, prio} }
	free := func(tg string, prio int32) landing { return landing{tg, false, prio} }
	want := map[string]map[string]landing{
		"alb-browsers-and-native": {
			"handshake":       sticky("alb-app-sticky", 0),
			"poll":            sticky("alb-app-sticky", 10),
			"upgrade":         sticky("alb-app-sticky", 10),
			"websocket-first": free("alb-app-free", 20),
			"related":         sticky("alb-app-sticky", 0),
		},
		"auto-related": {
			"handshake":       sticky("alb-app-sticky", 0),
			"poll":            sticky("alb-app-sticky", 0),
			"upgrade":         sticky("alb-app-sticky", 0),
			"websocket-first": sticky("alb-app-sticky", 0),
			"related":         sticky("alb-app-sticky", 0),
		},
		"behind-nginx": {
			"handshake":       sticky("alb-edge-sticky", 0),
			"poll":            sticky("alb-edge-sticky", 10),
			"upgrade":         sticky("alb-edge-sticky", 10),
			"websocket-first": free("alb-edge-free", 20),
			"related":         sticky("alb-edge-sticky", 0),
		},
		"routes": {
			"handshake":       sticky("alb-app-sticky", 0),
			"poll":            sticky("alb-app-sticky", 10),
			"upgrade":         sticky("alb-app-sticky", 10),
			"websocket-first": free("alb-app-free", 20),
			"related":         sticky("alb-app-sticky", 0),
		},
	}
	// The requests as socket.io-client 4 sends them (fact S5).
	reqs := map[string]Request{
		"handshake": {Path: "/socket.io/", Query: url.Values{"EIO": {"4"}, "transport": {"polling"}, "t": {"PZ9e1Ab"}}},
		"poll":      {Path: "/socket.io/", Query: url.Values{"EIO": {"4"}, "transport": {"polling"}, "t": {"PZ9e1Cd"}, "sid": {"lv_VI97HAXpY6yYWAAAC"}}},
		"upgrade": {Path: "/socket.io/", Query: url.Values{"EIO": {"4"}, "transport": {"websocket"}, "sid": {"lv_VI97HAXpY6yYWAAAC"}},
			Header: textproto.MIMEHeader{"Upgrade": {"websocket"}, "Connection": {"Upgrade"}}},
		"websocket-first": {Path: "/socket.io/", Query: url.Values{"EIO": {"4"}, "transport": {"websocket"}},
			Header: textproto.MIMEHeader{"Upgrade": {"websocket"}, "Connection": {"Upgrade"}}},
		"related": {Path: "/api/jobs/42", Header: textproto.MIMEHeader{"Cookie": {"AWSALB=x"}}},
	}
	seen := map[string]bool{}
	for _, fx := range fixtures(t) {
		w, ok := want[fx.name]
		if !ok {
			continue // TestALBRulesFollowAnalysisFlows covers it
		}
		seen[fx.name] = true
		p := plans(t, fx)[0]
		for name, req := range reqs {
			tg, prio, err := p.Route(req)
			if err != nil {
				t.Errorf("%s %s: %v", fx.name, name, err)
				continue
			}
			g := p.TargetGroup(tg)
			if g == nil {
				t.Errorf("%s %s: target group %q is not in the plan", fx.name, name, tg)
				continue
			}
			on, _ := g.Sticky()
			if got := (landing{tg, on, prio}); got != w[name] {
				t.Errorf("%s: %s (%s) lands in %+v, want %+v", fx.name, name, req, got, w[name])
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("expectations for %s, which is not a fixture", name)
		}
	}
}

// TestALBRulesFollowAnalysisFlows routes the requests of every flow of the
// analysis and checks that the requests of a polling session share one
// target group, a sticky one when the plan has stickiness at all (a plan
// without, such as examples/auto.hcl, leaves the sessions to the tier
// behind the ALB).
func TestALBRulesFollowAnalysisFlows(t *testing.T) {
	for _, fx := range fixtures(t) {
		res := load(t, fx.path)
		p := plans(t, fx)[0]
		anySticky := false
		for i := range p.TargetGroups {
			on, _ := p.TargetGroups[i].Sticky()
			anySticky = anySticky || on
		}
		for _, s := range res.Analysis.Sessions {
			groups := map[string]bool{}
			for _, f := range s.Flows {
				tg, _, err := p.Route(EngineRequest(f.Request, f.Path))
				if err != nil {
					t.Fatal(err)
				}
				groups[tg] = true
				if on, _ := p.TargetGroup(tg).Sticky(); !on && anySticky {
					t.Errorf("%s: %s of client %q lands in %s, which is not sticky", fx.name, f.Request, s.Client.Name, tg)
				}
			}
			if len(groups) != 1 {
				t.Errorf("%s: the session of client %q spreads over %v", fx.name, s.Client.Name, groups)
			}
		}
		for _, f := range res.Analysis.Flows {
			if f.Request != analysis.WebSocketFirst {
				continue
			}
			if _, _, err := p.Route(EngineRequest(f.Request, f.Path)); err != nil {
				t.Errorf("%s: %v", fx.name, err)
			}
		}
	}
}

func TestALBGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		fold bool
		want bool
	}{
		{"/socket.io/*", "/socket.io/", false, true},
		{"/socket.io/*", "/socket.io/x/y", false, true},
		{"/socket.io/*", "/Socket.io/", false, false},
		{"/socket.io/*", "/socket.io", false, false},
		{"/a?c", "/abc", false, true},
		{"/a?c", "/ac", false, false},
		{"*", "", true, true},
		{"WebSocket", "websocket", true, true},
		{"web*", "WEBSOCKET", true, true},
		{`a\*`, "a*", false, true},
		{`a\*`, "ab", false, false},
		{"*a*b", "xxaYYb", false, true},
		{"*a*b", "xxaYYc", false, false},
	} {
		if got := glob(c.p, c.s, c.fold); got != c.want {
			t.Errorf("glob(%q, %q, %v) = %v, want %v", c.p, c.s, c.fold, got, c.want)
		}
	}
}

func TestALBEngineRequestShapes(t *testing.T) {
	hs := EngineRequest(analysis.Handshake, "/socket.io/")
	if hs.Query.Get("transport") != "polling" || hs.Query.Has("sid") || hs.Header.Get("Upgrade") != "" {
		t.Errorf("handshake %s", hs)
	}
	up := EngineRequest(analysis.Upgrade, "/socket.io/")
	if up.Query.Get("transport") != "websocket" || !up.Query.Has("sid") || up.Header.Get("Upgrade") != "websocket" {
		t.Errorf("upgrade %s", up)
	}
	rel := EngineRequest(analysis.Related, "/api/*/jobs")
	if rel.Path != "/api/x/jobs" || len(rel.Query) != 0 {
		t.Errorf("related %s", rel)
	}
}
