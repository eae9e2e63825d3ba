package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runBounded runs topo and fails when it does not return within seconds:
// these inputs used to hang topo or exhaust its memory or stack.
func runBounded(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := run(t, args...)
		done <- result{code, out, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(20 * time.Second):
		t.Fatalf("topo %s did not return", strings.Join(args, " "))
		return 0, "", ""
	}
}

func TestHostileInputFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("testdata/clean.hcl")
	if err != nil {
		t.Fatal(err)
	}
	// A directory whose *.hcl files include a FIFO.
	fifoDir := filepath.Join(dir, "withfifo")
	os.Mkdir(fifoDir, 0o755)
	os.WriteFile(filepath.Join(fifoDir, "a.hcl"), good, 0o644)
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "b.hcl"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.hcl")
	syscall.Mkfifo(fifo, 0o644)
	zeroLink := filepath.Join(dir, "zero.hcl")
	os.Symlink("/dev/zero", zeroLink)
	big := filepath.Join(dir, "big.hcl")
	os.WriteFile(big, append(good, []byte(strings.Repeat("# padding\n", 200))...), 0o644)

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"fifo given", []string{"lint", fifo}, "is a named pipe (FIFO), not a regular file"},
		{"fifo in a directory", []string{"lint", fifoDir}, "b.hcl is a named pipe (FIFO)"},
		{"dev zero", []string{"lint", "/dev/zero"}, "is a character device"},
		{"symlink to dev zero", []string{"render", "nginx", zeroLink}, "is a character device"},
		{"over --max-file-size", []string{"lint", "--max-file-size", "1000", big}, "larger than 1000 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runBounded(t, c.args...)
			if code != ExitError || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, ExitError, c.want, stderr)
			}
		})
	}
}

// 60,000 nested brackets overflowed the parser's stack; now they are a
// diagnostic at the bracket that goes too deep.
func TestDeepNestingIsADiagnostic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep.hcl")
	src := "topology \"t\" {}\nsocketio {\n  related_paths = " + strings.Repeat("[", 60000) + "\n}\n"
	os.WriteFile(path, []byte(src), 0o644)
	code, _, stderr := runBounded(t, "lint", path)
	if code != ExitFindings || !strings.Contains(stderr, "Too deeply nested") || !strings.Contains(stderr, "deep.hcl line 3") {
		t.Errorf("exit %d:\n%.600s", code, stderr)
	}
}

// The header names the topology relative to --out, so a --check passes
// however the path is typed and from whichever directory it runs (it used
// to report drift between "x.hcl", "./x.hcl" and an absolute path).
func TestRenderHeaderDoesNotDependOnHowThePathIsTyped(t *testing.T) {
	abs, err := filepath.Abs("../../examples/haproxy-cookie.hcl")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "deploy"), 0o755)
	data, _ := os.ReadFile(abs)
	os.WriteFile(filepath.Join(root, "deploy", "topology.hcl"), data, 0o644)
	out := filepath.Join(root, "deploy", "haproxy")
	t.Chdir(root)
	if code, _, stderr := run(t, "render", "haproxy", "deploy/topology.hcl", "--out", "deploy/haproxy"); code != ExitOK {
		t.Fatalf("render: exit %d\n%s", code, stderr)
	}
	first, _ := os.ReadFile(filepath.Join(out, "haproxy-1.cfg"))
	if !strings.Contains(string(first), "from ../topology.hcl:") {
		t.Errorf("header: %.120s", first)
	}
	for _, c := range []struct{ cwd, path, out string }{
		{root, "./deploy/topology.hcl", "deploy/haproxy"},
		{root, filepath.Join(root, "deploy", "topology.hcl"), out},
		{filepath.Join(root, "deploy"), "topology.hcl", "haproxy"},
		{filepath.Join(root, "deploy", "haproxy"), "../topology.hcl", "."},
	} {
		t.Chdir(c.cwd)
		if code, _, stderr := run(t, "render", "haproxy", c.path, "--out", c.out, "--check"); code != ExitOK {
			t.Errorf("from %s: render haproxy %s --out %s --check: exit %d\n%s", c.cwd, c.path, c.out, code, stderr)
		}
	}
}

// Escape sequences in a file name or a source line do not reach the
// terminal: they are shown escaped.
func TestNoEscapeSequenceReachesTheTerminal(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b[2J.hcl")
	src := "topology \"t\" {}\nsocketio {\n  adapter = \"redis\" # \x1b]0;pwned\x07\n  bogus = 1\n}\n"
	os.WriteFile(name, []byte(src), 0o644)
	code, stdout, stderr := run(t, "lint", name)
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, out := range []string{stdout, stderr} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("a control character reached the output:\n%q", out)
		}
	}
	if !strings.Contains(stderr, `evil\x1b[2J.hcl`) {
		t.Errorf("the file name is not shown escaped:\n%s", stderr)
	}
	if code, _, stderr := run(t, "lint", filepath.Join(dir, "missing\x1b[31m.hcl")); code != ExitError || strings.Contains(stderr, "\x1b") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
}

// A render into a directory that another render holds is refused with the
// I/O exit code, and writes nothing.
func TestRenderIntoABusyDirectory(t *testing.T) {
	out := t.TempDir()
	f, err := os.OpenFile(filepath.Join(out, ".topo.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "render", "haproxy", "../../examples/haproxy-cookie.hcl", "--out", out)
	if code != ExitError || !strings.Contains(stderr, "another topo render is writing into this directory") || !strings.Contains(stderr, "Nothing was written") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want only the lock", len(entries))
	}
}

// An --out that cannot be written is an I/O failure: exit 2 for every
// target (the ALB used to exit 2 and nginx and HAProxy 1), and nothing is
// written.
func TestUnwritableOutIsExit2ForEveryTarget(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for target, topo := range map[string]string{
		"nginx":   "../../examples/slb-nginx-capacity.hcl",
		"haproxy": "../../examples/haproxy-cookie.hcl",
		"alb":     "../../examples/aws-alb-websocket-only.hcl",
	} {
		out := filepath.Join(blocker, "out")
		code, _, stderr := run(t, "render", target, topo, "--out", out)
		if code != ExitError || !strings.Contains(stderr, "Nothing was written") {
			t.Errorf("%s: exit %d, want %d:\n%s", target, code, ExitError, stderr)
		}
	}
}

// --check used to open an output name that was a FIFO and wait forever;
// now it reports it as drift and returns.
func TestCheckDoesNotOpenAFifo(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := run(t, "render", "haproxy", "../../examples/haproxy-cookie.hcl", "--out", out); code != ExitOK {
		t.Fatalf("render: exit %d\n%s", code, stderr)
	}
	target := filepath.Join(out, "haproxy-1.cfg")
	os.Remove(target)
	if err := syscall.Mkfifo(target, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBounded(t, "render", "haproxy", "../../examples/haproxy-cookie.hcl", "--out", out, "--check")
	if code != ExitFindings || !strings.Contains(stderr, "haproxy-1.cfg: exists and is not a regular file") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}
