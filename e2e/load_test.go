package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadProcs × loadClients concurrent sessions: 2,000, as eight client.js
// processes of 250 (its limit), each client from its own /24.
const (
	loadProcs   = 8
	loadClients = 250
)

// BenchmarkRenderedLoad holds 2,000 concurrent Socket.IO sessions through a
// rendered proxy tier (nginx hash client_ip consistent, then HAProxy cookie
// insertion) in front of 3 socket.io nodes, half polling and half upgraded,
// opened over a 10 s ramp, each sending 20 acked echoes a second apart, and reports the sessions kept,
// the spread over the nodes (max/mean) and the proxy's file descriptors and
// memory at the peak. It is a benchmark, not a test: run it with
//
//	go test ./e2e -run '^$' -bench RenderedLoad -benchtime 1x
//
// The figures are in docs/performance.md.
func BenchmarkRenderedLoad(b *testing.B) {
	for _, lc := range []liveCase{liveCases[0], liveCases[2]} {
		b.Run(lc.Tag, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				loadRun(b, lc)
			}
		})
	}
}

func loadRun(b *testing.B, lc liveCase) {
	chain := startLiveChain(b, lc)
	entry := entryAddr(b, chain.top)
	var (
		mu      sync.Mutex
		reports []Report
		wg      sync.WaitGroup
	)
	for k := 0; k < loadProcs; k++ {
		transport := "polling"
		if k%2 == 1 {
			transport = "upgrade"
		}
		wg.Add(1)
		go func(k int, transport string) {
			defer wg.Done()
			rep := RunClients(b, ClientOptions{URL: "http://" + entry, Clients: loadClients, Transport: transport,
				Cookies: lc.Cookies, Echoes: 20, EchoGap: time.Second, Timeout: 120 * time.Second, Stagger: 40 * time.Millisecond,
				SourceBase: fmt.Sprintf("127.%d.", 230+k), Spread: true})
			mu.Lock()
			reports = append(reports, rep)
			mu.Unlock()
		}(k, transport)
	}
	// The peak: all sessions open (the ramp is 250 × 40 ms = 10 s), echoes
	// under way.
	time.Sleep(15 * time.Second)
	fds, rss := 0, 0
	for _, p := range chain.proxies {
		f, r := procTree(b, p.proc.Pid())
		fds, rss = fds+f, rss+r
	}
	wg.Wait()
	ok, failed := 0, 0
	perNode := map[string]int{}
	errs := map[string]int{}
	for _, r := range reports {
		for e, n := range r.Errors() {
			errs[e] += n
		}
		ok += r.OK
		failed += r.Failed
		for n, c := range r.PerNode {
			perNode[n] += c
		}
	}
	maxN, total := 0, 0
	var names []string
	for n, c := range perNode {
		names = append(names, n)
		total += c
		maxN = max(maxN, c)
	}
	sort.Strings(names)
	mean := float64(total) / float64(max(len(perNode), 1))
	b.ReportMetric(float64(ok), "kept")
	b.ReportMetric(float64(failed), "broken")
	b.ReportMetric(float64(maxN)/mean, "max/mean")
	b.ReportMetric(float64(fds), "proxy-fds")
	b.ReportMetric(float64(rss)/1024, "proxy-RSS-MiB")
	var spread []string
	for _, n := range names {
		spread = append(spread, fmt.Sprintf("%s:%d", n, perNode[n]))
	}
	b.Logf("%s: %d kept, %d broken of %d; per node %s (max/mean %.2f); proxy fds %d, RSS %d KiB at the peak; client errors %s",
		lc.Tag, ok, failed, loadProcs*loadClients, strings.Join(spread, " "), float64(maxN)/mean, fds, rss, FormatCounts(errs))
}

// procTree returns the open file descriptors and resident memory (KiB) of
// pid and its children (nginx's workers).
func procTree(b *testing.B, pid int) (fds, rssKiB int) {
	pids := []int{pid}
	if kids, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); err == nil {
		for _, f := range strings.Fields(string(kids)) {
			if n, err := strconv.Atoi(f); err == nil {
				pids = append(pids, n)
			}
		}
	}
	for _, p := range pids {
		if entries, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(p), "fd")); err == nil {
			fds += len(entries)
		}
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB")); err == nil {
					rssKiB += n
				}
			}
		}
	}
	return fds, rssKiB
}
