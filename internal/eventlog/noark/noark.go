// Package noark reads Noark 5 archive extracts (arkivuttrekk) of versions
// 3.1, 4.0 and 5.0 as event logs: a case per saksmappe, an event per
// journalpost, status changes and hand-overs from endringslogg.xml and
// dokumentflyt as further events.
//
// An extract holds personal data. The reader keeps none of it: titles,
// descriptions, correspondents and document metadata are skipped unread,
// and the names of case handlers and administrative units become
// pseudonyms under a key drawn at random for each read (so the same person
// is the same resource within one log, and no one can tell who). Only the
// case number (mappeID, else systemID), the entry type, dates, status
// codes and the class id of a non-personal classification reach the
// statistics.
//
// The mapping, in full:
//   - Case: each saksmappe (a mappe with xsi:type saksmappe, or a plain
//     mappe holding entries), identified by mappeID, else systemID. A
//     registrering belongs to the innermost saksmappe around it.
//   - Journal entry (journalpost): one event, named by its journalposttype
//     (ActivityIncoming …), at mottattDato when incoming, sendtDato when
//     outgoing, else journaldato (a date alone is its midnight, Norwegian
//     time), falling back to dokumentetsDato and opprettetDato. Direction
//     in, out or internal, from which the statistics take the time to
//     first reply. An arkivnotat is an internal event at dokumentetsDato.
//   - dokumentflyt: "Sendt til godkjenning" by flytFra at the earlier of
//     flytSendtDato and flytMottattDato, and the flytStatus ("Godkjent",
//     "Ikke godkjent", "Returnert med kommentarer") by flytTil at the later.
//   - endringslogg.xml: a change of saksstatus (M052) is "Saksstatus: <new
//     status>" by endretAv; of saksansvarlig/saksbehandler (M306/M307) "Ny
//     saksbehandler" by the new handler; of administrativEnhet (M305) "Ny
//     administrativ enhet" by the new unit; at endretDato, in the case of
//     the saksmappe or journalpost it refers to. Other changes are passed
//     over.
//   - Resource: the entry's saksbehandler (in korrespondansepart, as
//     extracts of 3.1–5.0 carry it), else the case's saksansvarlig, else the
//     administrativEnhet; all pseudonymised.
//   - Open: saksstatus decides (Avsluttet, Utgår, Avsluttet av
//     saksbehandler and Ferdig fra saksbehandler are closed); without one,
//     a case with avsluttetDato is closed.
//
// arkivstruktur.xml and endringslogg.xml are read as streams by a small
// tokenizer (scan.go; encoding/xml reads arkivuttrekk.xml): memory grows
// with the events kept by the Builder, never with the file. Elements are matched
// by their local names, so any namespace (or none) is accepted, and no one
// element order is required: real extracts vary in both.
package noark

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// The files of an extract the reader knows by name.
const (
	FileStructure   = "arkivstruktur.xml"
	FileDescription = "arkivuttrekk.xml"
	FileChanges     = "endringslogg.xml"
)

// Error codes (translation keys) of the reader's *eventlog.ReadError.
const (
	ErrNotExtract = "eventlog.error.noark_not_extract" // no arkivstruktur.xml found
	ErrNotXML     = eventlog.CodeMalformedXML          // a file is not well-formed XML; Params: what is wrong
	ErrDate       = eventlog.CodeBadTimestamp          // a date that cannot be read; Params: the value
	ErrChecksum   = "eventlog.error.checksum"          // SHA-256 differs from arkivuttrekk.xml
	ErrUnreadable = "eventlog.error.noark_unreadable"  // the file or archive cannot be opened
)

// Warning codes (translation keys) counted through the Builder.
const (
	WarnNoChecksums      = "eventlog.warning.noark_no_checksums"        // no arkivuttrekk.xml, nothing verified
	WarnListedMissing    = "eventlog.warning.noark_listed_file_missing" // a file listed with a checksum is absent
	WarnAlgorithm        = "eventlog.warning.noark_checksum_algorithm"  // a checksum other than SHA-256, not verified
	WarnNoDate           = "eventlog.warning.noark_entry_without_date"  // a journal entry without any date
	WarnEntryWithoutCase = "eventlog.warning.noark_entry_without_case"  // a registrering outside any mappe
)

// Extract is an opened Noark 5 extract: a folder, a .zip, a .tar (.tar.gz)
// or a lone arkivstruktur.xml. Close it when done.
type Extract struct {
	fsys  fs.FS
	root  string // the folder inside fsys that holds arkivstruktur.xml
	name  string // what the user gave, for messages
	close []func() error

	// SkipChecksums reads the extract without comparing the files with
	// the SHA-256 sums of arkivuttrekk.xml. Only for extracts known to
	// carry stale sums (the shared sample does); imports never set it.
	SkipChecksums bool
	// Key is the pseudonym key. Empty (the default) draws a random key
	// for each read; tests set it to compare reads of the same extract.
	Key []byte
}

// Open opens the extract at path: a folder (or a folder above it, up to
// three levels, as delivered packages nest it under content/), a .zip, a
// .tar or .tar.gz, or an XML file — arkivstruktur.xml (read with the files
// beside it when it has that name, else alone) or arkivuttrekk.xml.
// The kind is decided by content, not by the file name, since uploaded
// files are stored under names of their own.
//
// Errors: *eventlog.ReadError with ErrUnreadable (path cannot be read) or
// ErrNotExtract (no arkivstruktur.xml in it).
func Open(p string) (*Extract, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	if st.IsDir() {
		return newExtract(os.DirFS(p), p, nil)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			f.Close()
			return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
		}
		return newExtract(zr, p, []func() error{f.Close})
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return openTarGz(f, p)
	case isTar(head):
		t, err := indexTar(f)
		if err != nil {
			f.Close()
			return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
		}
		return newExtract(t, p, []func() error{f.Close})
	}
	f.Close()
	switch rootElement(head) {
	case "arkiv":
		dir, base := filepath.Split(p)
		if base == FileStructure {
			return newExtract(os.DirFS(filepath.Clean(dir+".")), p, nil)
		}
		return newExtract(singleFS{path: p}, p, nil)
	case "addml", "mets":
		return newExtract(os.DirFS(filepath.Dir(p)), p, nil)
	}
	return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrNotExtract}
}

// OpenZip opens an extract packed as a zip archive held by r (an upload
// kept in memory or a file).
//
// Errors: *eventlog.ReadError with ErrUnreadable or ErrNotExtract.
func OpenZip(r io.ReaderAt, size int64, name string) (*Extract, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &eventlog.ReadError{File: name, Code: ErrUnreadable}
	}
	return newExtract(zr, name, nil)
}

// OpenFS opens an extract in fsys (at its root or up to three folders
// below it).
//
// Errors: *eventlog.ReadError with ErrNotExtract.
func OpenFS(fsys fs.FS, name string) (*Extract, error) {
	return newExtract(fsys, name, nil)
}

// Close releases the archive file and removes any temporary copy.
func (x *Extract) Close() error {
	var errs []error
	for i := len(x.close) - 1; i >= 0; i-- {
		errs = append(errs, x.close[i]())
	}
	x.close = nil
	return errors.Join(errs...)
}

func newExtract(fsys fs.FS, name string, closers []func() error) (*Extract, error) {
	x := &Extract{fsys: fsys, name: name, close: closers}
	root, ok := findRoot(fsys)
	if !ok {
		x.Close()
		return nil, &eventlog.ReadError{File: path.Join(filepath.Base(name), FileStructure), Code: ErrNotExtract}
	}
	x.root = root
	return x, nil
}

// findRoot looks for arkivstruktur.xml breadth-first, at most three
// folders deep (an Arkade package keeps it in <uuid>/content/).
func findRoot(fsys fs.FS) (string, bool) {
	level := []string{"."}
	for depth := 0; depth <= 3 && len(level) > 0; depth++ {
		var next []string
		for _, dir := range level {
			entries, err := fs.ReadDir(fsys, dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if !e.IsDir() && e.Name() == FileStructure {
					return dir, true
				}
			}
			for _, e := range entries {
				if e.IsDir() && e.Name() != "dokumenter" {
					next = append(next, path.Join(dir, e.Name()))
				}
			}
		}
		level = next
	}
	return "", false
}

func (x *Extract) file(name string) string { return path.Join(x.root, name) }

func (x *Extract) open(name string) (fs.File, error) { return x.fsys.Open(x.file(name)) }

// rootElement is the local name of the first element in head, or "".
func rootElement(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return ""
		}
		head = head[i+1:]
		if head[0] == '?' || head[0] == '!' {
			continue
		}
		end := bytes.IndexAny(head, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		name := string(head[:end])
		if j := strings.LastIndexByte(name, ':'); j >= 0 {
			name = name[j+1:]
		}
		return name
	}
}

// singleFS is an extract of a lone arkivstruktur.xml stored under another
// name (an upload).
type singleFS struct{ path string }

func (s singleFS) Open(name string) (fs.File, error) {
	if name == FileStructure {
		return os.Open(s.path)
	}
	if name == "." {
		return os.Open(filepath.Dir(s.path)) // only ReadDir of "." is asked for
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (s singleFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	st, err := os.Stat(s.path)
	if err != nil {
		return nil, err
	}
	return []fs.DirEntry{fs.FileInfoToDirEntry(renamed{st, FileStructure})}, nil
}

type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// openTarGz unpacks the gzip stream into a temporary tar file (removed on
// Close), since reading needs the files in an order the archive may not
// have; at most 200 times the packed size (at least 1 GiB) is unpacked.
func openTarGz(f *os.File, p string) (*Extract, error) {
	defer f.Close()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	tmp, err := os.CreateTemp("", "noark-*.tar")
	if err != nil {
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	cleanup := []func() error{func() error { return os.Remove(tmp.Name()) }, tmp.Close} // run last to first
	fail := func() (*Extract, error) {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
		return nil, &eventlog.ReadError{File: filepath.Base(p), Code: ErrUnreadable}
	}
	st, err := f.Stat()
	if err != nil {
		return fail()
	}
	limit := max(200*st.Size(), 1<<30) // XML packs some 20 to 1; far beyond that is a bomb
	if n, err := io.Copy(tmp, io.LimitReader(zr, limit+1)); err != nil || n > limit {
		return fail()
	}
	if err := zr.Close(); err != nil {
		return fail()
	}
	t, err := indexTar(tmp)
	if err != nil {
		return fail()
	}
	return newExtract(t, p, cleanup)
}
