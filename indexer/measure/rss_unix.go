//go:build unix

package measure

import (
	"os"
	"runtime"
	"syscall"
)

// peakMiB is the peak resident set of an ended process, in MiB.
func peakMiB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20) // bytes there
	}
	return float64(ru.Maxrss) / 1024 // kB
}
