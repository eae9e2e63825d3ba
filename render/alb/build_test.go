package alb

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

// buildSrc decodes and analyses src (lint findings are not checked: Build
// must stand on its own) and builds its plans.
func buildSrc(t *testing.T, src string) ([]*Plan, error) {
	t.Helper()
	res := lint.Sources(lint.Options{}, topology.Source{Name: "t.hcl", Bytes: []byte(src)})
	if !res.Decoded() {
		t.Fatalf("does not decode: %v", res.Diagnostics)
	}
	return Build(res.Analysis, Options{TopoVersion: "test", Source: "t.hcl"})
}

const head = `
topology "t" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.alb
}
`

func TestALBBuildRefusesWhatAnALBCannotDo(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"dns targets": {head + `
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["app1.internal:3000", "10.0.0.2:3000"]
}`, `node "app1.internal:3000" is a DNS name`},
		"mixed families": {head + `
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["[2001:db8::1]:3000", "10.0.0.2:3000"]
}`, "mixes IPv4 and IPv6"},
		"reserved cookie": {head + `
tier "alb" {
  kind        = "alb"
  balance     = "cookie"
  cookie_name = "AWSALBAPP-1"
  to          = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`, "reserves for its own cookies"},
		"hash at the alb": {head + `
tier "alb" {
  kind       = "alb"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  to         = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`, "an ALB keeps affinity only with cookies"},
		"too many match values": {head + `
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
  route "busy" {
    path   = "/socket.io/*"
    query  = { a = "1", b = "2", c = "3" }
    header = { x-one = "1", x-two = "2" }
    to     = tier.app
  }
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`, "6 match values; an ALB rule takes at most 5"},
		"heartbeat above the ALB maximum": {`
topology "t" {}
socketio {
  adapter       = "redis"
  ping_interval = "1h"
  ping_timeout  = "1h"
}
client "browser" {
  entry = tier.alb
}
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`, "an ALB allows at most 4000s"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := buildSrc(t, c.src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if !strings.Contains(err.Error(), `tier "alb": an ALB cannot express it`) {
				t.Errorf("error %q does not name the tier", err)
			}
		})
	}
}

func TestALBBuildIPv6Targets(t *testing.T) {
	ps, err := buildSrc(t, head+`
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["[2001:db8::1]:3000", "[2001:db8::2]:3000"]
}`)
	if err != nil {
		t.Fatal(err)
	}
	tg := ps[0].TargetGroups[0]
	if tg.Create.IpAddressType != types.TargetGroupIpAddressTypeEnumIpv6 || *tg.Targets[0].Id != "2001:db8::1" {
		t.Errorf("target group %+v, targets %v", tg.Create, *tg.Targets[0].Id)
	}
}

// A balance without affinity that the user wrote is honoured: one group
// without stickiness and no rules (here the sessions are shared by the
// cluster engine).
func TestALBBuildHonoursWrittenFreeBalance(t *testing.T) {
	ps, err := buildSrc(t, `
topology "t" {}
socketio {
  adapter = "redis"
  engine  = "cluster-engine"
}
client "browser" {
  entry = tier.alb
}
tier "alb" {
  kind    = "alb"
  balance = "least_conn"
  to      = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`)
	if err != nil {
		t.Fatal(err)
	}
	p := ps[0]
	if len(p.TargetGroups) != 1 || len(p.Rules) != 0 {
		t.Fatalf("%d target groups, %d rules; want 1 and 0", len(p.TargetGroups), len(p.Rules))
	}
	tg := p.TargetGroups[0]
	if on, _ := tg.Sticky(); on || tg.Attribute("load_balancing.algorithm.type") != "least_outstanding_requests" || tg.Name != "alb-app-free" {
		t.Errorf("target group %s: sticky %v, algorithm %s", tg.Name, on, tg.Attribute("load_balancing.algorithm.type"))
	}
}

// An unconditional route is the listener's default; routes after it are
// never used and not rendered.
func TestALBBuildCatchAllRouteIsDefault(t *testing.T) {
	ps, err := buildSrc(t, head+`
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  route "ws" {
    query   = { transport = "websocket" }
    header  = { upgrade = "websocket" }
    balance = "round_robin"
    to      = tier.app
  }
  route "all" {
    path = "/*"
    to   = tier.app
  }
  route "never" {
    path = "/api/*"
    to   = tier.app
  }
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`)
	if err != nil {
		t.Fatal(err)
	}
	p := ps[0]
	if len(p.Rules) != 1 || *p.Rules[0].Priority != 10 {
		t.Fatalf("rules %+v", p.Rules)
	}
	tg, prio, err := p.Route(EngineRequest(0, "/socket.io/"))
	if err != nil || prio != 0 || tg != "alb-app-sticky" {
		t.Errorf("handshake → %s (rule %d, %v), want the default alb-app-sticky", tg, prio, err)
	}
	found := false
	for _, n := range p.Notes {
		found = found || strings.Contains(n.Text, `Route "never" comes after the unconditional route "all"`)
	}
	if !found {
		t.Errorf("no note about the unreachable route: %+v", p.Notes)
	}
}

func TestALBTargetGroupNames(t *testing.T) {
	for _, c := range []struct{ base, suffix string }{
		{"alb-app", "-sticky"},
		{"a-very-long-load-balancer-tier-name-app-servers", "-sticky"},
		{"internal-lb-app", "-free"},
		{"under_score-app", "-free-2"},
	} {
		n := tgName(c.base, c.suffix)
		if len(n) > 32 || strings.HasPrefix(n, "-") || strings.HasPrefix(strings.ToLower(n), "internal-") || !strings.HasSuffix(n, c.suffix) {
			t.Errorf("tgName(%q, %q) = %q", c.base, c.suffix, n)
		}
		for _, r := range n {
			if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				t.Errorf("tgName(%q) = %q holds %q", c.base, n, r)
			}
		}
		if tgName(c.base, c.suffix) != n {
			t.Errorf("tgName(%q) is not deterministic", c.base)
		}
	}
	if a, b := tgName("a-very-long-load-balancer-tier-name-app-servers-1", "-sticky"), tgName("a-very-long-load-balancer-tier-name-app-servers-2", "-sticky"); a == b {
		t.Errorf("two long names collide: %s", a)
	}
}

func TestALBSuggestedIdleTimeout(t *testing.T) {
	ps, err := buildSrc(t, head+`
tier "alb" {
  kind         = "alb"
  balance      = "cookie"
  idle_timeout = "80s"
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := ps[0].IdleTimeout(); got != 80 {
		t.Errorf("idle timeout %d, want the declared 80 (above 45s + margin = 75)", got)
	}
}

// Two ALB layers on one path: AWSALB is one cookie name across all target
// groups, so the plan does not add duration-based stickiness at the second
// layer on its own; and the first cannot target a managed load balancer.
func TestALBBuildTwoALBLayers(t *testing.T) {
	src := head + `
tier "alb" {
  kind    = "alb"
  balance = "cookie"
  to      = tier.inner
}
tier "inner" {
  kind = "alb"
  to   = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.0.1:3000", "10.0.0.2:3000"]
}`
	if _, err := buildSrc(t, src); err == nil || !strings.Contains(err.Error(), `tier "inner" declares no nodes`) {
		t.Errorf("alb → alb: %v", err)
	}
	res := lint.Sources(lint.Options{}, topology.Source{Name: "t.hcl", Bytes: []byte(src)})
	p, err := BuildTier(res.Analysis, res.Topology.Tier("inner"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if on, _ := p.TargetGroups[0].Sticky(); on || len(p.Rules) != 0 {
		t.Errorf("inner ALB: sticky %v, %d rules; want no stickiness and no rules", on, len(p.Rules))
	}
}

func TestALBGlobIsLinear(t *testing.T) {
	p := strings.Repeat("*a", 40) + "b"
	s := strings.Repeat("a", 4000)
	done := make(chan bool)
	go func() { done <- glob(p, s, true) }()
	select {
	case got := <-done:
		if got {
			t.Error("matched")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("glob did not finish within 2s")
	}
}
