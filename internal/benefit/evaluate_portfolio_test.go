package benefit_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
)

func TestForMunicipality(t *testing.T) {
	c := benefit.Case{
		Municipalities: []benefit.MunicipalityInput{{Municipality: "5054", Cases: benefit.Exact(300)}, {Municipality: "5020", Cases: benefit.Exact(100)}},
		Gains:          []benefit.Gain{{ID: "d", Kind: benefit.GainDirect, Annual: benefit.Range{Low: 40, Likely: 80, High: 120}}},
		Costs:          []benefit.Cost{{ID: "k", Kind: benefit.CostInvestment, Amount: benefit.Exact(1000), Hours: benefit.Exact(8)}},
	}
	osen, share, ok := benefit.ForMunicipality(c, "5020")
	if !ok || share != 0.25 || len(osen.Municipalities) != 1 || osen.Costs[0].Amount.Likely != 250 || osen.Costs[0].Hours.Likely != 2 ||
		osen.Gains[0].Annual.High != 30 {
		t.Errorf("Osen's part = %+v, share %v", osen, share)
	}
	if c.Costs[0].Amount.Likely != 1000 || c.Gains[0].Annual.High != 120 {
		t.Error("ForMunicipality changed the case it was given")
	}
	if _, _, ok := benefit.ForMunicipality(c, "0301"); ok {
		t.Error("a municipality the case lacks has a part")
	}
	if c.Volume() != 400 {
		t.Errorf("volume = %v", c.Volume())
	}
}
