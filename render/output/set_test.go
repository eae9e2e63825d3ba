package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// set is a render of n files whose content names the generation g.
func set(g, n int) []File {
	var out []File
	for i := 1; i <= n; i++ {
		out = append(out, File{Name: fmt.Sprintf("edge-%d.conf", i), Data: gen(fmt.Sprintf("generation %d\n", g))})
	}
	return out
}

// A write that fails half-way (a full disk) leaves the directory as it was:
// it used to keep edge-1 of the new render beside edge-2 of the old one.
func TestWriteSetFailureLeavesTheOldSet(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteSet(dir, set(1, 3)); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	writes := 0
	faultBeforeWrite = func(string) error {
		writes++
		if writes == 2 {
			return syscall.ENOSPC
		}
		return nil
	}
	defer func() { faultBeforeWrite = nil }()
	_, err := WriteSet(dir, set(2, 3))
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v, want ENOSPC", err)
	}
	if diff := cmp.Diff(before, readDir(t, dir)); diff != "" {
		t.Errorf("the directory changed (-before +after):\n%s", diff)
	}
	if left, _ := filepath.Glob(sibling(dir) + "*"); len(left) != 0 {
		t.Errorf("a failed render left %v", left)
	}
}

// What a killed render leaves next to the directory is removed by the next
// one, and reported.
func TestWriteSetCleansLeftovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := WriteSet(dir, set(1, 2)); err != nil {
		t.Fatal(err)
	}
	left := sibling(dir) + "new-123"
	os.MkdirAll(filepath.Join(left, "half"), 0o755)
	other := sibling(dir) + "lock-not-ours"
	os.WriteFile(other, nil, 0o644)
	rep, err := WriteSet(dir, set(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Cleaned) != 1 || rep.Cleaned[0] != left {
		t.Errorf("cleaned %v, want %s", rep.Cleaned, left)
	}
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still there", left)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file that is not a leftover was removed: %v", err)
	}
}

// A render into a directory another render is writing is refused, and
// writes nothing.
func TestWriteSetRefusesAConcurrentRender(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteSet(dir, set(1, 2)); err != nil {
		t.Fatal(err)
	}
	unlock, err := lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	_, err = WriteSet(dir, set(2, 2))
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another topo render") {
		t.Errorf("error %v, want ErrBusy", err)
	}
	unlock()
	delete(before, lockName)
	if diff := cmp.Diff(before, readDir(t, dir)); diff != "" {
		t.Errorf("the directory changed (-before +after):\n%s", diff)
	}
	if _, err := WriteSet(dir, set(2, 2)); err != nil {
		t.Errorf("after the lock is released: %v", err)
	}
}

// Everything else in the directory (other targets' files, hand-written
// files, subdirectories, symlinks) is there after the swap, with its content.
func TestWriteSetKeepsTheRestOfTheDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hand.txt"), []byte("mine\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "mid-1.cfg"), gen("haproxy\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "edge-1.temp", "sub"), 0o700)
	os.WriteFile(filepath.Join(dir, "edge-1.temp", "sub", "x"), []byte("x"), 0o644)
	os.Symlink("hand.txt", filepath.Join(dir, "link"))
	if _, err := WriteSet(dir, set(1, 2)); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"hand.txt": "mine\n", "mid-1.cfg": string(gen("haproxy\n")), "edge-1.temp/sub/x": "x", "link": "mine\n", "edge-2.conf": string(gen("generation 1\n"))} {
		got, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", path, got, err, want)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, "hand.txt")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("hand.txt mode: %v %v", info.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file outlives the render: %v", err)
	}
}

// A reader that lists the directory and reads every file through one handle
// on it sees one render's files, never two renders mixed, however the
// renders and the reads interleave.
func TestWriteSetReaderNeverSeesAMix(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteSet(dir, set(0, 5)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var mixed, reads int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			gens := map[string]bool{}
			d, err := os.Open(dir)
			if err != nil {
				continue // the instant of the swap on a fallback path
			}
			names, _ := d.Readdirnames(-1)
			for _, n := range names {
				if !strings.HasSuffix(n, ".conf") {
					continue
				}
				fd, err := unix.Openat(int(d.Fd()), n, unix.O_RDONLY, 0)
				if err != nil {
					continue
				}
				buf := make([]byte, 200)
				k, _ := unix.Read(fd, buf)
				unix.Close(fd)
				gens[strings.SplitN(string(buf[:k]), "\n", 3)[1]] = true
			}
			d.Close()
			reads++
			if len(gens) > 1 {
				mixed++
			}
		}
	}()
	for g := 1; g <= 150; g++ {
		if _, err := WriteSet(dir, set(g, 5)); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if mixed > 0 {
		t.Errorf("%d of %d reads saw files of two renders", mixed, reads)
	}
	if reads == 0 {
		t.Error("the reader read nothing")
	}
}

// A source that fails after yielding some files (a tier that cannot be
// rendered, met half-way through a streamed set) leaves the directory as it
// was, and WriteSetFrom returns the source's error.
func TestWriteSetFromSourceFailureLeavesTheOldSet(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteSet(dir, set(1, 3)); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	boom := errors.New("tier cannot be rendered")
	src := func(yield func(File) error) error {
		for _, f := range set(2, 3)[:2] {
			if err := yield(f); err != nil {
				return err
			}
		}
		return boom
	}
	if _, err := WriteSetFrom(dir, src); !errors.Is(err, boom) {
		t.Fatalf("error %v, want the source's", err)
	}
	if diff := cmp.Diff(before, readDir(t, dir)); diff != "" {
		t.Errorf("the directory changed (-before +after):\n%s", diff)
	}
	if left, _ := filepath.Glob(sibling(dir) + "*"); len(left) != 0 {
		t.Errorf("a failed render left %v", left)
	}
	// A source that succeeds replaces the set, file by file as it comes.
	if _, err := WriteSetFrom(dir, Slice(set(3, 2))); err != nil {
		t.Fatal(err)
	}
	got := readDir(t, dir)
	if len(got) != 3 || !strings.Contains(got["edge-1.conf"], "generation 3") || !strings.Contains(got["edge-3.conf"], "generation 1") {
		t.Errorf("after a streamed set: %v", got)
	}
}
