package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// run calls f and fails the test when it does not return within a few
// seconds: every case here used to hang or exhaust memory.
func run(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("did not return: it blocks")
		return nil
	}
}

func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.hcl")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]string{
		fifo:        "a named pipe (FIFO)",
		"/dev/zero": "a character device",
		link:        "a character device",
		dir:         "a directory",
	} {
		err := run(t, func() error { _, err := ReadFile(path, DefaultLimit); return err })
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Kind != kind || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("ReadFile(%s): %v, want %s", path, err, kind)
		}
		if err := Regular(path); !IsNotRegular(err) {
			t.Errorf("Regular(%s): %v", path, err)
		}
		if _, err := ReadPrefix(path, 64); !IsNotRegular(err) {
			t.Errorf("ReadPrefix(%s): %v", path, err)
		}
	}
}

func TestLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.hcl")
	if err := os.WriteFile(path, make([]byte, 1001), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path, 1000); !strings.Contains(fmtErr(err), "larger than 1000 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	if data, err := ReadFile(path, 1001); err != nil || len(data) != 1001 {
		t.Errorf("at the limit: %d bytes, %v", len(data), err)
	}
	if data, err := ReadPrefix(path, 10); err != nil || len(data) != 10 {
		t.Errorf("prefix: %d bytes, %v", len(data), err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
