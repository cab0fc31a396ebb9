package catalogue

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collator orders names in Norwegian order, Æ, Ø, Å after Z, in both UI
// languages: most names are Norwegian, and English ones sort the same.
// x/text's bokmål ("nb", "no") tailoring puts Æ and Å first, so the
// nynorsk one, which CLDR defines with the same alphabet order, is used.
// A collator is not safe for concurrent use: make one per sort.
func collator() *collate.Collator {
	return collate.New(language.Make("nn"), collate.IgnoreCase)
}

// SortMunicipalities orders municipalities as people look for them: those
// still existing first, then by name in Norwegian order.
func SortMunicipalities(list []Municipality) {
	// Each name's collation key is made once and compared as bytes:
	// comparing names with the collator made the key of both names in
	// every comparison, about 3 000 a list of 357.
	type entry struct {
		m   Municipality
		key []byte
	}
	col, buf := collator(), &collate.Buffer{}
	entries := make([]entry, len(list))
	for i, m := range list {
		entries[i] = entry{m, col.KeyFromString(buf, m.Name)}
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		if (a.m.ValidTo == nil) != (b.m.ValidTo == nil) {
			if a.m.ValidTo == nil {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.key, b.key)
	})
	for i, e := range entries {
		list[i] = e.m
	}
}

// Apply narrows and orders the summaries as f says. Text search is
// case-insensitive over names, slug, description and legal basis, and
// every word of the query must match. Services whose sort figure is
// unknown come first in either direction.
func (f ServiceFilter) Apply(list []ServiceSummary, lang string) []ServiceSummary {
	words := strings.Fields(strings.ToLower(f.Query))
	out := list[:0:0]
	for _, s := range list {
		if f.Area != "" && s.Area != f.Area {
			continue
		}
		if f.Mandated != nil && s.Mandated != *f.Mandated {
			continue
		}
		if f.Kostra != "" && s.KostraFunction != f.Kostra {
			continue
		}
		if f.Maturity != 0 && (s.Maturity == nil || int64(math.Round(*s.Maturity)) != f.Maturity) {
			continue
		}
		if len(words) > 0 {
			hay := strings.ToLower(strings.Join([]string{s.Slug, s.NameNB, s.NameEN, s.Description, FormatLegalBasis(s.LegalBasis), s.KostraFunction}, "\n"))
			if !containsAll(hay, words) {
				continue
			}
		}
		out = append(out, s)
	}
	// Each service is sorted with its collation key, made once, which
	// compares as plain bytes; the entries point at the summaries, so the
	// sort moves pointers rather than whole services.
	type entry struct {
		*ServiceSummary
		key []byte
	}
	col, buf := collator(), &collate.Buffer{}
	entries := make([]entry, len(out))
	for i := range out {
		// The keys stay valid in buf, which is not reset.
		entries[i] = entry{&out[i], col.KeyFromString(buf, out[i].Name(lang))}
	}
	byName := func(a, b entry) int { return bytes.Compare(a.key, b.key) }
	var less func(a, b entry) int
	var unknown func(s entry) bool // figures not known sort first in both directions
	switch f.Sort {
	case SortArea:
		less = func(a, b entry) int { return cmp.Or(strings.Compare(a.Area, b.Area), byName(a, b)) }
	case SortKostra:
		less = func(a, b entry) int { return cmp.Or(strings.Compare(a.KostraFunction, b.KostraFunction), byName(a, b)) }
	case SortCases:
		less = func(a, b entry) int { return cmp.Or(cmpOpt(a.AnnualCases, b.AnnualCases), byName(a, b)) }
		unknown = func(s entry) bool { return s.AnnualCases == nil }
	case SortMaturity:
		less = func(a, b entry) int { return cmp.Or(cmpOpt(a.Maturity, b.Maturity), byName(a, b)) }
		unknown = func(s entry) bool { return s.Maturity == nil }
	default:
		less = byName
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		if unknown != nil && unknown(a) != unknown(b) {
			if unknown(a) {
				return -1
			}
			return 1
		}
		if f.Desc {
			return less(b, a)
		}
		return less(a, b)
	})
	sorted := make([]ServiceSummary, len(entries))
	for i, e := range entries {
		sorted[i] = *e.ServiceSummary
	}
	return sorted
}

func containsAll(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// cmpOpt orders unknown values before known ones.
func cmpOpt[T cmp.Ordered](a, b *T) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmp.Compare(*a, *b)
}
