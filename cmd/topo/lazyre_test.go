package main

import (
	"testing"

	"github.com/topolint/topo/internal/lazyre"
)

// TestEveryRegexpCompiles compiles every regular expression the binary
// holds: they are compiled on first use, not at start-up, so a malformed one
// would otherwise panic only on the path that first needs it.
func TestEveryRegexpCompiles(t *testing.T) {
	if n := lazyre.CompileAll(); n < 3 {
		t.Fatalf("only %d lazily compiled expressions: the binary should hold the render and config-check patterns at least", n)
	}
}
