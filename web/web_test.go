// Package web holds the browser playground (index.html, app.js, style.css;
// built into a site by scripts/build-web.sh) and its test in a real headless
// Chromium.
package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// newBrowser starts a headless Chromium for one test, closed at its end,
// with a bound on what the test does with it.
func newBrowser(t *testing.T, bin string, bound time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, bound)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// browse opens url in headless Chromium, waits for the page to have run
// topo (body[data-ready]) or shown its error view, and returns the values
// of the JavaScript expressions asked for.
func browse(t *testing.T, bin, url string, ready string, exprs ...string) []string {
	t.Helper()
	ctx := newBrowser(t, bin, 60*time.Second)
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
	url, site := buildSite(t)

	got := browse(t, bin, url, "body[data-ready]",
		`[...document.querySelectorAll('.finding')].map(f => f.dataset.rule + '@' + (f.querySelector('.where') ? f.querySelector('.where').dataset.line : '')).join(' ')`,
		`document.getElementById('mermaid').textContent`,
		`String(document.querySelectorAll('#filelist pre.file').length)`,
		`window.currentSource()`,
		`String(document.querySelectorAll('.cm-editor .cm-lintRange-error').length)`,
	)
	findings, mermaid, files, src, inline := got[0], got[1], got[2], got[3], got[4]
	// Size and speed, for docs/performance.md.
	if wasm, err := os.ReadFile(filepath.Join(site, "topo.wasm")); err == nil {
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w.Write(wasm)
		w.Close()
		first := browse(t, bin, url, "body[data-ready]", `document.body.dataset.firstLintMs`)
		t.Logf("topo.wasm: %d bytes, %d gzipped; first report %s ms after the page started loading", len(wasm), gz.Len(), first[0])
	}
	// The editor is CodeMirror, with the errors underlined at their ranges.
	if inline == "0" {
		t.Error("no error diagnostic inline in the editor")
	}
	// topo explain, in the page: a finding's "explain" opens its rule page.
	explained := browse(t, bin, url, "body[data-ready]",
		`(() => { const d = document.querySelector('.finding[data-rule="ip-hash-collapse"] details.explain'); d.open = true; d.dispatchEvent(new Event('toggle')); return d.querySelector('pre').textContent; })()`)
	if !strings.HasPrefix(explained[0], "ip-hash-collapse (error): ") || !strings.Contains(explained[0], "# ip-hash-collapse") {
		t.Errorf("explain shows %q", explained[0][:min(len(explained[0]), 200)])
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
	// The spread: topo simulate's chart, and the hop that hashes the F5's
	// address instead of the clients'.
	spread := browse(t, bin, url, "body[data-ready]",
		`String(document.querySelectorAll('#spreadsvg svg rect').length)`,
		`document.getElementById('hops').textContent`)
	if spread[0] == "0" || !strings.Contains(spread[1], "on the addresses of tier f5, not the clients'") {
		t.Errorf("spread: %s bars, hops %q", spread[0], spread[1])
	}
	// The fix of the field report: hash the full client address, which
	// the L4 tier in front now passes.
	fixed := strings.Replace(src, `balance   = "ip_hash"`, "balance    = \"hash\"\n  hash_key   = \"client_ip\"\n  consistent = true", 1)
	fixed = strings.Replace(fixed, `forwards_client_ip = "none"`, `forwards_client_ip = "preserve"`, 1)
	if fixed == src {
		t.Fatal("the example changed: the test cannot fix it")
	}
	got = browse(t, bin, url+"#src="+base64.RawURLEncoding.EncodeToString([]byte(fixed)), "body[data-ready]",
		`[...document.querySelectorAll('.finding')].map(f => f.dataset.rule).join(' ')`,
		`window.currentSource()`)
	if strings.Contains(got[0], "ip-hash-collapse") {
		t.Errorf("the fixed chain still shows ip-hash-collapse: %s", got[0])
	}
	if got[1] != fixed {
		t.Error("the shared link did not restore the topology it carries")
	}
}

// Editing the topology in the editor re-lints it (debounced, as on each
// keystroke): the field-report chain, changed in place into the fixed
// one, loses its ip-hash-collapse finding and its link carries the edit.
func TestPlaygroundEdit(t *testing.T) {
	bin := chromium(t)
	url, _ := buildSite(t)
	ctx := newBrowser(t, bin, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible("body[data-ready]")); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	const rules = `[...document.querySelectorAll('.finding')].map(f => f.dataset.rule).join(' ')`
	src, before := eval(`window.currentSource()`), eval(rules)
	if !strings.Contains(before, "ip-hash-collapse") {
		t.Fatalf("the first example shows %q", before)
	}
	// selectText selects the first occurrence of text in the editor, so
	// that the keys sent next replace it.
	selectText := func(text string) {
		t.Helper()
		ok := eval(`window.topoEditor.select(` + strconv.Quote(text) + `) ? "yes" : "no"`)
		if ok != "yes" {
			t.Fatalf("the example has no %q: the test cannot edit it", text)
		}
	}
	_ = src
	// Type the fix: the edge tier hashes the full client address, which
	// the F5 in front now passes.
	selectText(`  balance   = "ip_hash"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("  balance    = \"hash\"\n  hash_key   = \"client_ip\"\n  consistent = true")); err != nil {
		t.Fatal(err)
	}
	selectText(`  forwards_client_ip = "none"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(`  forwards_client_ip = "preserve"`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`![...document.querySelectorAll('.finding')].some(f => f.dataset.rule === 'ip-hash-collapse') && location.hash.length > 5`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("after typing the fix, the findings are still %q: %v", eval(rules), err)
	}
	after, runs, link := eval(rules), eval(`document.body.dataset.runs`), eval(`location.hash`)
	t.Logf("after %s reports, the last took %s ms", runs, eval(`document.body.dataset.runMs`))
	// The example picker: field report 3 (nginx-M in front of nginx-A/B
	// with ip_hash) shows the collapse at tier nginx-ab.
	eval(`(() => { const p = document.getElementById('examples'); p.value = 'nginx-m-ip-hash.hcl'; p.dispatchEvent(new Event('change')); return ""; })()`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll('.finding')].some(f => f.dataset.rule === 'ip-hash-collapse' && f.textContent.includes('"nginx-ab"'))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("picking nginx-m-ip-hash.hcl: findings %q: %v", eval(rules), err)
	}
	if strings.Contains(after, "ip-hash-collapse") || runs == "1" {
		t.Errorf("after typing: findings %q, %s runs", after, runs)
	}
	shared, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(link, "#src="))
	if err != nil || !strings.Contains(string(shared), "consistent = true") {
		t.Errorf("the link %q does not carry the edit: %v", link, err)
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

	ctx := newBrowser(t, bin, 90*time.Second)
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

// A file the page renders is byte for byte the file `topo render` writes
// for the same topology.
func TestPlaygroundRenderMatchesCLI(t *testing.T) {
	bin := chromium(t)
	url, _ := buildSite(t)
	got := browse(t, bin, url, "body[data-ready]",
		`window.currentSource()`,
		`document.querySelector('#filelist h3').textContent`,
		`document.querySelector('#filelist pre.file').textContent`)
	src, name, data := got[0], got[1], got[2]
	dir := t.TempDir()
	topo := filepath.Join(dir, "topo")
	if out, err := exec.Command("go", "build", "-o", topo, "../cmd/topo").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "topology.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(topo, "render", "nginx", "topology.hcl", "--out", ".", "--force")
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("topo render: %v\n%s", err, out)
	}
	want, err := os.ReadFile(filepath.Join(work, name))
	if err != nil {
		t.Fatal(err)
	}
	if data != string(want) {
		t.Errorf("the page's %s differs from topo render's (%d and %d bytes)", name, len(data), len(want))
	}
}
