package procurement_test

import (
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

func TestBuyerValidate(t *testing.T) {
	ok := procurement.Buyer{Name: "Rissa kommune", OrgNumber: "974 760 673", PostCode: "7100", Town: "Rissa",
		NUTS: "NO060", Email: "post@rissa.example", URL: "https://rissa.example"}
	for _, c := range []struct {
		name string
		edit func(*procurement.Buyer)
		want []string
	}{
		{"valid", func(*procurement.Buyer) {}, nil},
		{"empty: not yet known", func(b *procurement.Buyer) { *b = procurement.Buyer{} }, nil},
		{"name only", func(b *procurement.Buyer) { *b = procurement.Buyer{Name: "Rissa kommune"} }, nil},
		{"NUTS with a letter (Vestland)", func(b *procurement.Buyer) { b.NUTS = "NO0A2" }, nil},
		{"fields without a name", func(b *procurement.Buyer) { b.Name = " " }, []string{"buyer.name field.required"}},
		{"org number with a wrong check digit", func(b *procurement.Buyer) { b.OrgNumber = "974 760 674" },
			[]string{"buyer.org_number procurement.orgnr_invalid"}},
		{"org number too short", func(b *procurement.Buyer) { b.OrgNumber = "12345" }, []string{"buyer.org_number procurement.orgnr_invalid"}},
		{"NUTS of another country", func(b *procurement.Buyer) { b.NUTS = "SE110" }, []string{"buyer.nuts eforms.nuts_invalid"}},
		{"NUTS not at level 3", func(b *procurement.Buyer) { b.NUTS = "NO06" }, []string{"buyer.nuts eforms.nuts_invalid"}},
		{"two e-mail addresses", func(b *procurement.Buyer) { b.Email = "a@x.no, b@x.no" }, []string{"buyer.email procurement.email_invalid"}},
		{"e-mail without a domain", func(b *procurement.Buyer) { b.Email = "post" }, []string{"buyer.email procurement.email_invalid"}},
		{"address without https", func(b *procurement.Buyer) { b.URL = "rissa.example" }, []string{"buyer.url eforms.url_invalid"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ok
			c.edit(&b)
			if got := fields(b.Validate()); !slices.Equal(got, c.want) {
				t.Fatalf("errors %v, want %v", got, c.want)
			}
		})
	}
}

// A buyer given when the tender is edited is stored normalised, and a bad
// one is refused at its path with nothing stored.
func TestUpdateTenderStoresBuyer(t *testing.T) {
	f := newFixture(t)
	tn := f.tender("FOSEN-B1", false)

	bad := tn
	bad.Buyer = procurement.Buyer{Name: "Rissa kommune", OrgNumber: "974 760 674"}
	_, err := f.mgr.UpdateTender(f.ctx, f.officer, bad)
	if e := domain.AsError(err); e == nil || !slices.Contains(fields(e.Fields), "buyer.org_number procurement.orgnr_invalid") {
		t.Fatalf("bad org number: %v", err)
	}
	if got, _ := f.mgr.Tender(f.ctx, f.officer, tn.ID); got.Buyer != (procurement.Buyer{}) || got.Version != tn.Version {
		t.Fatalf("stored after refusal: %+v v%d", got.Buyer, got.Version)
	}

	good := tn
	good.Buyer = procurement.Buyer{Name: " Rissa kommune ", OrgNumber: "974 760 673", NUTS: "no060", Email: "post@rissa.example"}
	saved, err := f.mgr.UpdateTender(f.ctx, f.officer, good)
	must(t, err)
	want := procurement.Buyer{Name: "Rissa kommune", OrgNumber: "974760673", NUTS: "NO060", Email: "post@rissa.example"}
	if saved.Buyer != want {
		t.Fatalf("buyer %+v, want %+v", saved.Buyer, want)
	}
}
