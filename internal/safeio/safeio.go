// Package safeio reads the files topo is given without trusting them: only
// regular files (a FIFO, a device, a socket or a directory is refused with
// a clear error, also behind a symlink), opened without blocking (a FIFO
// with no writer would hang a plain open), and never more than a limit, so
// that /dev/zero or a 2 GiB file cannot exhaust memory. Every file topo reads
// goes through it: topologies, and existing outputs that render checks.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// DefaultLimit is the largest topology file topo reads unless told
// otherwise: 8 MiB, two orders of magnitude above a topology of 10,000
// nodes.
const DefaultLimit = 8 << 20

// NotRegularError is a path that is not a regular file.
type NotRegularError struct {
	Path string
	// Kind says what it is instead: "a named pipe (FIFO)", "a device", …
	Kind string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; topo reads only regular files", e.Path, e.Kind)
}

// TooLargeError is a file larger than the limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d bytes, the most topo reads from one file (raise it with --max-file-size)", e.Path, e.Limit)
}

// kindOf names what a non-regular mode is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a dangling symbolic link"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// Regular reports, without opening it, whether path is (or links to) a
// regular file: nil, a *NotRegularError, or the error of stat.
func Regular(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return &NotRegularError{Path: path, Kind: kindOf(info.Mode())}
	}
	return nil
}

// open opens path for reading without blocking and checks, on the opened
// file, that it is regular (so that a path swapped after a stat is caught).
func open(path string) (*os.File, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Kind: kindOf(info.Mode())}
	}
	return f, nil
}

// ReadFile reads the regular file path, at most limit bytes; a larger file
// is a *TooLargeError and nothing of it is returned.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return data, nil
}

// ReadPrefix reads at most n bytes from the start of the regular file path:
// enough to read a header without reading a whole file.
func ReadPrefix(path string, n int64) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// IsNotRegular reports whether err says a path is not a regular file.
func IsNotRegular(err error) bool {
	var e *NotRegularError
	return errors.As(err, &e)
}
