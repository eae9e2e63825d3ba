// Package configcheck runs the real nginx and HAProxy configuration checks
// ("nginx -t", "haproxy -c") on rendered files, for tests and for
// "topo render --verify"-style callers.
//
// "nginx -t" opens every listen socket, so a file that listens on another
// machine's address (10.0.1.11:80) fails with "Cannot assign requested
// address" on this one. NginxTest therefore runs nginx in a private network
// namespace with net.ipv4.ip_nonlocal_bind (and the IPv6 twin) set to 1:
// any address binds, nothing conflicts with sockets of the host, and no
// packet leaves the namespace. As root this needs only CLONE_NEWNET; as
// another user it also needs an unprivileged user namespace. When neither is
// permitted, NginxTest runs nginx on the host and says so in its error if a
// listen address cannot be bound. "haproxy -c" does not bind (checked with
// HAProxy 2.6), so HAProxyCheck runs on the host.
//
// Both checks are strict: a warning in the output counts as a failure,
// because topo's output must be clean.
package configcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/topolint/topo/internal/lazyre"
)

// Available reports whether nginx and haproxy are on PATH.
func Available() (nginx, haproxy bool) {
	_, err1 := exec.LookPath("nginx")
	_, err2 := exec.LookPath("haproxy")
	return err1 == nil, err2 == nil
}

// ErrNoNamespace is wrapped by NginxTest's error when a listen address
// could not be bound and no private network namespace could be created to
// bind it in.
var ErrNoNamespace = errors.New("a private network namespace is not permitted here")

// nsScript runs inside the new network namespace: allow binding any address,
// then become the checker. Exit 97 reports that the sysctl is not writable.
const nsScript = `echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind 2>/dev/null || exit 97
if [ -e /proc/sys/net/ipv6/ip_nonlocal_bind ]; then echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind 2>/dev/null || exit 97; fi
exec "$@"`

// Linux capability numbers kept across exec in a user namespace.
const (
	capNetBindService = 10
	capNetAdmin       = 12
)

// namespaceAttr is nsAttr; tests replace it to simulate a host that does
// not permit namespaces.
var namespaceAttr = nsAttr

// nsAttr returns the process attributes that put a child into a new network
// namespace: as root a plain CLONE_NEWNET; otherwise a user namespace that
// maps the caller to itself and keeps CAP_NET_ADMIN (for the sysctl) and
// CAP_NET_BIND_SERVICE (for ports below 1024) inside it. nginx so stays a
// non-root process and does not try to chown its temp paths.
func nsAttr() *syscall.SysProcAttr {
	if os.Geteuid() == 0 {
		return &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	}
	uid, gid := os.Geteuid(), os.Getegid()
	return &syscall.SysProcAttr{
		Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: false,
		AmbientCaps:                []uintptr{capNetAdmin, capNetBindService},
	}
}

// bindFailure matches nginx's error for a listen address it cannot bind.
var bindFailure = lazyre.New(`bind\(\) to \S+ failed \((99|13):`)

// nginxWarning matches a warning line of nginx -t.
var nginxWarning = lazyre.New(`(?m)\[warn\]`)

// NginxTest runs "nginx -t -p PREFIX -c FILE" and returns nil when nginx
// accepts the file without warnings. The error holds nginx's output. nginx -t
// creates the pid file, logs and temp directories under PREFIX, so callers
// pass a scratch directory.
func NginxTest(ctx context.Context, file, prefix string) error {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return fmt.Errorf("nginx -t: %w", err)
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	args := []string{"-t", "-p", prefix, "-c", file}

	cmd := exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", nsScript, "sh", bin}, args...)...)
	cmd.SysProcAttr = namespaceAttr()
	out, runErr := run(cmd)
	var exitErr *exec.ExitError
	nsErr := error(nil)
	switch {
	case runErr == nil:
		return strictNginx(out)
	case errors.As(runErr, &exitErr) && exitErr.ExitCode() == 97:
		nsErr = errors.New("net.ipv4.ip_nonlocal_bind is not writable in the new namespace")
	case errors.As(runErr, &exitErr):
		return fmt.Errorf("nginx -t -p %s -c %s failed:\n%s", prefix, file, out)
	default:
		nsErr = runErr // the namespace could not be created
	}

	// Fall back to the host's network namespace.
	cmd = exec.CommandContext(ctx, bin, args...)
	out, runErr = run(cmd)
	if runErr == nil {
		return strictNginx(out)
	}
	if bindFailure.MatchString(out) {
		return fmt.Errorf("nginx -t -p %s -c %s could not bind a listen address on this host, and %w (%v): run as root, allow unprivileged user namespaces, or render with 127.0.0.0/8 addresses:\n%s",
			prefix, file, ErrNoNamespace, nsErr, out)
	}
	return fmt.Errorf("nginx -t -p %s -c %s failed:\n%s", prefix, file, out)
}

func strictNginx(out string) error {
	if nginxWarning.MatchString(out) {
		return fmt.Errorf("nginx -t accepted the file with warnings:\n%s", out)
	}
	return nil
}

// HAProxyCheck runs "haproxy -c -f FILE" in FILE's directory (where a
// rendered file runs, so that relative paths such as certificates resolve)
// and returns nil when HAProxy accepts the file without warnings. The error
// holds HAProxy's output.
func HAProxyCheck(ctx context.Context, file string) error {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		return fmt.Errorf("haproxy -c: %w", err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "-c", "-f", abs)
	cmd.Dir = filepath.Dir(abs)
	out, err := run(cmd)
	if err != nil {
		return fmt.Errorf("haproxy -c -f %s failed:\n%s", file, out)
	}
	if strings.Contains(out, "[WARNING]") {
		return fmt.Errorf("haproxy -c accepted %s with warnings:\n%s", file, out)
	}
	return nil
}

func run(cmd *exec.Cmd) (string, error) {
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.String(), err
}

var (
	nginxVersionRE   = lazyre.New(`nginx/([0-9]+\.[0-9]+\.[0-9]+)`)
	haproxyVersionRE = lazyre.New(`(?i)HAProxy version ([0-9]+\.[0-9]+(?:\.[0-9]+)?)`)
	modulesPathRE    = lazyre.New(`--modules-path=(\S+)`)
)

// NginxVersion returns the installed nginx's version, e.g. "1.22.1".
func NginxVersion(ctx context.Context) (string, error) {
	out, err := run(exec.CommandContext(ctx, "nginx", "-v"))
	if err != nil {
		return "", fmt.Errorf("nginx -v: %v: %s", err, out)
	}
	m := nginxVersionRE.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("nginx -v: no version in %q", out)
	}
	return m[1], nil
}

// HAProxyVersion returns the installed HAProxy's version, e.g. "2.6.12".
func HAProxyVersion(ctx context.Context) (string, error) {
	out, err := run(exec.CommandContext(ctx, "haproxy", "-v"))
	if err != nil {
		return "", fmt.Errorf("haproxy -v: %v: %s", err, out)
	}
	m := haproxyVersionRE.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("haproxy -v: no version in %q", out)
	}
	return m[1], nil
}

// NginxStream reports whether the installed nginx can run a stream {} block
// and, when the stream module is dynamic, the absolute path to pass to
// load_module (empty when the module is built in). ok is false when the
// module is dynamic and its file is missing (Debian: libnginx-mod-stream).
func NginxStream(ctx context.Context) (loadModule string, ok bool, err error) {
	out, err := run(exec.CommandContext(ctx, "nginx", "-V"))
	if err != nil {
		return "", false, fmt.Errorf("nginx -V: %v: %s", err, out)
	}
	for _, f := range strings.Fields(out) {
		if f == "--with-stream" {
			return "", true, nil
		}
	}
	if !strings.Contains(out, "--with-stream=dynamic") {
		return "", false, nil
	}
	dir := "/usr/lib/nginx/modules"
	if m := modulesPathRE.FindStringSubmatch(out); m != nil {
		dir = m[1]
	}
	path := strings.TrimSuffix(dir, "/") + "/ngx_stream_module.so"
	if _, err := os.Stat(path); err != nil {
		return path, false, nil
	}
	return path, true, nil
}

// inCI reports whether the tests run in CI (CI=true), where a missing
// checker is a failure rather than a reason to skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// missing fails the test in CI and skips it elsewhere.
func missing(t testing.TB, what string) {
	t.Helper()
	if inCI() {
		t.Fatalf("%s is not installed, and CI=true: CI must install it", what)
		return
	}
	t.Skipf("%s is not installed; skipping (this is a failure when CI=true)", what)
}

// RequireNginx skips the test when nginx is not on PATH, or fails it when
// CI=true.
func RequireNginx(t testing.TB) {
	t.Helper()
	if ok, _ := Available(); !ok {
		missing(t, "nginx (Debian package nginx)")
	}
}

// RequireHAProxy skips the test when haproxy is not on PATH, or fails it
// when CI=true.
func RequireHAProxy(t testing.TB) {
	t.Helper()
	if _, ok := Available(); !ok {
		missing(t, "haproxy (Debian package haproxy)")
	}
}

// RequireNginxStream is RequireNginx plus the stream module; it returns the
// load_module path for a dynamic module, or "" when it is built in.
func RequireNginxStream(t testing.TB) string {
	t.Helper()
	RequireNginx(t)
	path, ok, err := NginxStream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		missing(t, "the nginx stream module (Debian package libnginx-mod-stream)")
	}
	return path
}

// NginxDump runs "nginx -T -p PREFIX -c FILE" (in a private network
// namespace when it can, as NginxTest does) and returns what nginx prints
// on standard output: every file of the configuration, each after a
// "# configuration file" line.
func NginxDump(ctx context.Context, file, prefix string) ([]byte, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx -T: %w", err)
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	args := []string{"-T", "-p", prefix, "-c", file}
	dump := func(cmd *exec.Cmd) ([]byte, string, error) {
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.Bytes(), errb.String(), err
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", nsScript, "sh", bin}, args...)...)
	cmd.SysProcAttr = namespaceAttr()
	out, stderr, err := dump(cmd)
	if err == nil {
		return out, nil
	}
	out, stderr, err = dump(exec.CommandContext(ctx, bin, args...))
	if err != nil {
		return nil, fmt.Errorf("nginx -T -p %s -c %s failed: %v\n%s", prefix, file, err, stderr)
	}
	return out, nil
}
