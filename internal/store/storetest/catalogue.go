package storetest

import (
	"context"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testCatalogue(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("ServiceRoundTrip", func(t *testing.T) {
		db := open(t)
		ctx := context.Background()
		st := db.Catalogue()
		id, err := st.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
		if err != nil {
			t.Fatal(err)
		}
		list := []catalogue.Service{{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", Mandated: true,
			LegalBasis: []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}, TargetGroup: "innbygger"}}
		if err := st.SaveServices(ctx, id, list); err != nil {
			t.Fatal(err)
		}
		got, err := st.ServiceBySlug(ctx, id, "byggesak")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != list[0].ID || got.LegalBasis[0].Section != "20-1" || !got.Mandated || got.Version != 1 {
			t.Errorf("got %+v", got)
		}
	})
}
