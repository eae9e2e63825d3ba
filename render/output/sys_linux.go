package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// errNoExchange says the file system cannot swap two directories in one
// rename.
var errNoExchange = errors.New("no rename exchange")

// exchange swaps the directories a and b in one rename (renameat2 with
// RENAME_EXCHANGE): a reader sees one or the other, never neither.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}

// lock takes dir/.topo.lock with flock, without waiting: ErrBusy when another
// process holds it. The kernel releases it when the process ends, however it
// ends, so a killed render leaves no stale lock; a finished one removes the
// file. A lock taken on a file that another render has just removed is
// retried on the new file.
func lock(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockName)
	for try := 0; try < 5; try++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, fmt.Errorf("render: %s: %w", dir, ErrBusy)
			}
			return nil, fmt.Errorf("render: locking %s: %w", path, err)
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return func() {
				// Remove while holding the lock, so that no render
				// can lock this file after it is gone.
				os.Remove(filepath.Join(dir, lockName))
				f.Close()
			}, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("render: %s: %w", dir, ErrBusy)
}
