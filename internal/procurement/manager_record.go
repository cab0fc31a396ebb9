package procurement

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Log actions of the record and the archive.
const (
	ActRecord  = "record.export"
	ActArchive = "archive.export"
)

// Exports write the files the record and the archive are made of from a
// dossier. They are given to Record and Archive by the caller because the
// packages that write them (procurement/record, procurement/ocds) import
// this one: record.NewExports builds them.
type Exports struct {
	// Record writes the procurement record (anskaffelsesprotokoll) as a PDF.
	Record func(d Dossier) ([]byte, error)
	// OCDS writes the tender as an OCDS release package (JSON).
	OCDS func(d Dossier) ([]byte, error)
}

// recordDossier authorises action for p (CanEdit, a refusal logged under
// action), then reads the dossier (itself logged) with what the record
// adds to it: the notices (deadline moves) and the thresholds in force.
func (m *Manager) recordDossier(ctx context.Context, p domain.Principal, tender domain.ID, action string) (Dossier, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, action); err != nil {
		return Dossier{}, err
	}
	d, err := m.Dossier(ctx, p, tender)
	if err != nil {
		return Dossier{}, err
	}
	if d.Notices, err = m.store.Notices(ctx, p.CollaborationID, tender); err != nil {
		return Dossier{}, err
	}
	d.Thresholds = m.cfg.Thresholds
	return d, nil
}

// Record writes the tender's procurement record (FOA § 7-1 and the
// part's own rules; see package record) as a PDF for the tender's CanEdit
// persons. The dossier read and the export are logged; the export's entry
// names the PDF's SHA-256, so the copy filed in the records system can be
// matched with the log.
//
// Errors: unauthorized, forbidden (logged), not found, conflict
// "procurement.no_key", internal when the PDF cannot be written.
func (m *Manager) Record(ctx context.Context, p domain.Principal, tender domain.ID, x Exports) ([]byte, error) {
	d, err := m.recordDossier(ctx, p, tender, ActRecord)
	if err != nil {
		return nil, err
	}
	if x.Record == nil {
		return nil, domain.Internal(errors.New("procurement: no record writer"))
	}
	pdf, err := x.Record(d)
	if err != nil {
		return nil, err
	}
	if err := m.store.Atomic(ctx, func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActRecord, obj("tender", tender), "sha256 "+sum(pdf), OutcomeOK)
	}); err != nil {
		return nil, err
	}
	return pdf, nil
}

// ArchiveFile is one file of an archive as its manifest lists it.
type ArchiveFile struct {
	Path   string `json:"path"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest is manifest.json, the archive's table of contents: every other
// file with its size and SHA-256, so the records system (or anyone later)
// can check that nothing was changed.
type Manifest struct {
	Tender    string        `json:"tender"`
	Title     string        `json:"title"`
	Files     []ArchiveFile `json:"files"`
	LogIntact bool          `json:"log_intact"`
	// Omitted names a file that could not be written, with why (an OCDS
	// package before the tender has what the standard needs).
	Omitted []Omission `json:"omitted,omitempty"`
}

// Omission is a file left out of an archive and why (an error code).
type Omission struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Archive paths.
const (
	ArchiveRecord   = "anskaffelsesprotokoll.pdf"
	ArchiveOCDS     = "ocds/release-package.json"
	ArchiveLog      = "log/access-log.csv"
	ArchiveManifest = "manifest.json"
)

// Archive packs everything about the tender for the municipality's
// records system as one .zip, for its CanEdit persons: the record
// (ArchiveRecord); every version of every document as
// documents/<kind>/<document id>/<n>-<file name>; every award letter sent as
// letters/<n>-<supplier>.txt; the OCDS release package (ArchiveOCDS); the
// access log as CSV, checked against its MAC chain (ArchiveLog); and
// manifest.json listing every other file with its SHA-256. The order of
// the files and their times come from the data, so the same tender gives
// the same archive. Bids' sealed files are not in it. The read and the
// export are logged, the export with the archive's SHA-256.
//
// Errors: unauthorized, forbidden (logged), not found, conflict
// "procurement.no_key", internal when a file cannot be written.
func (m *Manager) Archive(ctx context.Context, p domain.Principal, tender domain.ID, x Exports) ([]byte, error) {
	d, err := m.recordDossier(ctx, p, tender, ActArchive)
	if err != nil {
		return nil, err
	}
	if x.Record == nil || x.OCDS == nil {
		return nil, domain.Internal(errors.New("procurement: no record or OCDS writer"))
	}
	at := archiveTime(d)
	type file struct {
		path    string
		content []byte
		at      time.Time
	}
	var files []file
	pdf, err := x.Record(d)
	if err != nil {
		return nil, err
	}
	files = append(files, file{ArchiveRecord, pdf, at})

	docs := slices.Clone(d.Documents)
	slices.SortStableFunc(docs, func(a, b Document) int { return cmp.Or(strings.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID)) })
	for _, doc := range docs {
		versions := slices.Clone(doc.Versions)
		slices.SortFunc(versions, func(a, b DocVersion) int { return a.N - b.N })
		for _, v := range versions {
			_, content, err := m.store.DocumentContent(ctx, p.CollaborationID, tender, doc.ID, v.N)
			if err != nil {
				return nil, err
			}
			name := path.Join("documents", safeName(doc.Kind), idText(doc.ID), strconv.Itoa(v.N)+"-"+safeName(v.FileName))
			files = append(files, file{name, content, cmp.Or(v.At, at)})
		}
	}
	letters := slices.Clone(d.Letters)
	slices.SortStableFunc(letters, func(a, b Letter) int { return cmp.Compare(a.ID, b.ID) })
	for i, l := range letters {
		if l.SentAt.IsZero() {
			continue
		}
		text := l.Subject + "\n\n" + l.Body + "\n"
		files = append(files, file{"letters/" + strconv.Itoa(i+1) + "-" + safeName(d.SupplierName(l.SupplierID)) + ".txt", []byte(text), l.SentAt})
	}

	man := Manifest{Tender: d.Tender.Reference, Title: d.Tender.Title}
	if pkg, err := x.OCDS(d); err == nil {
		files = append(files, file{ArchiveOCDS, pkg, at})
	} else if k := domain.KindOf(err); k == domain.KindInvalid || k == domain.KindConflict {
		man.Omitted = append(man.Omitted, Omission{Path: ArchiveOCDS, Reason: domain.AsError(err).Code})
	} else {
		return nil, err
	}

	logView, err := m.Log(ctx, p, tender)
	if err != nil {
		return nil, err
	}
	man.LogIntact = logView.Intact
	csvLog, err := logCSV(logView.Entries)
	if err != nil {
		return nil, err
	}
	files = append(files, file{ArchiveLog, csvLog, at})

	for _, f := range files {
		man.Files = append(man.Files, ArchiveFile{Path: f.path, Size: len(f.content), SHA256: sum(f.content)})
	}
	manJSON, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return nil, domain.Internal(err)
	}
	files = append(files, file{ArchiveManifest, append(manJSON, '\n'), at})

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.path, Method: zip.Deflate, Modified: f.at.UTC()})
		if err != nil {
			return nil, domain.Internal(err)
		}
		if _, err := w.Write(f.content); err != nil {
			return nil, domain.Internal(err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, domain.Internal(err)
	}
	out := buf.Bytes()
	if err := m.store.Atomic(ctx, func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActArchive, obj("tender", tender), "sha256 "+sum(out), OutcomeOK)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// archiveTime is the time the generated files carry: the latest event the
// dossier records, never the wall clock, so the archive is reproducible.
func archiveTime(d Dossier) time.Time {
	at := d.Tender.UpdatedAt
	for _, t := range []time.Time{d.Tender.CreatedAt, d.Tender.OpenedAt} {
		at = later(at, t)
	}
	if d.Award != nil {
		at = later(later(at, d.Award.DecidedAt), d.Award.NotifiedAt)
	}
	if d.Contract != nil {
		at = later(at, d.Contract.SignedAt)
	}
	for _, c := range d.Complaints {
		at = later(later(at, c.ReceivedAt), c.AnsweredAt)
	}
	for _, doc := range d.Documents {
		for _, v := range doc.Versions {
			at = later(at, v.At)
		}
	}
	if at.IsZero() {
		at = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the earliest time a zip can hold
	}
	return at.UTC()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// logCSV writes the access log with a header row; times in UTC (RFC 3339),
// the MAC in hex so the chain can be checked again.
func logCSV(entries []LogEntry) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"seq", "at_utc", "actor_id", "actor", "action", "object", "detail", "outcome", "mac"}}
	for _, e := range entries {
		rows = append(rows, []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), idText(e.ActorID),
			e.Actor, e.Action, e.Object, e.Detail, e.Outcome, hex.EncodeToString(e.MAC)})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, domain.Internal(err)
	}
	return buf.Bytes(), nil
}

// safeName makes s a single path element: no separators, no control
// characters, not "." or "..", "file" when nothing is left.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, ".")
	if s == "" {
		return "file"
	}
	return s
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
