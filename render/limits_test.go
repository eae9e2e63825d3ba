package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
)

// limitTopology is an nginx tier in front of an HAProxy tier in front of two
// socket.io nodes, with one value replaced: the edge and mid tier blocks
// take extra attributes.
func limitTopology(socketio, edge, mid string, appNodes int) string {
	var nodes []string
	for i := 0; i < appNodes; i++ {
		nodes = append(nodes, fmt.Sprintf("%q", fmt.Sprintf("127.1.%d.%d:3000", i/250, i%250+1)))
	}
	return `topology "limits" {}
socketio {
  adapter = "redis"
` + socketio + `
}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind               = "nginx"
  version            = "1.22.1"
  nodes              = ["127.0.9.1:18080"]
  balance            = "round_robin"
  websocket          = true
  forwards_client_ip = "x_forwarded_for"
  egress_addresses   = ["127.0.9.1"]
` + edge + `
  to                 = tier.mid
}
tier "mid" {
  kind         = "haproxy"
  nodes        = ["127.0.9.2:18081"]
  real_ip_from = "x_forwarded_for"
  balance      = "cookie"
` + mid + `
  to           = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = [` + strings.Join(nodes, ", ") + `]
}
`
}

// TestLimits puts values at and beyond each limit the products set. At the
// limit, lint accepts the topology, render renders it and the real nginx -t
// and haproxy -c accept every file; beyond it, lint refuses it with a
// diagnostic or an error finding at the value's file:line. Either way,
// nothing that lint accepts is refused later.
func TestLimits(t *testing.T) {
	configcheck.RequireNginx(t)
	configcheck.RequireHAProxy(t)
	for _, c := range []struct {
		name                string
		socketio, edge, mid string
		appNodes            int
		// refusedAt is "" when the topology is within the limits, else the
		// line of the value lint must point at.
		refusedAt int
	}{
		{"idle timeout of a day", "", `idle_timeout = "24h"`, `idle_timeout = "24h"`, 2, 0},
		{"idle timeout over a day", "", `idle_timeout = "25h"`, "", 2, 17},
		{"idle timeout of a millisecond fraction", "", `idle_timeout = "75500us"`, "", 2, 17},
		{"heartbeat of two hours", `ping_interval = "1h"` + "\n" + `ping_timeout = "1h"`, "", "", 2, 0},
		{"heartbeat over the limit", `ping_interval = "61m"`, "", "", 2, 4},
		{"two connections", "", `max_connections = 2`, `max_connections = 2`, 2, 0},
		{"one connection", "", `max_connections = 1`, "", 2, 17},
		{"a million connections", "", `max_connections = 1048576`, `max_connections = 1048576`, 2, 0},
		{"over a million connections", "", "", `max_connections = 1048577`, 2, 25},
		{"cookie name with a dot", "", "", `cookie_name = "connect.sid"`, 2, 0},
		{"long names", "", "", `cookie_name = "` + strings.Repeat("c", 64) + `"`, 2, 0},
		{"cookie name too long", "", "", `cookie_name = "` + strings.Repeat("c", 65) + `"`, 2, 25},
		{"10,000 socket.io nodes", "", "", "", 10000, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "limits.hcl")
			if err := os.WriteFile(path, []byte(limitTopology(c.socketio, c.edge, c.mid, c.appNodes)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := lint.Path(path, lint.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			for _, d := range res.Diagnostics {
				if d.Subject != nil {
					errs = append(errs, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
				}
			}
			for _, f := range res.Findings {
				if f.Severity == finding.Error {
					errs = append(errs, fmt.Sprintf("%d: %s", f.Range.Start.Line, f.Rule))
				}
			}
			if c.refusedAt > 0 {
				if len(errs) == 0 || !strings.HasPrefix(errs[0], fmt.Sprintf("%d: ", c.refusedAt)) {
					t.Errorf("lint: %v, want a refusal at line %d", errs, c.refusedAt)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("lint refuses a topology within the limits: %v", errs)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			for _, target := range []string{"nginx", "haproxy"} {
				files, err := render.Render(res.Analysis, target, render.Options{Source: "limits.hcl", TopoVersion: "test"})
				if err != nil {
					t.Fatalf("lint accepts it, render %s refuses it: %v", target, err)
				}
				for _, f := range files {
					file := filepath.Join(dir, f.Name)
					if err := os.WriteFile(file, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					check := configcheck.HAProxyCheck(ctx, file)
					if target == "nginx" {
						check = configcheck.NginxTest(ctx, file, dir)
					}
					if check != nil {
						t.Errorf("%s refuses %s: %v", target, f.Name, check)
					}
				}
			}
		})
	}
}
