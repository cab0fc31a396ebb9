package catalogue_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

func summaries() []catalogue.ServiceSummary {
	sum := func(slug, name, nameEN, area, kostra string, mandated bool, cases *int64, maturity *float64, legal ...catalogue.LegalRef) catalogue.ServiceSummary {
		return catalogue.ServiceSummary{Service: catalogue.Service{Slug: slug, NameNB: name, NameEN: nameEN, Area: area,
			KostraFunction: kostra, Mandated: mandated, LegalBasis: legal, Description: "Om " + slug},
			AnnualCases: cases, Maturity: maturity}
	}
	return []catalogue.ServiceSummary{
		sum("byggesak", "Søknad om byggetillatelse", "", "plan-bygg", "302", true, ptr(int64(100)), ptr(2.4),
			catalogue.LegalRef{Law: "Plan- og bygningsloven", Section: "20-1"}),
		sum("skoleskyss", "Skoleskyss", "", "skole", "223", true, ptr(int64(80)), ptr(3.5),
			catalogue.LegalRef{Law: "Opplæringslova", Section: "7-1"}),
		sum("apen-barnehage", "Åpen barnehage", "Open kindergarten", "barnehage", "201", false, ptr(int64(50)), nil),
		sum("sosialhjelp", "Sosialhjelp, økonomisk", "", "sosial", "281", true, ptr(int64(300)), ptr(4.4),
			catalogue.LegalRef{Law: "Sosialtjenesteloven", Section: "18"}),
		sum("bibliotek", "Bibliotek", "Library", "kultur", "370", false, nil, ptr(1.0)),
	}
}

func slugs(list []catalogue.ServiceSummary) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Slug
	}
	return out
}

func TestFilterSearch(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  []string // in name order
	}{
		{"SØKNAD", []string{"byggesak"}},
		{"søknad", []string{"byggesak"}},
		{"ÅPEN", []string{"apen-barnehage"}},
		{"Økonomisk", []string{"sosialhjelp"}},
		{"søknad bygge", []string{"byggesak"}},
		{"  bygge   SØKNAD ", []string{"byggesak"}},
		{"søknad skole", nil},
		{"sosialtjenesteloven § 18", []string{"sosialhjelp"}},
		{"kindergarten", []string{"apen-barnehage"}},
		{"302", []string{"byggesak"}},
		{"om", []string{"bibliotek", "skoleskyss", "sosialhjelp", "byggesak", "apen-barnehage"}}, // every description
		{"", []string{"bibliotek", "skoleskyss", "sosialhjelp", "byggesak", "apen-barnehage"}},
		{"ingenting", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got := slugs(catalogue.ServiceFilter{Query: tc.query}.Apply(summaries(), "nb"))
			if !slices.Equal(got, tc.want) {
				t.Errorf("search %q = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

func TestFilterNarrows(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name string
		f    catalogue.ServiceFilter
		want []string
	}{
		{"area", catalogue.ServiceFilter{Area: "skole"}, []string{"skoleskyss"}},
		{"mandated", catalogue.ServiceFilter{Mandated: &yes}, []string{"skoleskyss", "sosialhjelp", "byggesak"}},
		{"not mandated", catalogue.ServiceFilter{Mandated: &no}, []string{"bibliotek", "apen-barnehage"}},
		{"kostra", catalogue.ServiceFilter{Kostra: "281"}, []string{"sosialhjelp"}},
		{"maturity rounds the mean down", catalogue.ServiceFilter{Maturity: 2}, []string{"byggesak"}},
		{"maturity rounds half up", catalogue.ServiceFilter{Maturity: 4}, []string{"skoleskyss", "sosialhjelp"}},
		{"maturity nobody has", catalogue.ServiceFilter{Maturity: 5}, nil},
		{"filters combine", catalogue.ServiceFilter{Mandated: &yes, Maturity: 4, Query: "skyss"}, []string{"skoleskyss"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slugs(tc.f.Apply(summaries(), "nb"))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Apply = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFilterSort(t *testing.T) {
	for _, tc := range []struct {
		sort string
		lang string
		asc  []string
		desc []string
	}{
		{"", "nb", []string{"bibliotek", "skoleskyss", "sosialhjelp", "byggesak", "apen-barnehage"},
			[]string{"apen-barnehage", "byggesak", "sosialhjelp", "skoleskyss", "bibliotek"}},
		{catalogue.SortName, "en", []string{"bibliotek", "apen-barnehage", "skoleskyss", "sosialhjelp", "byggesak"},
			[]string{"byggesak", "sosialhjelp", "skoleskyss", "apen-barnehage", "bibliotek"}},
		{catalogue.SortArea, "nb", []string{"apen-barnehage", "bibliotek", "byggesak", "skoleskyss", "sosialhjelp"},
			[]string{"sosialhjelp", "skoleskyss", "byggesak", "bibliotek", "apen-barnehage"}},
		{catalogue.SortKostra, "nb", []string{"apen-barnehage", "skoleskyss", "sosialhjelp", "byggesak", "bibliotek"},
			[]string{"bibliotek", "byggesak", "sosialhjelp", "skoleskyss", "apen-barnehage"}},
		// Unknown figures first in both directions.
		{catalogue.SortCases, "nb", []string{"bibliotek", "apen-barnehage", "skoleskyss", "byggesak", "sosialhjelp"},
			[]string{"bibliotek", "sosialhjelp", "byggesak", "skoleskyss", "apen-barnehage"}},
		{catalogue.SortMaturity, "nb", []string{"apen-barnehage", "bibliotek", "byggesak", "skoleskyss", "sosialhjelp"},
			[]string{"apen-barnehage", "sosialhjelp", "skoleskyss", "byggesak", "bibliotek"}},
	} {
		t.Run(tc.sort+"/"+tc.lang, func(t *testing.T) {
			for _, desc := range []bool{false, true} {
				want := tc.asc
				if desc {
					want = tc.desc
				}
				got := slugs(catalogue.ServiceFilter{Sort: tc.sort, Desc: desc}.Apply(summaries(), tc.lang))
				if !slices.Equal(got, want) {
					t.Errorf("desc=%v: %v, want %v", desc, got, want)
				}
			}
		})
	}
}

func TestFilterSortTiesByName(t *testing.T) {
	list := summaries()
	for i := range list {
		list[i].AnnualCases = nil
	}
	list[0].AnnualCases = ptr(int64(5))
	got := slugs(catalogue.ServiceFilter{Sort: catalogue.SortCases}.Apply(list, "nb"))
	want := []string{"bibliotek", "skoleskyss", "sosialhjelp", "apen-barnehage", "byggesak"}
	if !slices.Equal(got, want) {
		t.Errorf("Apply = %v, want %v", got, want)
	}
}

func TestFilterLeavesInputAlone(t *testing.T) {
	list := summaries()
	before := slugs(list)
	catalogue.ServiceFilter{Sort: catalogue.SortCases, Desc: true, Query: "s"}.Apply(list, "nb")
	if !slices.Equal(slugs(list), before) {
		t.Errorf("input reordered: %v, was %v", slugs(list), before)
	}
}

func TestNamesSortInNorwegianOrder(t *testing.T) {
	names := []string{"Åfjord", "Osen", "Ørland", "Bjugn", "Æsir", "aukra"}
	var list []catalogue.ServiceSummary
	for i, n := range names {
		list = append(list, catalogue.ServiceSummary{Service: catalogue.Service{ID: int64(i + 1), NameNB: n}})
	}
	got := catalogue.ServiceFilter{}.Apply(list, "nb")
	var order []string
	for _, s := range got {
		order = append(order, s.NameNB)
	}
	want := []string{"aukra", "Bjugn", "Osen", "Æsir", "Ørland", "Åfjord"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("order %v, want %v", order, want)
	}
	munis := []catalogue.Municipality{{Name: "Åfjord"}, {Name: "Roan", ValidTo: &time.Time{}}, {Name: "Ørland"}, {Name: "Bjugn"}}
	catalogue.SortMunicipalities(munis)
	if munis[0].Name != "Bjugn" || munis[1].Name != "Ørland" || munis[2].Name != "Åfjord" || munis[3].Name != "Roan" {
		t.Errorf("municipalities %v", munis)
	}
}
