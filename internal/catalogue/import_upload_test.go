package catalogue_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/upload"
)

// importer builds the import use case over the fixture, reading every
// file as the given batch (or failing with readErr).
func (f *fixture) importer(b catalogue.Batch, readErr error) *catalogue.Importer {
	return catalogue.NewImporter(f.mgr, f.db.Uploads(), func(r io.Reader, name string) (catalogue.Batch, error) {
		if _, err := io.ReadAll(r); err != nil {
			f.t.Fatal(err)
		}
		return b, readErr
	})
}

func wantKind(t *testing.T, err error, kind domain.Kind) {
	t.Helper()
	if domain.KindOf(err) != kind {
		t.Fatalf("error %v, want kind %v", err, kind)
	}
}

func TestImportPreviewThenCommit(t *testing.T) {
	f := newFixture(t)
	im := f.importer(fullBatch(f), nil)
	before, changes := f.counts(), f.totalChanges()
	pre, err := im.Preview(f.ctx, f.lead, strings.NewReader("x"), "katalog.xlsx")
	must(t, err)
	if pre.Upload == 0 || pre.FileName != "katalog.xlsx" || pre.Report.Committed || len(pre.Report.Problems) > 0 {
		t.Fatalf("preview = %+v", pre)
	}
	wantCounts(t, pre.Report, fullCounts.services, fullCounts.municipalities, fullCounts.facts)
	if f.counts() != before || f.totalChanges() != changes {
		t.Fatal("the preview wrote to the catalogue")
	}

	// Someone else cannot commit it, not even the same role.
	other := f.principal("leder2@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	_, err = im.Commit(f.ctx, other, pre.Upload)
	wantKind(t, err, domain.KindNotFound)

	done, err := im.Commit(f.ctx, f.lead, pre.Upload)
	must(t, err)
	if !done.Report.Committed || done.FileName != "katalog.xlsx" {
		t.Fatalf("commit = %+v", done)
	}
	if got := f.counts(); got != [3]int{3, 4, 6} {
		t.Errorf("stored = %v, want 3 services, 4 municipalities, 6 facts", got)
	}
	// The committed preview is gone: a second commit finds nothing.
	_, err = im.Commit(f.ctx, f.lead, pre.Upload)
	wantKind(t, err, domain.KindNotFound)
}

func TestImportPreviewWithProblemsKeepsNothing(t *testing.T) {
	f := newFixture(t)
	b := fullBatch(f)
	b.Facts[5].Facts.Maturity = ptr(int64(9))
	pre, err := f.importer(b, nil).Preview(f.ctx, f.lead, strings.NewReader("x"), "katalog.csv")
	must(t, err)
	want := catalogue.Problem{Sheet: "facts", Line: 7, Column: "maturity", Code: "field.between", Params: []any{1, 5}}
	if pre.Upload != 0 || len(pre.Report.Problems) != 1 || pre.Report.Problems[0].Code != want.Code || pre.Report.Problems[0].Line != want.Line {
		t.Fatalf("preview = %+v, want no upload and %+v", pre, want)
	}
}

func TestImportPreviewOfAnUnreadableFile(t *testing.T) {
	f := newFixture(t)
	bad := domain.Invalid("error.invalid_fields", domain.Field("file", "import.unknown_format"))
	_, err := f.importer(catalogue.Batch{}, bad).Preview(f.ctx, f.lead, strings.NewReader("x"), "katalog.pdf")
	if !errors.Is(err, bad) {
		t.Fatalf("error %v, want the reader's %v", err, bad)
	}
}

// A user who may not import learns that before anything about the file.
func TestImportRefusedBeforeTheFileIsRead(t *testing.T) {
	f := newFixture(t)
	observer := f.principal("obs@fosen.no", domain.Grant{Role: domain.RoleObserver})
	im := catalogue.NewImporter(f.mgr, f.db.Uploads(), func(io.Reader, string) (catalogue.Batch, error) {
		t.Fatal("the file was read for a user who may not import")
		return catalogue.Batch{}, nil
	})
	_, err := im.Preview(f.ctx, observer, strings.NewReader("x"), "katalog.xlsx")
	wantKind(t, err, domain.KindForbidden)
	_, err = im.Commit(f.ctx, observer, 1)
	wantKind(t, err, domain.KindForbidden)
	_, err = im.Preview(f.ctx, domain.Principal{}, strings.NewReader("x"), "katalog.xlsx")
	wantKind(t, err, domain.KindUnauthorized)
}

// A kept batch that no longer decodes (written by an earlier version of
// the program) is as good as gone: the user is asked for the file again.
func TestImportCommitOfAnOldUpload(t *testing.T) {
	f := newFixture(t)
	id, err := f.db.Uploads().SaveUpload(f.ctx, upload.Upload{CollaborationID: f.collab, UserID: f.lead.UserID, Name: "gammel.xlsx", Data: []byte("not gob")})
	must(t, err)
	_, err = f.importer(catalogue.Batch{}, nil).Commit(f.ctx, f.lead, id)
	wantKind(t, err, domain.KindNotFound)
}
