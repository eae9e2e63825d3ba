// Command topo lints Socket.IO load-balancer chains declared in HCL and
// renders nginx, HAProxy and AWS ALB configurations that keep every session.
//
// main is the only place that exits; everything else returns an exit code
// through Run, so the whole CLI runs in-process in tests.
package main

import "os"

func main() {
	os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr))
}
