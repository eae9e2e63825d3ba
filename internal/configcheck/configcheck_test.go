package configcheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// nginxConf is a minimal prefix-relative file listening on addr.
func nginxConf(addr, extra string) string {
	return fmt.Sprintf(`pid t.pid;
error_log t.error.log;
events { worker_connections 64; }
http {
    access_log t.access.log;
    client_body_temp_path t.temp;
    proxy_temp_path t.temp;
    fastcgi_temp_path t.temp;
    uwsgi_temp_path t.temp;
    scgi_temp_path t.temp;
    server {
        listen %s;
        %s
        location / { return 204; }
    }
}
`, addr, extra)
}

func TestNginxTest(t *testing.T) {
	RequireNginx(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, addr, extra string
		wantErr           string
	}{
		{"loopback", "127.0.0.1:18081", "", ""},
		// Not an address of this machine: it binds only inside the private
		// network namespace NginxTest uses.
		{"non-local IPv4", "10.0.1.11:80", "", ""},
		{"non-local IPv6", "[2001:db8::11]:80", "", ""},
		{"syntax error", "127.0.0.1:18081", "proxy_pass http://x;", `"proxy_pass" directive is not allowed here`},
		{"warning", "127.0.0.1:18081", "set_real_ip_from 10.0.1.5/24;", "low address bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := write(t, dir, "t.conf", nginxConf(tc.addr, tc.extra))
			err := NginxTest(ctx, file, dir)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestHAProxyCheck(t *testing.T) {
	RequireHAProxy(t)
	ctx := context.Background()
	const base = "defaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\n" +
		"frontend f\n    bind 10.0.1.11:80\n    default_backend b\nbackend b\n"
	for _, tc := range []struct {
		name, body, wantErr string
	}{
		// haproxy -c does not bind, so a non-local address needs nothing.
		{"valid", base + "    server s1 10.0.2.21:3000 id 1\n", ""},
		{"error", base + "    server s1 10.0.2.21:3000 bogus-keyword\n", "bogus-keyword"},
		{"nbproc", "global\n    nbproc 2\n" + base + "    server s1 10.0.2.21:3000\n", "nbproc"},
		{"warning", "defaults\n    mode http\nfrontend f\n    bind 127.0.0.1:18082\n", "missing timeouts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := write(t, t.TempDir(), "t.cfg", tc.body)
			err := HAProxyCheck(ctx, file)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	ctx := context.Background()
	if ok, _ := Available(); ok {
		v, err := NginxVersion(ctx)
		if err != nil || v == "" {
			t.Errorf("NginxVersion = %q, %v", v, err)
		}
		t.Logf("nginx %s", v)
		path, ok, err := NginxStream(ctx)
		t.Logf("stream module: %q, usable %v, err %v", path, ok, err)
	}
	if _, ok := Available(); ok {
		v, err := HAProxyVersion(ctx)
		if err != nil || v == "" {
			t.Errorf("HAProxyVersion = %q, %v", v, err)
		}
		t.Logf("haproxy %s", v)
	}
}

// fakeTB records what a Require helper did instead of stopping the test.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }
func (f *fakeTB) Skipf(format string, args ...any)  { f.skip = fmt.Sprintf(format, args...) }

func TestMissingFailsInCI(t *testing.T) {
	t.Setenv("CI", "true")
	f := &fakeTB{TB: t}
	missing(f, "nginx")
	if f.fatal == "" || f.skip != "" {
		t.Errorf("CI=true: fatal %q, skip %q; want a failure", f.fatal, f.skip)
	}
	t.Setenv("CI", "")
	f = &fakeTB{TB: t}
	missing(f, "nginx")
	if f.skip == "" || f.fatal != "" {
		t.Errorf("CI unset: fatal %q, skip %q; want a skip", f.fatal, f.skip)
	}
}

func TestErrNoNamespaceWrapped(t *testing.T) {
	// The sentinel is part of the API: callers tell "cannot check here" from
	// "the file is wrong" with errors.Is.
	err := fmt.Errorf("x: %w", ErrNoNamespace)
	if !errors.Is(err, ErrNoNamespace) {
		t.Fatal("ErrNoNamespace does not wrap")
	}
}

func TestNginxTestWithoutNamespace(t *testing.T) {
	RequireNginx(t)
	// Simulate a host that refuses the namespace: the child cannot start.
	namespaceAttr = func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Chroot: "/nonexistent-topo-test"} }
	defer func() { namespaceAttr = nsAttr }()
	ctx := context.Background()

	dir := t.TempDir()
	err := NginxTest(ctx, write(t, dir, "t.conf", nginxConf("10.0.1.11:80", "")), dir)
	if !errors.Is(err, ErrNoNamespace) {
		t.Fatalf("non-local address without a namespace: err = %v, want ErrNoNamespace", err)
	}
	t.Log(err)
	// A loopback address still checks on the host.
	dir = t.TempDir()
	if err := NginxTest(ctx, write(t, dir, "t.conf", nginxConf("127.0.0.1:18083", "")), dir); err != nil {
		t.Fatal(err)
	}
}
