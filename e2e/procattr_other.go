//go:build !linux

package e2e

import (
	"os"
	"os/exec"
	"syscall"
)

// sigterm is the polite stop signal (os.Interrupt where SIGTERM is not portable).
var sigterm os.Signal = os.Interrupt

// procAttr returns nil: no process groups outside Linux.
func procAttr() *syscall.SysProcAttr { return nil }

// killGroup kills the process itself.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
