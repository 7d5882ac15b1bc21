//go:build !linux

package pdftext

// limitAddressSpace relies on debug.SetMemoryLimit alone where RLIMIT_AS is
// not available.
func limitAddressSpace(int64) {}
