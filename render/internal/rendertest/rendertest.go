// Package rendertest holds what the nginx and HAProxy renderer tests share:
// golden-file comparison, deep copies of plans, and the live tests' loopback
// backend and run directories. It is imported by tests only.
package rendertest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Golden compares got with the file at path; with update it first rewrites
// the file.
func Golden(t *testing.T, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// Clone deep-copies a plan through JSON so that a test can change it without
// touching shared fixtures.
func Clone[P any](t *testing.T, p P) P {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out P
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Nobody is the user the live tests run the proxies as when they run as root.
const Nobody = 65534

// LiveDir makes a run directory (prefix) that the proxies' user can enter;
// with chown, root hands it to Nobody.
func LiveDir(t *testing.T, pattern string, chown bool) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if chown && os.Geteuid() == 0 {
		if err := os.Chown(dir, Nobody, Nobody); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// WSAccept is the Sec-WebSocket-Accept value for a key (RFC 6455 4.2.2);
// HAProxy answers 502 to a 101 without a valid one.
func WSAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// StartBackend serves HTTP on addr: it answers with its name and the
// X-Forwarded-For it received, and echoes lines after a WebSocket upgrade.
func StartBackend(t *testing.T, addr, name string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			conn, rw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
			fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
				WSAccept(r.Header.Get("Sec-WebSocket-Key")))
			rw.Flush()
			for {
				line, err := rw.ReadString('\n')
				if err != nil {
					return
				}
				rw.WriteString(name + " " + line)
				rw.Flush()
			}
		}
		fmt.Fprintf(w, "%s|%s", name, r.Header.Get("X-Forwarded-For"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// CommentField reports whether the plan field at path is written only
// inside a comment line (the header's topology path), where any printable
// text is harmless.
func CommentField(path string) bool { return strings.HasSuffix(path, ".Header.Source") }

// OnlyCommentsDiffer fails unless got has the lines of base, with
// differences only on lines that are comments ("#" first): text placed in a
// comment field must not reach a directive.
func OnlyCommentsDiffer(t *testing.T, what string, base, got []byte) {
	t.Helper()
	b, g := strings.Split(string(base), "\n"), strings.Split(string(got), "\n")
	if len(b) != len(g) {
		t.Errorf("%s: %d lines, want %d: the text broke out of its comment:\n%s", what, len(g), len(b), got)
		return
	}
	for i := range b {
		if b[i] != g[i] && !strings.HasPrefix(strings.TrimSpace(g[i]), "#") {
			t.Errorf("%s: line %d changed outside a comment: %q", what, i+1, g[i])
		}
	}
}
