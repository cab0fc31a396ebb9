package bench

import (
	"os"
	"syscall"
)

// maxRSS is the child's peak resident memory; Linux counts it in KiB.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10
	}
	return 0
}
