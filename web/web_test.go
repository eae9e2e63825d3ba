// Package web holds the browser playground (index.html, app.js, style.css;
// built into a site by scripts/build-web.sh) and its test in a real headless
// Chromium.
package web

import (
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser; the test fails under CI=true without it.
func chromium(t *testing.T) string {
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

// buildSite builds the playground with scripts/build-web.sh and serves it
// on a loopback address.
func buildSite(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("bash", "../scripts/build-web.sh", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build-web.sh: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/", dir
}

// browse opens url in headless Chromium, waits for the page to have run
// topo (body[data-ready]) or shown its error view, and returns the values
// of the JavaScript expressions asked for.
func browse(t *testing.T, bin, url string, ready string, exprs ...string) []string {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 900), chromedp.Navigate(url), chromedp.WaitVisible(ready)); err != nil {
		t.Fatalf("chromium on %s: %v", url, err)
	}
	// TOPO_PLAYGROUND_SCREENSHOT=DIR keeps a picture of each page looked at.
	if dir := os.Getenv("TOPO_PLAYGROUND_SCREENSHOT"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(filepath.Join(dir, strings.NewReplacer("/", "_", ":", "_", "#", "_").Replace(t.Name()+ready)+".png"), png, 0o644)
		}
	}
	out := make([]string, len(exprs))
	for i, e := range exprs {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](e))
		if err != nil {
			t.Fatalf("chromium on %s: %s: %v", url, e, err)
		}
		out[i] = v
	}
	return out
}

// The page opens on the field-report chain and shows its break: the
// finding ip-hash-collapse at its line, the tier that breaks marked in the
// graph, the rendered files; the fixed chain, handed in the URL fragment
// as a shared link would, shows no such finding.
func TestPlaygroundInChromium(t *testing.T) {
	bin := chromium(t)
	url, _ := buildSite(t)

	got := browse(t, bin, url, "body[data-ready]",
		`[...document.querySelectorAll('.finding')].map(f => f.dataset.rule + '@' + (f.querySelector('.where') ? f.querySelector('.where').dataset.line : '')).join(' ')`,
		`document.getElementById('mermaid').textContent`,
		`String(document.querySelectorAll('#filelist pre.file').length)`,
		`window.currentSource()`,
		`String(document.querySelectorAll('.cm-editor .cm-lintRange-error').length)`,
	)
	findings, mermaid, files, src, inline := got[0], got[1], got[2], got[3], got[4]
	// The editor is CodeMirror, with the errors underlined at their ranges.
	if inline == "0" {
		t.Error("no error diagnostic inline in the editor")
	}
	// The graph, drawn by the vendored Mermaid: the tier that breaks is
	// red (the class "error" of topo's chart).
	red := browse(t, bin, url, "body[data-graph]",
		`[...document.querySelectorAll('#graphsvg g.node.error')].map(n => n.textContent).join(' | ')`,
		`getComputedStyle(document.querySelector('#graphsvg g.node.error rect, #graphsvg g.node.error polygon, #graphsvg g.node.error path')).stroke`)
	if !strings.Contains(red[0], "edge") || !strings.Contains(red[1], "198, 40, 40") {
		t.Errorf("red tiers %q (stroke %q): want tier edge in red", red[0], red[1])
	}
	if !strings.Contains(findings, "ip-hash-collapse@") || strings.Contains(findings, "ip-hash-collapse@ ") {
		t.Errorf("findings %q: want ip-hash-collapse with its line", findings)
	}
	if !strings.Contains(mermaid, "flowchart") || !strings.Contains(mermaid, "edge") {
		t.Errorf("graph:\n%s", mermaid)
	}
	if files == "0" {
		t.Error("no rendered file shown")
	}
	// The fix of the field report: hash the full client address, which
	// the L4 tier in front now passes.
	fixed := strings.Replace(src, `balance   = "ip_hash"`, "balance    = \"hash\"\n  hash_key   = \"client_ip\"\n  consistent = true", 1)
	fixed = strings.Replace(fixed, `forwards_client_ip = "none"`, `forwards_client_ip = "preserve"`, 1)
	if fixed == src {
		t.Fatal("the example changed: the test cannot fix it")
	}
	got = browse(t, bin, url+"#src="+base64.RawURLEncoding.EncodeToString([]byte(fixed)), "body[data-ready]",
		`[...document.querySelectorAll('.finding')].map(f => f.dataset.rule).join(' ')`)
	if strings.Contains(got[0], "ip-hash-collapse") {
		t.Errorf("the fixed chain still shows ip-hash-collapse: %s", got[0])
	}
}

// Without topo.wasm the page says so instead of staying blank.
func TestPlaygroundErrorView(t *testing.T) {
	bin := chromium(t)
	url, dir := buildSite(t)
	if err := os.Remove(filepath.Join(dir, "topo.wasm")); err != nil {
		t.Fatal(err)
	}
	got := browse(t, bin, url, "#error:not([hidden])", `document.getElementById('error').textContent`)
	if !strings.Contains(got[0], "topo could not be loaded") {
		t.Fatalf("error view: %q", got[0])
	}
}

// Once loaded, the playground works offline: with the server stopped, a
// reload still runs topo (the service worker serves the files it kept).
func TestPlaygroundOffline(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if out, err := exec.Command("bash", "../scripts/build-web.sh", dir).CombinedOutput(); err != nil {
		t.Fatalf("build-web.sh: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	// First visit: topo runs and the service worker takes over; a reload
	// while online lets it store every file.
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible("body[data-offline]"), chromedp.Reload(), chromedp.WaitVisible("body[data-ready]")); err != nil {
		t.Fatalf("online: %v", err)
	}
	srv.Close()
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible("body[data-ready]")); err != nil {
		t.Fatalf("offline reload: %v", err)
	}
	rules, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.finding')].map(f => f.dataset.rule).join(' ')`))
	if err != nil || !strings.Contains(rules, "ip-hash-collapse") {
		t.Fatalf("offline: findings %q, %v", rules, err)
	}
}
