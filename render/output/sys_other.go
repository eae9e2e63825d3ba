//go:build !linux

package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// errNoExchange says the file system cannot swap two directories in one
// rename; outside Linux topo does not try.
var errNoExchange = errors.New("no rename exchange")

func exchange(a, b string) error { return errNoExchange }

// lock creates dir/.topo.lock exclusively: ErrBusy when it exists. Unlike
// flock on Linux, a killed render leaves the file behind; remove it by hand.
func lock(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("render: %s: %w (or one was killed: remove %s)", dir, ErrBusy, path)
	}
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	f.Close()
	return func() { os.Remove(path) }, nil
}
