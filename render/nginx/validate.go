package nginx

import (
	"github.com/topolint/topo/internal/allow"
	"github.com/topolint/topo/internal/lazyre"
	"github.com/topolint/topo/render/internal/check"
)

// The allowlists only nginx needs (package check holds the shared ones).
// None of them admits whitespace, ";", "{", "}", quotes, "$", "\" or
// control characters.
var (
	varNameRE    = allow.New("", "A-Za-z0-9_", 1, 64)
	cookiePathRE = allow.Literal('/', "A-Za-z0-9/._~-", 1, 256)
	modulePathRE = lazyre.New(`^/[A-Za-z0-9/._-]{1,255}\.so$`)
	filePathRE   = allow.New("", "A-Za-z0-9/._~+-", 1, 255)
	cipherRE     = allow.New("A-Z0-9", "A-Z0-9-", 1, 64)
)

// checker collects the first problem of a plan (package check does the
// shared checks).
type checker struct {
	check.Checker
}

func newChecker() *checker { return &checker{check.Checker{Product: "nginx plan"}} }

// version is a parsed product version.
type version = check.Version
