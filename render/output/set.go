package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Report says what WriteSet did besides writing the files.
type Report struct {
	// Cleaned lists what an interrupted render had left next to the
	// directory and this one removed.
	Cleaned []string
	// OneByOne is set when the file system could not swap the set in as one
	// (no rename exchange, or no room next to the directory): the files were
	// then written one by one, each atomically.
	OneByOne bool
}

// lockName is the lock file inside the output directory; a render holds it
// for its whole run. Check and the stale-file scan skip names starting with
// a dot.
const lockName = ".topo.lock"

// sibling returns the prefix of topo's temporary directories next to dir:
// "<parent>/.<base>.topo-".
func sibling(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".topo-")
}

// Source hands a set of files to yield, one at a time, and returns the first
// error of its own or of yield. It may be called more than once and must
// hand the same files each time (a render is deterministic): WriteSetFrom
// calls it a second time only when it must fall back to writing one by one.
type Source func(yield func(File) error) error

// Slice is the Source of files held in memory.
func Slice(files []File) Source {
	return func(yield func(File) error) error {
		for _, f := range files {
			if err := yield(f); err != nil {
				return err
			}
		}
		return nil
	}
}

// WriteFiles writes files into dir as one set (see WriteSet).
func WriteFiles(dir string, files []File) error {
	_, err := WriteSet(dir, files)
	return err
}

// WriteSet writes files into dir, creating it when missing, so that a reader
// of dir sees either the files as they were or all of the new ones, never a
// mix of two renders:
//
//  1. It takes the lock dir/.topo.lock (flock): a second render into the
//     same directory is refused with ErrBusy. The kernel drops the lock
//     when the process dies, even by kill -9.
//  2. It removes what an interrupted render left next to dir (directories
//     "<parent>/.<dir>.topo-new-*" and "-old-*") and reports them.
//  3. It checks every file first (see checkFiles): nothing is written when
//     one check fails, and a file topo did not generate is never replaced.
//  4. It builds the new content of dir in a temporary directory next to it:
//     everything dir holds that is not in files, hard-linked (copied when the
//     file system refuses a link), and the new files, each synced.
//  5. It swaps the two directories in one rename (renameat2 with
//     RENAME_EXCHANGE on Linux) and removes the old content.
//
// When the file system cannot do step 4 or 5 it falls back to writing the
// files one by one, each atomically (a temporary file renamed over the
// target), and says so in the report. Any failure before the swap leaves dir
// as it was. dir must not be a file; when it is a symbolic link, the
// directory it points to is written.
func WriteSet(dir string, files []File) (Report, error) {
	return WriteSetFrom(dir, Slice(files))
}

// WriteSetFrom is WriteSet for files made one at a time: each file is
// checked and written into the new directory as src yields it, so memory
// holds one file, not the set. A failure of src, or of a check, leaves dir
// as it was. In the one-by-one fallback src runs twice: once to check every
// file, once to write them.
func WriteSetFrom(dir string, src Source) (Report, error) {
	var rep Report
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	// An absolute path, so that "." and ".." have a parent to build the
	// new set beside (a relative "." would build it inside itself).
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, fmt.Errorf("render: %w", err)
	}
	unlock, err := lock(dir)
	if err != nil {
		return rep, err
	}
	defer unlock()
	rep.Cleaned = cleanLeftovers(dir)
	swapped, err := swapIn(dir, src)
	if err != nil {
		return rep, err
	}
	if !swapped {
		rep.OneByOne = true
		seen := map[string]bool{}
		if err := src(func(f File) error { return checkFile(dir, f, seen) }); err != nil {
			return rep, err
		}
		if err := oneByOne(dir, src); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// cleanLeftovers removes the temporary directories an interrupted render
// left next to dir; the caller holds the lock, so no render is using them.
func cleanLeftovers(dir string) []string {
	matches, _ := filepath.Glob(sibling(dir) + "*")
	var out []string
	for _, m := range matches {
		rest := strings.TrimPrefix(m, sibling(dir))
		if !strings.HasPrefix(rest, "new-") && !strings.HasPrefix(rest, "old-") {
			continue
		}
		if os.RemoveAll(m) == nil {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

// swapIn builds the new content of dir next to it and swaps it in. It
// returns false, with nothing changed, when the file system cannot.
func swapIn(dir string, src Source) (bool, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return false, fmt.Errorf("render: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(sibling(dir))+"new-")
	if err != nil {
		// No room next to dir (a read-only parent): write in place.
		return false, nil
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, info.Mode().Perm()); err != nil {
		return false, fmt.Errorf("render: %w", err)
	}
	// The new files first, each checked as it comes; then everything else
	// dir holds.
	replaced := map[string]bool{}
	err = src(func(f File) error {
		if err := checkFile(dir, f, replaced); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return fmt.Errorf("render: writing %s: %w", f.Name, err)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if err := carryOver(dir, tmp, replaced); err != nil {
		if errors.Is(err, errCannotCarry) {
			return false, nil
		}
		return false, fmt.Errorf("render: %w", err)
	}
	if err := syncDir(tmp); err != nil {
		return false, fmt.Errorf("render: %w", err)
	}
	if err := exchange(tmp, dir); err != nil {
		if errors.Is(err, errNoExchange) {
			return false, nil
		}
		return false, fmt.Errorf("render: swapping %s in: %w", dir, err)
	}
	ok = true
	// tmp now holds the old content; the new set is in place.
	os.RemoveAll(tmp)
	syncDir(filepath.Dir(dir))
	return true, nil
}

// errCannotCarry is an entry of the directory that cannot be carried over
// into the new one (a FIFO, a socket, a device, or a file system without
// hard links that also refuses a copy).
var errCannotCarry = errors.New("cannot carry over")

// carryOver recreates in dst everything in src except the names in skip
// (at the top level) and the lock, which is hard-linked too so that the
// lock holds across the swap.
func carryOver(src, dst string, skip map[string]bool) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if skip[e.Name()] {
			continue
		}
		if err := carry(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// carry recreates one entry: a hard link for a regular file (a copy when
// links are refused), a new directory with its entries carried, a symbolic
// link with the same target.
func carry(src, dst string) error {
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	switch m := info.Mode(); {
	case m.IsRegular():
		if os.Link(src, dst) == nil {
			return nil
		}
		if err := copyFile(src, dst, m); err != nil {
			return fmt.Errorf("%w %s: %v", errCannotCarry, src, err)
		}
		return nil
	case m.IsDir():
		if err := os.Mkdir(dst, m.Perm()); err != nil {
			return err
		}
		return carryOver(src, dst, nil)
	case m&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	}
	return fmt.Errorf("%w %s: not a regular file, directory or symbolic link", errCannotCarry, src)
}

// oneByOne writes each file atomically (a temporary file in dir renamed over
// the target): the fallback when the set cannot be swapped in as one.
func oneByOne(dir string, src Source) error {
	err := src(func(f File) error {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp-*")
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		name := tmp.Name()
		tmp.Close()
		os.Remove(name)
		if err := writeFile(name, f.Data); err != nil {
			os.Remove(name)
			return fmt.Errorf("render: writing %s: %w", f.Name, err)
		}
		if err := os.Rename(name, filepath.Join(dir, f.Name)); err != nil {
			os.Remove(name)
			return fmt.Errorf("render: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("render: syncing %s: %w", dir, err)
	}
	return nil
}
