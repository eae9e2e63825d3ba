package e2e

import (
	"fmt"
	"testing"
)

// TestRenderedSubPath shows fact S10 live (issue 14, sub-paths): clients
// that connect under /chat/ through a rendered nginx that routes /chat/ to
// the nodes unchanged never connect (live-x, reported as path-mismatch);
// with strip_prefix rendered as an nginx rewrite (live-y) or an HAProxy
// replace-path (live-z) every session is kept.
func TestRenderedSubPath(t *testing.T) {
	RequireTools(t, "nginx", "haproxy", "node")
	run := func(tag, file string, broken bool) Report {
		t.Helper()
		res := lintLive(t, tag, file, "path-mismatch", broken)
		chain := startChain(t, res, file)
		rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "polling",
			Echoes: nEchoes, Path: "/chat/socket.io/", SourceBase: "127.228.", Spread: true})
		Record(t, &results, fmt.Sprintf("%s: %d clients under /chat/socket.io/", file, nClients), rep, "")
		return rep
	}
	if rep := run("live-x", "live-x-nginx-sub-path-unstripped.hcl", true); rep.OK != 0 {
		t.Errorf("live-x: want no client connected under an unstripped sub-path, got %d of %d; %s", rep.OK, nClients, FormatCounts(rep.Errors()))
	}
	for _, c := range []struct{ tag, file string }{
		{"live-y", "live-y-nginx-sub-path-stripped.hcl"},
		{"live-z", "live-z-haproxy-sub-path-stripped.hcl"},
	} {
		if rep := run(c.tag, c.file, false); rep.OK != nClients || len(rep.PerNode) < 2 {
			t.Errorf("%s: want %d of %d sessions kept on several nodes, got %d on %s; %s", c.tag, nClients, nClients, rep.OK, FormatCounts(rep.PerNode), FormatCounts(rep.Errors()))
		}
	}
}
