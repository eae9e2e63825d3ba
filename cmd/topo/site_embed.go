//go:build playground

package main

import (
	"embed"
	"io/fs"
)

// The playground built into cmd/topo/site by scripts/build-web.sh, embedded
// when topo is built with -tags playground; topo serve then needs no --dir.
//
//go:embed all:site
var embeddedSite embed.FS

func init() {
	sub, err := fs.Sub(embeddedSite, "site")
	if err == nil {
		siteFS = sub
	}
}
