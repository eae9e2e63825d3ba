package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// FuzzPaths gives the CLI arbitrary paths, among a directory of hostile
// files (a FIFO, a symlink to /dev/zero, a file too large, a directory with
// a FIFO named *.hcl, a good topology) and anything else the fuzzer
// invents. topo must return within seconds, with a contract exit code, and
// print no control character. Only read-only commands run: lint, graph and
// render to stdout or --check. Fuzz with
//
//	go test ./cmd/topo -run='^$' -fuzz=FuzzPaths -fuzztime=1m
func FuzzPaths(f *testing.F) {
	dir := f.TempDir()
	good, err := os.ReadFile("testdata/clean.hcl")
	if err != nil {
		f.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.hcl"), good, 0o644)
	syscall.Mkfifo(filepath.Join(dir, "fifo.hcl"), 0o644)
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.hcl"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	syscall.Mkfifo(filepath.Join(dir, "sub", "x.hcl"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.hcl"), make([]byte, 2048), 0o644)
	for _, p := range []string{"good.hcl", "fifo.hcl", "zero.hcl", "sub", "big.hcl", "./good.hcl", "sub/../good.hcl", "missing.hcl", "\x1b[2J.hcl", "", "/dev/zero", "/dev/stdin"} {
		for cmd := uint8(0); cmd < 4; cmd++ {
			f.Add(p, cmd)
		}
	}
	f.Fuzz(func(t *testing.T, path string, cmd uint8) {
		var args []string
		switch cmd % 4 {
		case 0:
			args = []string{"lint", "--max-file-size", "1024", path}
		case 1:
			args = []string{"graph", "--max-file-size", "1024", path}
		case 2:
			args = []string{"render", "nginx", "--force", "--max-file-size", "1024", path}
		case 3:
			args = []string{"render", "haproxy", "--max-file-size", "1024", path, "--check", "--out", path}
		}
		if strings.HasPrefix(path, "-") {
			return // a flag, not a path
		}
		type result struct {
			code   int
			output string
		}
		done := make(chan result, 1)
		t.Chdir(dir)
		go func() {
			var out, errOut strings.Builder
			code := Run(args, &out, &errOut)
			done <- result{code, out.String() + errOut.String()}
		}()
		select {
		case r := <-done:
			if r.code < 0 || r.code > 2 {
				t.Fatalf("exit %d", r.code)
			}
			for _, c := range r.output {
				if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
					t.Fatalf("control character %#x in the output of topo %q", c, args)
				}
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("topo %q did not return", args)
		}
	})
}
