package procurement_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	precord "github.com/tjenestevalg/tjenestevalg/internal/procurement/record"
)

// unzip reads every file of an archive, in its order.
func unzip(t *testing.T, b []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		content, err := io.ReadAll(rc)
		rc.Close()
		must(t, err)
		names = append(names, f.Name)
		files[f.Name] = content
	}
	return names, files
}

// The archive for the records system holds the record, every version of
// every document, the OCDS package and the access log, and its manifest's
// digests match what is in it.
func TestArchiveHoldsEveryDocumentVersion(t *testing.T) {
	f := newFixture(t)
	tn := f.tender("ARK-1", true)
	v1, v2 := pdf("konkurransegrunnlag.pdf", "første utgave"), pdf("konkurransegrunnlag.pdf", "andre utgave")
	doc, err := f.mgr.AddDocument(f.ctx, f.officer, tn.ID, procurement.DocTender, "Konkurransegrunnlag", v1, "første")
	must(t, err)
	_, err = f.mgr.AddDocumentVersion(f.ctx, f.officer, tn.ID, doc.ID, v2, "rettet")
	must(t, err)
	spec := pdf("../krav/spes.pdf", "kravene")
	sdoc, err := f.mgr.AddDocument(f.ctx, f.officer, tn.ID, procurement.DocSpecification, "Kravspesifikasjon", spec, "")
	must(t, err)
	f.bid(f.supplierA, tn.ID, "1200000", "alfa")
	f.open(tn.ID)

	x := precord.NewExports("nb", precord.IllustrativeOCDS())
	zipped, err := f.mgr.Archive(f.ctx, f.officer, tn.ID, x)
	must(t, err)
	names, files := unzip(t, zipped)
	if names[0] != procurement.ArchiveRecord || names[len(names)-1] != procurement.ArchiveManifest {
		t.Fatalf("archive order %v: want the record first and the manifest last", names)
	}
	id := strconv.FormatInt(doc.ID, 10)
	want := map[string][]byte{
		"documents/tender/" + id + "/1-konkurransegrunnlag.pdf":                     v1.Content,
		"documents/tender/" + id + "/2-konkurransegrunnlag.pdf":                     v2.Content,
		"documents/specification/" + strconv.FormatInt(sdoc.ID, 10) + "/1-spes.pdf": spec.Content,
	}
	for name, content := range want {
		if !bytes.Equal(files[name], content) {
			t.Errorf("%s: got %q, want the uploaded version %q (files %v)", name, files[name], content, names)
		}
	}
	if !bytes.HasPrefix(files[procurement.ArchiveRecord], []byte("%PDF-")) {
		t.Error("the record is not a PDF")
	}
	var pkg map[string]any
	must(t, json.Unmarshal(files[procurement.ArchiveOCDS], &pkg))
	if _, ok := pkg["releases"]; !ok {
		t.Errorf("the OCDS file is not a release package: %s", files[procurement.ArchiveOCDS])
	}
	rows, err := csv.NewReader(bytes.NewReader(files[procurement.ArchiveLog])).ReadAll()
	must(t, err)
	if len(rows) < 5 || rows[0][4] != "action" {
		t.Fatalf("access log CSV: %v", rows)
	}
	if !strings.Contains(string(files[procurement.ArchiveLog]), procurement.ActOpening) {
		t.Error("the access log lacks the opening")
	}

	var man procurement.Manifest
	must(t, json.Unmarshal(files[procurement.ArchiveManifest], &man))
	if man.Tender != "ARK-1" || !man.LogIntact {
		t.Errorf("manifest header %+v", man)
	}
	if len(man.Files) != len(names)-1 {
		t.Errorf("manifest lists %d files, the archive has %d besides it", len(man.Files), len(names)-1)
	}
	for i, mf := range man.Files {
		if mf.Path != names[i] {
			t.Errorf("manifest file %d is %s, the archive's is %s", i, mf.Path, names[i])
		}
		h := sha256.Sum256(files[mf.Path])
		if hex.EncodeToString(h[:]) != mf.SHA256 || mf.Size != len(files[mf.Path]) {
			t.Errorf("%s: manifest digest or size does not match the content", mf.Path)
		}
	}
	if !f.logged(tn.ID, f.officer, procurement.ActArchive) {
		t.Error("the archive export is not logged")
	}

	// Asked again, the archive has the same files; only the access log
	// has grown by the reads and the first export.
	zipped, err = f.mgr.Archive(f.ctx, f.lead, tn.ID, x)
	must(t, err)
	_, again := unzip(t, zipped)
	for name, content := range files {
		if name == procurement.ArchiveLog || name == procurement.ArchiveManifest {
			continue
		}
		if !bytes.Equal(again[name], content) {
			t.Errorf("%s differs between two archives of the same tender", name)
		}
	}
}

// Only the tender's CanEdit persons get the record and the archive; an
// observer and a supplier are refused, and the refusals are logged.
func TestRecordAndArchiveAuthorisation(t *testing.T) {
	f := newFixture(t)
	tn := f.tender("ARK-2", true)
	x := precord.NewExports("nb", precord.IllustrativeOCDS())

	pdfBytes, err := f.mgr.Record(f.ctx, f.lead, tn.ID, x)
	must(t, err)
	if !bytes.HasPrefix(pdfBytes, []byte("%PDF-")) {
		t.Fatal("the record is not a PDF")
	}
	if !f.logged(tn.ID, f.lead, procurement.ActRecord) {
		t.Error("the record export is not logged")
	}
	for _, p := range []domain.Principal{f.observer, f.supplierA} {
		_, err := f.mgr.Record(f.ctx, p, tn.ID, x)
		wantErr(t, err, domain.KindForbidden, "auth.forbidden")
		f.wantRefused(tn.ID, p, procurement.ActRecord)
		_, err = f.mgr.Archive(f.ctx, p, tn.ID, x)
		wantErr(t, err, domain.KindForbidden, "auth.forbidden")
		f.wantRefused(tn.ID, p, procurement.ActArchive)
	}
	_, err = f.mgr.Record(f.ctx, domain.Principal{}, tn.ID, x)
	wantErr(t, err, domain.KindUnauthorized, "auth.login_required")
}
