package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topolint/topo/finding"
)

// browserResult is what e2e/server.js's /browser.html page reports.
type browserResult struct {
	Upgraded      int            `json:"upgraded"`
	UpgradeFailed int            `json:"upgrade_failed"`
	NotConnected  int            `json:"not_connected"`
	Nodes         map[string]int `json:"nodes"`
}

// TestBrowserHeaderHash shows fact S8 with a real browser: headless
// Chromium runs socket.io-client, which sends its extraHeaders on the polls
// but cannot put them on the WebSocket upgrade. Behind a rendered nginx
// hashing on that header (live-o, reported as affinity-key-absent), the
// upgrade is balanced by round robin and fails wherever it lands on another
// node ("Session ID unknown"); hashing on a query parameter instead (live-p)
// upgrades every socket.
func TestBrowserHeaderHash(t *testing.T) {
	RequireTools(t, "nginx", "node")
	bin := chromiumPath(t)
	const n = 30

	broken := lintFile(t, "live-o-nginx-header-hash-browser.hcl")
	found := false
	for _, f := range broken.Findings {
		found = found || (f.Severity == finding.Error && f.Rule == "affinity-key-absent")
	}
	if !found {
		t.Fatalf("live-o: lint does not report affinity-key-absent: %s", lintSummary(broken.Findings))
	}
	setLintOutcome("live-o", lintOutcome{File: "live-o-nginx-header-hash-browser.hcl", Summary: "affinity-key-absent"})
	chain := startChain(t, broken, "live-o-nginx-header-hash-browser.hcl")
	res := runBrowserPage(t, bin, "http://"+entryAddr(t, chain.top)+"/browser.html?key=header&n="+fmt.Sprint(n))
	unknown := TotalStats(t, chain.nodes).Errors["Session ID unknown"]
	recordBrowser(t, "live-o/Chromium: nginx hash on the X-User-Id header (extraHeaders) -> 3 nodes (broken)", res, unknown)
	if res.NotConnected != 0 {
		t.Fatalf("live-o: %d of %d sockets never connected over polling", res.NotConnected, n)
	}
	// Round robin puts about 2 of 3 upgrades on another node than the
	// session's; the chance that all 30 land right is (1/3)^30.
	if res.UpgradeFailed == 0 || unknown == 0 {
		t.Errorf("live-o: want failed upgrades and \"Session ID unknown\" at the nodes, got %+v and %d", res, unknown)
	}

	fixed := lintFile(t, "live-p-nginx-query-hash-browser.hcl")
	if errs := bySeverity(fixed.Findings, finding.Error); len(errs) > 0 {
		t.Fatalf("live-p: lint errors %s", lintSummary(fixed.Findings))
	}
	setLintOutcome("live-p", lintOutcome{File: "live-p-nginx-query-hash-browser.hcl", Summary: "clean at error level"})
	chain = startChain(t, fixed, "live-p-nginx-query-hash-browser.hcl")
	res = runBrowserPage(t, bin, "http://"+entryAddr(t, chain.top)+"/browser.html?key=query&n="+fmt.Sprint(n))
	unknown = TotalStats(t, chain.nodes).Errors["Session ID unknown"]
	recordBrowser(t, "live-p/Chromium: nginx hash on the uid query parameter -> 3 nodes (fixed)", res, unknown)
	if res.Upgraded != n || unknown != 0 {
		t.Errorf("live-p: want %d of %d upgraded and no \"Session ID unknown\", got %+v and %d", n, n, res, unknown)
	}
	if len(res.Nodes) < 2 {
		t.Errorf("live-p: want the users spread over the nodes, got %v", res.Nodes)
	}
}

// chromiumPath finds the browser; the test fails under CI=true without it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// runBrowserPage opens url in headless Chromium and waits for the page's
// window.result.
func runBrowserPage(t *testing.T, bin, url string) browserResult {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancelC := context.WithTimeout(ctx, 60*time.Second)
	defer cancelC()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("Chromium on %s: %v", url, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Poll[string](`window.result`, chromedp.WithPollingTimeout(40*time.Second)))
	if err != nil {
		t.Fatalf("Chromium on %s: %v", url, err)
	}
	var res browserResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("page result %q: %v", raw, err)
	}
	return res
}

func recordBrowser(t *testing.T, name string, res browserResult, unknown int) {
	t.Helper()
	Record(t, &results, name, Report{OK: res.Upgraded, Failed: res.UpgradeFailed + res.NotConnected, PerNode: res.Nodes},
		fmt.Sprintf("%d sockets upgraded to websocket, %d upgrade probes failed, %d never connected; nodes counted %d \"Session ID unknown\"", res.Upgraded, res.UpgradeFailed, res.NotConnected, unknown))
}
