//go:build !linux

package pdftext

import "os/exec"

// limitAddressSpace relies on debug.SetMemoryLimit alone where RLIMIT_AS is
// not available.
func limitAddressSpace(int64) {}

// dieWithParent has no portable form: the worker's timeout ends it.
func dieWithParent(*exec.Cmd) {}
