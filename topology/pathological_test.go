package topology_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/topology"
)

// lintWithin lints src and fails the test when it takes longer than budget.
// A run that does not finish is left behind (it cannot be stopped) and ends
// with the test binary.
func lintWithin(t *testing.T, budget time.Duration, src string) {
	t.Helper()
	done := make(chan *lint.Result, 1)
	start := time.Now()
	go func() { done <- lint.Sources(lint.Options{}, topology.Source{Name: "t.hcl", Bytes: []byte(src)}) }()
	select {
	case res := <-done:
		if !res.Decoded() {
			t.Fatalf("does not decode:%s", dump(res.Diagnostics))
		}
		t.Logf("linted in %v", time.Since(start))
	case <-time.After(budget):
		t.Fatalf("lint did not finish within %v", budget)
	}
}

// TestRoutePatternBacktracking: route paths are '*' patterns matched against
// the socket.io path and the related paths. A valid 25-line topology with a
// pattern of many wildcards and a long related path must lint in well under
// a second; a backtracking matcher takes exponential time here (topo lint
// hangs). The decoder accepts both strings (they are allowlisted), so the
// matcher must be linear, or the decoder must bound the wildcards.
func TestRoutePatternBacktracking(t *testing.T) {
	for _, stars := range []int{2, 8} {
		t.Run(fmt.Sprintf("%d wildcards", stars), func(t *testing.T) {
			src := `topology "t" {}
socketio {
  related_paths = ["/` + strings.Repeat("a", 100) + `"]
}
client "c" {
  entry = tier.edge
}
tier "edge" {
  kind  = "nginx"
  nodes = ["10.0.1.1:80"]
  to    = tier.app
  route "r" {
    path = "/*` + strings.Repeat("a*", stars) + `b"
    to   = tier.app
  }
}
tier "app" {
  kind  = "socketio"
  nodes = ["10.0.2.1:3000"]
}
`
			lintWithin(t, 2*time.Second, src)
		})
	}
}
