package noark

import (
	"archive/tar"
	"bytes"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// tarFS serves the regular files of an uncompressed tar file by offset, so
// that they can be read in any order without unpacking.
type tarFS struct {
	r     io.ReaderAt
	files map[string]tarEntry
	dirs  map[string][]fs.DirEntry
}

type tarEntry struct {
	off, size int64
	mod       time.Time
}

// isTar reports a POSIX or GNU tar header ("ustar" magic at offset 257).
func isTar(head []byte) bool {
	return len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar"))
}

// counter counts the bytes read through it: after tar.Reader.Next the
// count is the offset of the entry's data.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type readerAtSeeker interface {
	io.ReaderAt
	io.Reader
	io.Seeker
}

func indexTar(f readerAtSeeker) (*tarFS, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	c := &counter{r: f}
	tr := tar.NewReader(c)
	t := &tarFS{r: f, files: map[string]tarEntry{}, dirs: map[string][]fs.DirEntry{}}
	seenDir := map[string]bool{".": true}
	var addDir func(string)
	addDir = func(d string) {
		if seenDir[d] {
			return
		}
		seenDir[d] = true
		parent := path.Dir(d)
		addDir(parent)
		t.dirs[parent] = append(t.dirs[parent], fs.FileInfoToDirEntry(tarInfo{name: path.Base(d), dir: true}))
	}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if !fs.ValidPath(name) || name == "." {
			continue
		}
		switch h.Typeflag {
		case tar.TypeDir:
			addDir(name)
		case tar.TypeReg:
			if _, dup := t.files[name]; dup {
				continue
			}
			addDir(path.Dir(name))
			t.files[name] = tarEntry{off: c.n, size: h.Size, mod: h.ModTime}
			t.dirs[path.Dir(name)] = append(t.dirs[path.Dir(name)], fs.FileInfoToDirEntry(tarInfo{name: path.Base(name), size: h.Size, mod: h.ModTime}))
		}
	}
	for _, list := range t.dirs {
		sort.Slice(list, func(i, j int) bool { return list[i].Name() < list[j].Name() })
	}
	return t, nil
}

func (t *tarFS) Open(name string) (fs.File, error) {
	if e, ok := t.files[name]; ok {
		return &tarFile{SectionReader: io.NewSectionReader(t.r, e.off, e.size), info: tarInfo{name: path.Base(name), size: e.size, mod: e.mod}}, nil
	}
	if _, ok := t.dirs[name]; ok || name == "." {
		return &tarFile{SectionReader: io.NewSectionReader(t.r, 0, 0), info: tarInfo{name: path.Base(name), dir: true}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (t *tarFS) ReadDir(name string) ([]fs.DirEntry, error) {
	list, ok := t.dirs[name]
	if !ok && name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return append([]fs.DirEntry(nil), list...), nil
}

type tarFile struct {
	*io.SectionReader
	info tarInfo
}

func (f *tarFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *tarFile) Close() error               { return nil }

type tarInfo struct {
	name string
	size int64
	mod  time.Time
	dir  bool
}

func (i tarInfo) Name() string       { return i.name }
func (i tarInfo) Size() int64        { return i.size }
func (i tarInfo) ModTime() time.Time { return i.mod }
func (i tarInfo) IsDir() bool        { return i.dir }
func (i tarInfo) Sys() any           { return nil }
func (i tarInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
