// Package version holds topo's version and describes the build.
//
// A release build sets the version with
//
//	-ldflags "-X github.com/topolint/topo/internal/version.Version=1.2.3"
//
// (scripts/release.sh does). A binary installed with `go install
// github.com/topolint/topo/cmd/topo@v1.2.3` takes it from the module version
// that the Go toolchain records in the binary.
package version

import (
	"runtime/debug"
	"strings"
)

// dev is the version of a build from a checkout without -ldflags.
const dev = "0.1.0-dev"

// Version is topo's version, without a leading "v".
var Version = dev

func init() {
	if Version != dev {
		return
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; strings.HasPrefix(v, "v") && !strings.Contains(v, "devel") {
			Version = strings.TrimPrefix(v, "v")
		}
	}
}

// Build describes how the binary was built, from the information the Go
// toolchain records in it.
type Build struct {
	// Version is topo's version.
	Version string
	// Module is the main module's path and version as recorded ("(devel)"
	// for a build from a checkout).
	Module, ModuleVersion string
	// Revision, Time and Modified describe the VCS checkout the binary was
	// built from (empty when unknown: go install from the module proxy).
	Revision, Time string
	Modified       bool
	// GoVersion is the Go toolchain that built it.
	GoVersion string
}

// Info returns the description of this binary's build.
func Info() Build {
	b := Build{Version: Version}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Module, b.ModuleVersion, b.GoVersion = bi.Main.Path, bi.Main.Version, bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}
