//go:build !unix

package safeio

import "os"

// openNonBlocking opens path; on systems without FIFOs in the file system
// there is nothing to block on.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
