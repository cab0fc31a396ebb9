package catalogue

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/upload"
)

// The import of a file over two requests: the preview reads the file and
// shows what would change (or every problem), the commit writes exactly
// the batch previewed. Between them the batch is kept in the database
// (internal/upload), so that any app server can finish an import another
// one started, and a large workbook is parsed once.

// Uploads keeps previewed batches until their commit. internal/upload's
// Store satisfies it; Upload returns one only to the user who made it.
type Uploads interface {
	SaveUpload(ctx context.Context, u upload.Upload) (domain.ID, error)
	Upload(ctx context.Context, collab, user, id domain.ID) (upload.Upload, error)
	DeleteUpload(ctx context.Context, id domain.ID) error
}

// ReadFunc reads an import file named name (CSV or XLSX, told by its
// name) into a batch. The catalogue does not know the file formats
// (internal/transfer does, and depends on the catalogue), so the reader
// is given to the Importer. It returns invalid for a file that cannot be
// read at all; problems with single rows are in the batch.
type ReadFunc func(r io.Reader, name string) (Batch, error)

// Importer is the import use case: preview a file, commit the preview.
// The rules (who may import what, what a row may hold, all or nothing)
// are the Manager's Import; the Importer adds the reading and the keeping
// between the two steps.
type Importer struct {
	catalogue *Manager
	uploads   Uploads
	read      ReadFunc
}

// NewImporter builds the import use case over the catalogue's manager.
func NewImporter(m *Manager, uploads Uploads, read ReadFunc) *Importer {
	return &Importer{catalogue: m, uploads: uploads, read: read}
}

// ImportResult is the outcome of a preview or a commit: the report, the
// name of the file and the kept upload to commit (0 when there is none:
// the preview found problems).
type ImportResult struct {
	Report   ImportReport
	FileName string
	Upload   domain.ID
}

// Preview reads the file and checks it against the catalogue without
// changing it. A batch without problems is kept for its commit, its id in
// the result. Problems are in the report, not an error. Errors: unauthorized,
// forbidden (checked before the file is read), invalid (the file cannot be
// read, on the field "file"), internal.
func (im *Importer) Preview(ctx context.Context, p domain.Principal, file io.Reader, name string) (ImportResult, error) {
	if err := mayImport(p); err != nil {
		return ImportResult{}, err
	}
	batch, err := im.read(file, name)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{FileName: name}
	if res.Report, err = im.catalogue.Import(ctx, p, batch, false); err != nil {
		return ImportResult{}, err
	}
	if len(res.Report.Problems) > 0 {
		return res, nil
	}
	data, err := encodeBatch(batch)
	if err != nil {
		return ImportResult{}, domain.Internal(err)
	}
	u := upload.Upload{CollaborationID: p.CollaborationID, UserID: p.UserID, Name: name, Data: data}
	if res.Upload, err = im.uploads.SaveUpload(ctx, u); err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// Commit imports the batch kept by the user's preview id, all or nothing,
// checked again against the catalogue as it is now. When the catalogue has
// changed so that the batch has problems, nothing is written and the
// report lists them; the upload is kept. A committed upload is deleted.
// Errors: unauthorized, forbidden, not found (no such preview of this
// user, or one kept by an earlier version of the program), internal.
func (im *Importer) Commit(ctx context.Context, p domain.Principal, id domain.ID) (ImportResult, error) {
	if err := mayImport(p); err != nil {
		return ImportResult{}, err
	}
	up, err := im.uploads.Upload(ctx, p.CollaborationID, p.UserID, id)
	if err != nil {
		return ImportResult{}, err
	}
	batch, err := decodeBatch(up.Data)
	if err != nil {
		// Kept by an earlier version of the program: ask for the file again.
		return ImportResult{}, domain.NotFound("import.upload_not_found")
	}
	up.Data = nil // decoded: the encoding need not stay in memory while the batch is written
	res := ImportResult{FileName: up.Name, Upload: up.ID}
	if res.Report, err = im.catalogue.Import(ctx, p, batch, true); err != nil {
		return ImportResult{}, err
	}
	if res.Report.Committed {
		// The catalogue is written; an upload left behind is only space.
		_ = im.uploads.DeleteUpload(ctx, up.ID)
	}
	return res, nil
}

// mayImport refuses, before anything is read, those who may not import
// at all. Errors: unauthorized, forbidden.
func mayImport(p domain.Principal) error {
	if err := requireInternal(p); err != nil {
		return err
	}
	if !CanImport(p) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// The batch is kept gob-encoded: the encoding is private to the Importer,
// and a batch that no longer decodes (the program changed) is treated as
// gone. Each row's list of the file's columns is kept once per distinct
// list: written for each of 82 110 rows it was most of a 30 MB encoding,
// and decoded into 1.7 million strings at the commit (issue 17).
type keptBatch struct {
	Batch   Batch      // the rows, without their Columns
	Columns [][]string // the distinct lists of columns
	// RowColumns gives each row's list, services, municipalities and
	// facts in order: an index into Columns plus one, 0 for nil (every
	// column).
	RowColumns []int32
}

// rows lists the batch's rows in the order of keptBatch.RowColumns.
func (b *Batch) rows() []*Row {
	out := make([]*Row, 0, len(b.Services)+len(b.Municipalities)+len(b.Facts))
	for i := range b.Services {
		out = append(out, &b.Services[i].Row)
	}
	for i := range b.Municipalities {
		out = append(out, &b.Municipalities[i].Row)
	}
	for i := range b.Facts {
		out = append(out, &b.Facts[i].Row)
	}
	return out
}

func encodeBatch(b Batch) ([]byte, error) {
	// b's slices are the caller's: the rows are copied before their
	// Columns are taken out.
	b.Services = slices.Clone(b.Services)
	b.Municipalities = slices.Clone(b.Municipalities)
	b.Facts = slices.Clone(b.Facts)
	k := keptBatch{}
	index := map[string]int32{}
	for _, r := range b.rows() {
		n := int32(0)
		if r.Columns != nil {
			key := strings.Join(r.Columns, "\x00")
			var ok bool
			if n, ok = index[key]; !ok {
				k.Columns = append(k.Columns, r.Columns)
				n = int32(len(k.Columns))
				index[key] = n
			}
		}
		k.RowColumns = append(k.RowColumns, n)
		r.Columns = nil
	}
	k.Batch = b
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(k)
	return buf.Bytes(), err
}

func decodeBatch(data []byte) (Batch, error) {
	var k keptBatch
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&k); err != nil {
		return Batch{}, err
	}
	b := k.Batch
	rows := b.rows()
	if len(rows) != len(k.RowColumns) {
		return Batch{}, errors.New("catalogue: a kept batch's columns do not fit its rows")
	}
	for i, r := range rows {
		switch n := k.RowColumns[i]; {
		case n == 0:
			r.Columns = nil
		case int(n) <= len(k.Columns):
			r.Columns = k.Columns[n-1]
		default:
			return Batch{}, errors.New("catalogue: a kept batch names columns it does not have")
		}
	}
	b.ShareProvenance()
	return b, nil
}
