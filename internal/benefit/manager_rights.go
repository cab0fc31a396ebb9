package benefit

import (
	"math"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// A benefit case is one shared artefact with a row per municipality. Who
// may change what follows the domain's row rule: a municipality's row
// (its cases, hourly cost and minutes saved) is changed by that
// municipality's coordinator, the service's subject-matter owner there, or
// the programme lead; the shared parts (name, settings, gains, costs,
// uptake) by the programme lead and the editors the lead assigns. A save
// is checked by comparing it with the case it was made from, row by row.

// CanEdit reports whether p may change any part of some benefit case: the
// programme lead, coordinators and subject-matter owners. It is the first
// gate of a save and decides whether the form offers saving; which parts
// of a case p may change is decided by the save itself (see Rights).
func CanEdit(p domain.Principal) bool {
	return p.RequireInternal() == nil &&
		(p.IsProgrammeLead() || p.Has(domain.RoleCoordinator) || p.Has(domain.RoleSubjectOwner))
}

// Rights is what one principal may change of one service's benefit case.
type Rights struct {
	Shared bool               // name, settings, gains, costs, uptake
	Rows   map[domain.ID]bool // municipality → its row may be changed
}

// Any reports whether some part of the case may be changed.
func (r Rights) Any() bool {
	if r.Shared {
		return true
	}
	for _, ok := range r.Rows {
		if ok {
			return true
		}
	}
	return false
}

// Row reports whether the row of municipality m (0: a row naming no
// municipality of the collaboration, which counts as shared) may be changed.
func (r Rights) Row(m domain.ID) bool {
	if m == 0 {
		return r.Shared
	}
	return r.Rows[m]
}

// RightsOf returns what p may change of the case of the service in v,
// whose shared parts editors may change besides the programme lead.
func RightsOf(p domain.Principal, v catalogue.ServiceView, editors domain.Editors) Rights {
	r := Rights{Shared: domain.CanEditShared(p, editors), Rows: map[domain.ID]bool{}}
	for _, mu := range v.Municipalities {
		r.Rows[mu.ID] = domain.CanEditMunicipalRow(p, mu.ID, v.Facts[mu.ID].ResponsibleUserID)
	}
	return r
}

// RowMunicipality returns the municipality a case's row is about: the one
// whose number (as drafts write it) or name the row gives; 0 for none.
func RowMunicipality(v catalogue.ServiceView, in MunicipalityInput) domain.ID {
	key := strings.TrimSpace(in.Municipality)
	for _, mu := range v.Municipalities {
		if key == mu.Number {
			return mu.ID
		}
	}
	for _, mu := range v.Municipalities {
		if key != "" && strings.EqualFold(key, mu.Name) {
			return mu.ID
		}
	}
	return 0
}

// checkChange returns forbidden when next changes a part of prev that r
// does not allow: a changed, added or removed row names its municipality
// (benefit.row_forbidden), a changed shared part says so
// (benefit.shared_forbidden). Rows are compared as groups per
// municipality, so moving a row or renaming it to another municipality
// counts as a change of both.
func checkChange(r Rights, v catalogue.ServiceView, prev, next Case) error {
	if !r.Any() {
		return domain.Forbidden("auth.forbidden")
	}
	if !r.Shared && !sameShared(prev, next) {
		return domain.Forbidden("benefit.shared_forbidden")
	}
	group := func(c Case) map[domain.ID][]MunicipalityInput {
		out := map[domain.ID][]MunicipalityInput{}
		for _, in := range c.Municipalities {
			id := RowMunicipality(v, in)
			out[id] = append(out[id], in)
		}
		return out
	}
	before, after := group(prev), group(next)
	ids := make([]domain.ID, 0, len(before)+len(after))
	for id := range before {
		ids = append(ids, id)
	}
	for id := range after {
		if _, ok := before[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if r.Row(id) || slices.EqualFunc(before[id], after[id], sameRow) {
			continue
		}
		if id == 0 {
			return domain.Forbidden("benefit.shared_forbidden")
		}
		name := ""
		for _, mu := range v.Municipalities {
			if mu.ID == id {
				name = mu.Name
			}
		}
		return domain.Forbidden("benefit.row_forbidden", name)
	}
	return nil
}

// sameShared reports whether a and b agree in everything but their rows.
func sameShared(a, b Case) bool {
	as, bs := a.Settings, b.Settings
	return a.Name == b.Name && as.Years == bs.Years && sameNumber(as.DiscountRate, bs.DiscountRate) &&
		as.PriceYear == bs.PriceYear && sameRange(as.CitizenHourValue, bs.CitizenHourValue) &&
		slices.EqualFunc(a.Gains, b.Gains, func(x, y Gain) bool {
			return x.ID == y.ID && x.Name == y.Name && x.Kind == y.Kind && x.Class == y.Class &&
				sameRange(x.Annual, y.Annual) && x.Score == y.Score && x.FreedForOtherUse == y.FreedForOtherUse
		}) &&
		slices.EqualFunc(a.Costs, b.Costs, func(x, y Cost) bool {
			return x.ID == y.ID && x.Name == y.Name && x.Kind == y.Kind && x.Year == y.Year &&
				sameRange(x.Amount, y.Amount) && sameRange(x.Hours, y.Hours)
		}) &&
		slices.EqualFunc(a.Uptake, b.Uptake, sameRange)
}

// sameRow reports whether two rows agree.
func sameRow(a, b MunicipalityInput) bool {
	return a.Municipality == b.Municipality && a.Name == b.Name && a.CasesSource == b.CasesSource && a.CasesNote == b.CasesNote &&
		a.MinutesSavedSource == b.MinutesSavedSource && sameRange(a.Cases, b.Cases) &&
		sameRange(a.HourlyCost, b.HourlyCost) && sameRange(a.MinutesSaved, b.MinutesSaved) &&
		sameRange(a.CitizenMinutesSaved, b.CitizenMinutesSaved)
}

func sameRange(a, b Range) bool {
	return sameNumber(a.Low, b.Low) && sameNumber(a.Likely, b.Likely) && sameNumber(a.High, b.High)
}

// sameNumber compares numbers as the form writes them back: a percentage shown
// and read again (4 % → 0.04) may differ in the last bit, which is no
// change.
func sameNumber(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*max(math.Abs(a), math.Abs(b))
}
