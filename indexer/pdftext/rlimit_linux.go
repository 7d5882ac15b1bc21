package pdftext

import (
	"os/exec"
	"syscall"
)

// limitAddressSpace caps the worker's virtual memory, so a runaway
// allocation ends the worker instead of the machine's memory.
func limitAddressSpace(bytes int64) {
	lim := uint64(bytes) + 1<<30 // room for the Go runtime's reservations
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim})
}

// dieWithParent makes the worker end when the process that started it
// does (a SIGKILL of the server left it running, orphaned).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
