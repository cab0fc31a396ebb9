//go:build !linux

package bench

import "os"

// maxRSS is unknown outside Linux, where units differ or are missing.
func maxRSS(*os.ProcessState) int64 { return 0 }
