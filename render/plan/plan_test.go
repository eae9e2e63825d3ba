package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/internal/topotest"
	"github.com/topolint/topo/render/alb"
	"github.com/topolint/topo/render/nginx"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/rules"
	"github.com/topolint/topo/topology"
)

func analyze(t *testing.T, src string) *analysis.Analysis { return topotest.Analyze(t, src) }

// chain is an ALB in front of an nginx tier in front of two socket.io nodes:
// both proxy tiers write an idle timeout, from one decision.
func chain(socketio, idle string) string {
	return `topology "t" {}
socketio {
  adapter = "redis"
` + socketio + `
}
client "browser" {
  entry = tier.alb
}
tier "alb" {
  kind             = "alb"
  balance          = "cookie"
  egress_addresses = ["10.0.0.0/24"]
` + idle + `
  to               = tier.edge
}
tier "edge" {
  kind         = "nginx"
  version      = "1.30.0"
  nodes        = ["10.0.1.1:80", "10.0.1.2:80"]
  real_ip_from = "x_forwarded_for"
  balance      = "hash"
  hash_key     = "client_ip"
  consistent   = true
  websocket    = true
` + idle + `
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000", "10.0.2.2:3000"]
}
`
}

// timeouts renders the chain for nginx and the ALB and returns the idle
// timeout each writes.
func timeouts(t *testing.T, a *analysis.Analysis) (nginxRead time.Duration, albSecs int) {
	t.Helper()
	p := plan.Build(a, plan.Options{Source: "t.hcl", TopoVersion: "test"})
	edge := p.OfKind(topology.KindNginx)[0]
	np, err := nginx.FromPlan(p, edge, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range np.HTTP.Locations {
		if l.ReadTimeout != 0 {
			nginxRead = l.ReadTimeout
		}
	}
	ap, err := alb.FromPlan(p, "alb")
	if err != nil {
		t.Fatal(err)
	}
	return nginxRead, ap.IdleTimeout()
}

// Regression: nginx and the ALB computed the idle timeout in two places with
// two roundings. A heartbeat of 45.5s gave nginx 75s (below heartbeat + 30s)
// and the ALB 90s; a declared 60s above a 45s heartbeat stayed 60s for nginx
// and was raised to 75s for the ALB without a word.
func TestIdleTimeoutOneDecisionForEveryTarget(t *testing.T) {
	for _, c := range []struct {
		name, socketio, idle string
		want                 time.Duration
		raised               bool
	}{
		{"fractional heartbeat rounds up", `ping_interval = "25500ms"`, ``, 90 * time.Second, false},
		{"declared above the heartbeat is kept", ``, `idle_timeout = "60s"`, 60 * time.Second, false},
		{"declared below the heartbeat is raised", ``, `idle_timeout = "30s"`, 75 * time.Second, true},
		{"default", ``, ``, 75 * time.Second, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := analyze(t, chain(c.socketio, c.idle))
			n, secs := timeouts(t, a)
			if n != c.want || time.Duration(secs)*time.Second != c.want {
				t.Errorf("nginx proxy_read_timeout %s, ALB idle timeout %ds; want both %s", n, secs, c.want)
			}
			for _, pt := range plan.Build(a, plan.Options{}).Tiers {
				if pt.Timeout.Raised != c.raised {
					t.Errorf("tier %s: Raised = %t, want %t", pt.Name, pt.Timeout.Raised, c.raised)
				}
			}
			// Lint suggests the value render writes.
			if c.raised {
				found := false
				for _, f := range rules.Run(a) {
					if f.Rule == "idle-timeout-below-heartbeat" {
						found = true
						if !strings.Contains(f.Message, `"`+strings.TrimSuffix(c.want.String(), "0s")) {
							t.Errorf("lint suggests another value than %s: %s", c.want, f.Message)
						}
					}
				}
				if !found {
					t.Error("lint did not report the timeout below the heartbeat")
				}
			}
		})
	}
	if got := analysis.SuggestTimeout(45500 * time.Millisecond); got != 90*time.Second {
		t.Errorf("SuggestTimeout(45.5s) = %s, want 90s", got)
	}
}

// Ways that reach one next tier with one method share a backend; another
// method to the same tier gets a qualified name, and the socket way is the
// first route whose path covers the socket.io path.
func TestWaysAndBackends(t *testing.T) {
	a := analyze(t, `topology "t" {}
socketio {
  adapter       = "redis"
  related_paths = ["/api/jobs"]
}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind       = "nginx"
  nodes      = ["10.0.1.1:80"]
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
  route "api" {
    path    = "/api/*"
    to      = tier.app
  }
  route "static" {
    path    = "/static/*"
    balance = "round_robin"
    to      = tier.app
  }
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000", "10.0.2.2:3000"]
}
`)
	p := plan.Build(a, plan.Options{})
	edge := p.OfKind(topology.KindNginx)[0]
	var got []string
	for _, w := range edge.Ways {
		name := "default"
		if w.Route != nil {
			name = w.Route.Name
		}
		got = append(got, name+">"+w.Backend.Name)
	}
	if strings.Join(got, " ") != "api>app static>app-static default>app" {
		t.Errorf("ways: %v", got)
	}
	if len(edge.Backends) != 2 || edge.Backends[0].Servers[1] != "10.0.2.2:3000" {
		t.Errorf("backends: %+v", edge.Backends)
	}
	if edge.Socket != 2 || !edge.Ways[2].Socket || edge.Ways[0].Socket {
		t.Errorf("socket way %d", edge.Socket)
	}
	if !edge.Ways[0].Related || edge.Ways[1].Related {
		t.Errorf("related: api %t, static %t", edge.Ways[0].Related, edge.Ways[1].Related)
	}
	if !edge.Ways[2].Polls || !edge.Ways[2].WebSocket || edge.Ways[0].Polls {
		t.Errorf("traffic of the default way: polls %t websocket %t; api polls %t", edge.Ways[2].Polls, edge.Ways[2].WebSocket, edge.Ways[0].Polls)
	}
}

// The trusted addresses are decided once; a tier in front without egress
// addresses, or clients connecting directly, leave an error that only the
// targets needing the list return.
func TestClientAddressTrust(t *testing.T) {
	a := analyze(t, `topology "t" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.front
}
tier "front" {
  kind               = "nginx"
  nodes              = ["10.0.1.1:80"]
  real_ip_from       = "x_forwarded_for"
  forwards_client_ip = "x_forwarded_for"
  egress_addresses   = ["10.0.1.0/24"]
  websocket          = true
  to                 = tier.edge
}
tier "edge" {
  kind         = "haproxy"
  nodes        = ["10.0.3.1:80"]
  real_ip_from = "x_forwarded_for"
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`)
	p := plan.Build(a, plan.Options{})
	front, edge := p.Tiers[0], p.Tiers[1]
	if front.ClientAddress.Err == nil || !strings.Contains(front.ClientAddress.Err.Error(), "clients connect to it directly") {
		t.Errorf("front: %v", front.ClientAddress.Err)
	}
	if edge.ClientAddress.Err != nil || strings.Join(edge.ClientAddress.Trusted, ",") != "10.0.1.0/24" || edge.ClientAddress.TrustedTiers != "front" {
		t.Errorf("edge: %+v", edge.ClientAddress)
	}
	if _, err := nginx.FromPlan(p, front, 0, nil); err == nil {
		t.Error("nginx rendered a realip that trusts the clients")
	}
}
