//go:build !unix

package measure

import "os"

// peakMiB is 0 where the system does not report an ended process's peak.
func peakMiB(*os.ProcessState) float64 { return 0 }
