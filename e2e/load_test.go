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

// Load shape: the connects ramp over loadProcs parallel drivers of
// loadClients × loadStagger (30 s); each session then sends loadEchoes acked
// echoes loadEchoGap apart (about 48 s), so all 2,000 are open together from
// about 30 s to 48 s, where the peak is read. The connect timeout is
// socket.io-client's own default (20 s).
const (
	loadStagger        = 120 * time.Millisecond
	loadEchoes         = 8
	loadEchoGap        = 6 * time.Second
	loadConnectTimeout = 20 * time.Second
	loadAckTimeout     = 10 * time.Second
	loadPeak           = 38 * time.Second
)

// BenchmarkRenderedLoad holds 2,000 concurrent Socket.IO sessions through a
// rendered proxy tier (nginx hash client_ip consistent, then HAProxy cookie
// insertion) in front of 3 socket.io nodes, half polling and half upgraded,
// and reports the sessions kept, the connect time (p50, p99), the spread over
// the nodes (max/mean), the proxy's file descriptors and memory at the peak,
// and the proxy's own complaints (nginx "worker_connections are not enough",
// HAProxy errors). It is a benchmark, not a test: run it with
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
				Cookies: lc.Cookies, Echoes: loadEchoes, EchoGap: loadEchoGap, Timeout: 150 * time.Second, Stagger: loadStagger,
				ConnectTimeout: loadConnectTimeout, AckTimeout: loadAckTimeout,
				SourceBase: fmt.Sprintf("127.%d.", 230+k), Spread: true})
			mu.Lock()
			reports = append(reports, rep)
			mu.Unlock()
		}(k, transport)
	}
	// The peak: all sessions open, echoes under way.
	time.Sleep(loadPeak)
	fds, rss := 0, 0
	for _, p := range chain.proxies {
		f, r := procTree(b, p.proc.Pid())
		fds, rss = fds+f, rss+r
	}
	wg.Wait()
	ok, failed := 0, 0
	perNode := map[string]int{}
	errs := map[string]int{}
	var connectMS []int64
	for _, r := range reports {
		for _, c := range r.Clients {
			if c.Connected {
				connectMS = append(connectMS, c.ConnectMS)
			}
		}
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
	p50, p99 := percentile(connectMS, 50), percentile(connectMS, 99)
	b.ReportMetric(float64(p50), "connect-p50-ms")
	b.ReportMetric(float64(p99), "connect-p99-ms")
	complaints := map[string]int{}
	for _, p := range chain.proxies {
		for k, n := range proxyComplaints(p.proc) {
			complaints[k] += n
		}
	}
	var spread []string
	for _, n := range names {
		spread = append(spread, fmt.Sprintf("%s:%d", n, perNode[n]))
	}
	b.Logf("%s: %d kept, %d broken of %d; connect p50 %d ms, p99 %d ms; per node %s (max/mean %.2f); proxy fds %d, RSS %d KiB at the peak; client errors %s; proxy complaints %s",
		lc.Tag, ok, failed, loadProcs*loadClients, p50, p99, strings.Join(spread, " "), float64(maxN)/mean, fds, rss, FormatCounts(errs), FormatCounts(complaints))
}

// percentile returns the p-th percentile (nearest rank) of xs, 0 when empty.
func percentile(xs []int64, p int) int64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int64(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := (p*len(s) + 99) / 100
	return s[max(rank, 1)-1]
}

// proxyComplaints counts the lines of a proxy's logs that say it ran out of
// something or refused work: nginx's "worker_connections are not enough" and
// its [alert], [crit] and [emerg] lines, HAProxy's [ALERT] and [WARNING]
// lines, each keyed by its message without digits.
func proxyComplaints(p *Proc) map[string]int {
	out := map[string]int{}
	for _, path := range append([]string{p.LogPath}, p.ExtraLogs...) {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.Contains(line, "worker_connections are not enough"):
				out["nginx: worker_connections are not enough"]++
			case strings.Contains(line, "[alert]"), strings.Contains(line, "[crit]"), strings.Contains(line, "[emerg]"):
				out["nginx: "+levelMessage(line)]++
			case strings.HasPrefix(line, "[ALERT]"), strings.HasPrefix(line, "[WARNING]"):
				out["haproxy: "+levelMessage(line)]++
			}
		}
	}
	return out
}

// levelMessage returns up to 60 bytes of a log line after its level tag,
// with numbers dropped, so that lines that differ only by counters or
// addresses count as one.
func levelMessage(line string) string {
	if i := strings.Index(line, "] "); i >= 0 {
		line = line[i+2:]
	}
	var b strings.Builder
	for _, r := range line {
		if r >= '0' && r <= '9' {
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()
	if len(s) > 60 {
		s = s[:60]
	}
	return s
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
