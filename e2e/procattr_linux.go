//go:build linux

package e2e

import (
	"os/exec"
	"syscall"
)

// sigterm is the polite stop signal.
var sigterm = syscall.SIGTERM

// procAttr puts each started process in its own process group (so that
// killGroup also reaches nginx workers) and asks the kernel to send it SIGTERM
// if the test binary dies without running its cleanups.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// killGroup sends SIGKILL to the process group led by cmd's process.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
