//go:build !linux

package bench

import "errors"

// Evict is only implemented on Linux.
func Evict(paths ...string) (float64, error) {
	return 0, errors.New("bench: evicting files from the page cache needs Linux")
}
