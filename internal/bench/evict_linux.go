package bench

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Evict asks the kernel to drop the files' pages from its page cache
// (written back first), which an unprivileged process may do for its own
// files where writing 3 to /proc/sys/vm/drop_caches is not allowed. Pages
// mapped by a running process stay. It returns the part of the files'
// pages still resident afterwards (0 to 1), so that a "cold" start says
// how cold it was.
func Evict(paths ...string) (float64, error) {
	var pages, resident int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		fd := int(f.Fd())
		_ = unix.Fdatasync(fd) // dirty pages are not dropped
		err = unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED)
		if err == nil {
			var n, r int64
			n, r, err = residentPages(f)
			pages, resident = pages+n, resident+r
		}
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("bench: evict %s: %w", p, err)
		}
	}
	if pages == 0 {
		return 0, nil
	}
	return float64(resident) / float64(pages), nil
}

// residentPages counts the file's pages and those in the page cache
// (mincore over a read-only mapping).
func residentPages(f *os.File) (pages, resident int64, err error) {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return 0, 0, err
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return 0, 0, err
	}
	defer unix.Munmap(m)
	ps := int64(os.Getpagesize())
	vec := make([]byte, (st.Size()+ps-1)/ps)
	if _, _, e := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		return 0, 0, e
	}
	for _, v := range vec {
		resident += int64(v & 1)
	}
	return int64(len(vec)), resident, nil
}
