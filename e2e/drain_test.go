package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRenderedNginxDrain reloads a rendered nginx in the middle of 30
// WebSocket sessions of 6 s (issue 14, reloads), with and without its
// worker_shutdown_timeout (drain_timeout = "2s"):
//
//   - with it, the old worker closes the sockets it holds 2 s after the
//     reload: every session ends at once (the clients would reconnect
//     together), and the old worker is gone;
//   - without it, every session lives on, and the old worker keeps running
//     as long as one of its sockets is open: each reload adds one.
func TestRenderedNginxDrain(t *testing.T) {
	RequireTools(t, "nginx", "node")
	const file = "live-aa-nginx-drain-2s.hcl"
	for _, c := range []struct {
		name    string
		drained bool
	}{{"with worker_shutdown_timeout 2s", true}, {"without worker_shutdown_timeout", false}} {
		t.Run(c.name, func(t *testing.T) {
			res := lintFile(t, file)
			found := false
			for _, f := range res.Findings {
				found = found || f.Rule == "reload-drain"
			}
			if !found {
				t.Fatalf("%s: lint does not report reload-drain: %s", file, lintSummary(res.Findings))
			}
			setLintOutcome("live-aa", lintOutcome{File: file, Summary: "reload-drain (notice)"})
			var edit func(string, []byte) []byte
			if !c.drained {
				edit = func(_ string, b []byte) []byte {
					var out [][]byte
					for _, l := range bytes.Split(b, []byte("\n")) {
						if !bytes.HasPrefix(l, []byte("worker_shutdown_timeout")) {
							out = append(out, l)
						}
					}
					return bytes.Join(out, []byte("\n"))
				}
			}
			chain := startChainWith(t, res, file, edit)
			nginx := chain.proxies[0]
			if got := strings.Contains(string(nginx.file.Data), "worker_shutdown_timeout 2s;"); got != c.drained {
				t.Fatalf("the file has worker_shutdown_timeout 2s: %v, want %v", got, c.drained)
			}
			workers := len(strings.Fields(children(t, nginx.proc)))
			type outcome struct {
				oldWorkers int
				err        error
			}
			done := make(chan outcome, 1)
			go func() {
				time.Sleep(1500 * time.Millisecond)
				if err := nginx.proc.Signal(syscall.SIGHUP); err != nil {
					done <- outcome{err: err}
					return
				}
				// 2.5 s after the reload: a drained old worker has closed its
				// sockets and exited; an undrained one still serves them.
				time.Sleep(2500 * time.Millisecond)
				done <- outcome{oldWorkers: len(strings.Fields(children(t, nginx.proc))) - workers}
			}()
			rep := RunClients(t, ClientOptions{URL: "http://" + entryAddr(t, chain.top), Clients: nClients, Transport: "websocket",
				Echoes: 60, EchoGap: 100 * time.Millisecond, Timeout: 30 * time.Second, SourceBase: "127.230.", Spread: true})
			o := <-done
			if o.err != nil {
				t.Fatalf("reload: %v", o.err)
			}
			Record(t, &results, fmt.Sprintf("drain/%s: 30 websocket sessions of 6 s, nginx reloaded at 1.5 s", c.name), rep,
				fmt.Sprintf("old workers still running 2.5 s after the reload: %d", o.oldWorkers))
			if c.drained {
				if rep.OK != 0 || o.oldWorkers != 0 {
					t.Errorf("drained: want every session closed by the old worker and no old worker left, got %d of %d kept, %d old workers; %s", rep.OK, nClients, o.oldWorkers, FormatCounts(rep.Errors()))
				}
				return
			}
			if rep.OK != nClients || o.oldWorkers < 1 {
				t.Errorf("undrained: want every session kept by the old worker, still running, got %d of %d kept, %d old workers; %s", rep.OK, nClients, o.oldWorkers, FormatCounts(rep.Errors()))
			}
		})
	}
}
