package main

import "fmt"

// Exit codes, the same for every command and format (the spec's contract).
const (
	// ExitOK: no finding at or above --fail-on, and the topology decoded.
	ExitOK = 0
	// ExitFindings: findings at or above --fail-on, the topology does not
	// decode, render refused, or --check found drift.
	ExitFindings = 1
	// ExitError: topo could not run: bad flags, unreadable path, internal failure.
	ExitError = 2
)

// exitError carries an exit code out of a cobra command.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// fail returns an error that makes Run exit with code, printing msg (when
// not empty) to stderr.
func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}
