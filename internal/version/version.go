// Package version holds topo's version, set at build time with
// -ldflags "-X github.com/topolint/topo/internal/version.Version=v1.2.3".
package version

// Version is topo's version.
var Version = "0.1.0-dev"
