package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testProcesses(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Models", func(t *testing.T) { testProcessModels(t, open) })
	t.Run("Versions", func(t *testing.T) { testProcessVersions(t, open) })
	t.Run("Isolation", func(t *testing.T) { testProcessIsolation(t, open) })
	testProcessRegisters(t, open)
}

// processXML has whitespace, a comment, a prefix and characters a
// re-marshalling would change, to show the store keeps it byte for byte.
const processXML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- Æ ø å -->\n" +
	"<semantic:definitions xmlns:semantic=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"   id=\"D\">\n" +
	"\t<semantic:process id=\"P\" name=\"Byggesak &amp; tilsyn\" ></semantic:process>\n</semantic:definitions>\n"

func (e *env) model(m process.Model) process.Model {
	e.t.Helper()
	id, err := e.db.Processes().CreateModel(e.ctx, m)
	must(e.t, err)
	m.ID = id
	return m
}

func testProcessModels(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c := e.collab("fosen")
	a, b := e.municipality(c, "5054", "Indre Fosen"), e.municipality(c, "5057", "Ørland")
	svcs := e.services(c, service("s1"), service("s2"))
	when := at(3, 9, 30, 0, 123456)

	if _, err := st.FindModel(e.ctx, c, svcs[0].ID, process.AsIs, a.ID); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("FindModel before create = %v, want not found", err)
	}
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	asA := e.model(process.Model{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.AsIs, MunicipalityID: a.ID, UpdatedAt: when})
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after CreateModel = %d, %v; want above %d", after, err, before)
	}
	asB := e.model(process.Model{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.AsIs, MunicipalityID: b.ID, UpdatedAt: when})
	toBe := e.model(process.Model{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.ToBe, UpdatedAt: when})
	adapted := e.model(process.Model{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.Adapted, UpdatedAt: when})
	other := e.model(process.Model{CollaborationID: c, ServiceID: svcs[1].ID, Variant: process.ToBe, UpdatedAt: when})

	for _, dup := range []process.Model{
		{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.AsIs, MunicipalityID: a.ID, UpdatedAt: when},
		{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.ToBe, UpdatedAt: when},
	} {
		_, err := st.CreateModel(e.ctx, dup)
		wantKind(t, err, domain.KindConflict)
	}

	got, err := st.FindModel(e.ctx, c, svcs[0].ID, process.AsIs, b.ID)
	must(t, err)
	if got.ID != asB.ID || got.MunicipalityID != b.ID || got.Variant != process.AsIs || got.CurrentVersion != 0 || got.CollaborationID != c {
		t.Errorf("FindModel(as-is, B) = %+v, want %+v", got, asB)
	}
	sameTime(t, "updated_at", got.UpdatedAt, when)
	if got, err := st.FindModel(e.ctx, c, svcs[0].ID, process.ToBe, 0); err != nil || got.ID != toBe.ID || got.MunicipalityID != 0 {
		t.Errorf("FindModel(to-be) = %+v, %v; want %d", got, err, toBe.ID)
	}
	if got, err := st.Model(e.ctx, c, adapted.ID); err != nil || got.Variant != process.Adapted || got.ServiceID != svcs[0].ID {
		t.Errorf("Model(adapted) = %+v, %v", got, err)
	}
	_, err = st.Model(e.ctx, c, other.ID+1000)
	wantKind(t, err, domain.KindNotFound)

	list, err := st.Models(e.ctx, c, svcs[0].ID)
	must(t, err)
	var ids []domain.ID
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	if want := []domain.ID{asA.ID, asB.ID, toBe.ID, adapted.ID}; len(ids) != len(want) || ids[0] != want[0] || ids[3] != want[3] {
		t.Errorf("Models = %v, want %v", ids, want)
	}
}

func testProcessVersions(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c := e.collab("fosen")
	svc := e.services(c, service("s1"))[0]
	u := e.user(c, "fag@fosen.no")
	m := e.model(process.Model{CollaborationID: c, ServiceID: svc.ID, Variant: process.ToBe, UpdatedAt: at(1, 8, 0, 0, 0)})

	v1 := process.Version{ModelID: m.ID, Version: 1, XML: processXML, Comment: "første", UserID: u.ID, UserName: u.Name, CreatedAt: at(2, 9, 0, 0, 1)}
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	if n, err := st.AddVersion(e.ctx, m, v1); err != nil || n != 1 {
		t.Fatalf("AddVersion at version 0 = %d, %v; want 1", n, err)
	}
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after AddVersion = %d, %v; want above %d", after, err, before)
	}
	v2 := process.Version{ModelID: m.ID, Version: 2, XML: processXML + "\n", Comment: "andre", UserName: "system", CreatedAt: at(3, 9, 0, 0, 2)}
	m.CurrentVersion = 1 // the version the model was read at
	if n, err := st.AddVersion(e.ctx, m, v2); err != nil || n != 2 {
		t.Fatalf("AddVersion at version 1 = %d, %v; want 2", n, err)
	}

	got, err := st.Model(e.ctx, c, m.ID)
	must(t, err)
	if got.CurrentVersion != 2 {
		t.Errorf("current version = %d, want 2", got.CurrentVersion)
	}
	sameTime(t, "model updated_at", got.UpdatedAt, v2.CreatedAt)

	// A model read at a stale version is a conflict and writes nothing.
	dv, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	stale := process.Version{XML: "<x/>", UserName: "x", CreatedAt: at(4, 9, 0, 0, 0)}
	_, err = st.AddVersion(e.ctx, m, stale) // m still says version 1
	wantKind(t, err, domain.KindConflict)
	if de := domain.AsError(err); de.Code != "error.stale" {
		t.Errorf("stale code = %q, want error.stale", de.Code)
	}
	if got, err := st.Model(e.ctx, c, m.ID); err != nil || got.CurrentVersion != 2 {
		t.Errorf("after stale add: %+v, %v; want current version 2", got, err)
	}
	_, err = st.Version(e.ctx, c, m.ID, 3)
	wantKind(t, err, domain.KindNotFound)
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after != dv {
		t.Errorf("data version after stale add = %d, %v; want %d", after, err, dv)
	}
	// An unknown model is not found, not stale.
	_, err = st.AddVersion(e.ctx, process.Model{ID: m.ID + 1000, CollaborationID: c},
		process.Version{XML: "<x/>", UserName: "x", CreatedAt: at(4, 9, 0, 0, 0)})
	wantKind(t, err, domain.KindNotFound)

	one, err := st.Version(e.ctx, c, m.ID, 1)
	must(t, err)
	if one.XML != processXML {
		t.Errorf("XML changed in storage:\n got %q\nwant %q", one.XML, processXML)
	}
	if one.ModelID != m.ID || one.Version != 1 || one.Comment != "første" || one.UserID != u.ID || one.UserName != u.Name {
		t.Errorf("Version(1) = %+v", one)
	}
	sameTime(t, "created_at", one.CreatedAt, v1.CreatedAt)
	two, err := st.Version(e.ctx, c, m.ID, 2)
	must(t, err)
	if two.UserID != 0 || two.XML != v2.XML {
		t.Errorf("Version(2) = %+v, want no user and the XML as given", two)
	}

	list, err := st.Versions(e.ctx, c, m.ID)
	must(t, err)
	if len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 {
		t.Fatalf("Versions = %+v, want 2 then 1", list)
	}
	if list[0].Comment != "andre" || list[1].Comment != "første" || list[1].UserID != u.ID {
		t.Errorf("Versions = %+v", list)
	}
	for _, v := range list {
		if v.XML != "" {
			t.Errorf("Versions carries the XML of version %d", v.Version)
		}
	}
	sameTime(t, "history created_at", list[1].CreatedAt, v1.CreatedAt)
}

// testProcessIsolation checks that nothing of one collaboration's processes
// is visible to or writable from another.
func testProcessIsolation(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c, other := e.collab("fosen"), e.collab("namdal")
	svc := e.services(c, service("s1"))[0]
	m := e.model(process.Model{CollaborationID: c, ServiceID: svc.ID, Variant: process.ToBe, UpdatedAt: at(1, 8, 0, 0, 0)})
	_, err := st.AddVersion(e.ctx, m, process.Version{XML: processXML, UserName: "a", CreatedAt: at(2, 8, 0, 0, 0)})
	must(t, err)

	_, err = st.Model(e.ctx, other, m.ID)
	wantKind(t, err, domain.KindNotFound)
	_, err = st.FindModel(e.ctx, other, svc.ID, process.ToBe, 0)
	wantKind(t, err, domain.KindNotFound)
	_, err = st.Version(e.ctx, other, m.ID, 1)
	wantKind(t, err, domain.KindNotFound)
	if list, err := st.Models(e.ctx, other, svc.ID); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Models = %v, %v", list, err)
	}
	if list, err := st.Versions(e.ctx, other, m.ID); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Versions = %v, %v", list, err)
	}
	_, err = st.AddVersion(e.ctx, process.Model{ID: m.ID, CollaborationID: other, CurrentVersion: 1},
		process.Version{XML: "<x/>", UserName: "b", CreatedAt: at(3, 8, 0, 0, 0)})
	wantKind(t, err, domain.KindNotFound)
	if got, err := st.Model(e.ctx, c, m.ID); err != nil || got.CurrentVersion != 1 {
		t.Errorf("after a foreign write: %+v, %v; want current version 1", got, err)
	}
}
