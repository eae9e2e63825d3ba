package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeNeedsABuiltPlayground(t *testing.T) {
	code, _, errs := fmtRun(t, "", "serve", "--dir", t.TempDir(), "--addr", "127.0.0.1:0")
	if code != ExitError || !strings.Contains(errs, "scripts/build-web.sh") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestPlaygroundHandlerServesWasm(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "topo.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(playgroundHandler(os.DirFS(dir)))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/topo.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
