package procurement

import (
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Finding is one way a market dialogue may treat suppliers unequally
// (FOA § 4 / LOA § 4: equal treatment). Code is a translation key; the ids
// say whom or what it is about; Meeting is the index of the meeting (-1
// when none).
type Finding struct {
	Code       string    `json:"code"`
	SupplierID domain.ID `json:"supplier_id,omitempty"`
	DocumentID domain.ID `json:"document_id,omitempty"`
	Meeting    int       `json:"meeting"`
	Minutes    int       `json:"minutes,omitempty"`
}

// Finding codes.
const (
	FindingNoMeeting      = "procurement.dialogue_no_meeting"
	FindingUnequalSlot    = "procurement.dialogue_unequal_slot"
	FindingMaterialHidden = "procurement.dialogue_material_unavailable"
)

// EqualTreatment reports, for a market dialogue, every interested supplier
// who was offered no one-to-one meeting, every meeting whose slot is not
// as long as the others (the most common length; on a tie the longest, so
// a shorter slot is the one reported), and every piece of conference
// material not available to every participant: not among docs (the
// tender's documents), not published, or without a version. docs is what
// the suppliers could be given; nothing found is nil.
func EqualTreatment(d Dialogue, docs []Document) []Finding {
	var out []Finding
	offered := map[domain.ID]bool{}
	for _, m := range d.Meetings {
		offered[m.SupplierID] = true
	}
	for _, id := range d.Interested {
		if !offered[id] {
			out = append(out, Finding{Code: FindingNoMeeting, SupplierID: id, Meeting: -1})
		}
	}
	if want, ok := usualSlot(d.Meetings); ok {
		for i, m := range d.Meetings {
			if m.Minutes != want {
				out = append(out, Finding{Code: FindingUnequalSlot, SupplierID: m.SupplierID, Meeting: i, Minutes: want})
			}
		}
	}
	for _, id := range d.Conference.Material {
		i := slices.IndexFunc(docs, func(doc Document) bool { return doc.ID == id })
		if i < 0 || !docs[i].Published || len(docs[i].Versions) == 0 {
			out = append(out, Finding{Code: FindingMaterialHidden, DocumentID: id, Meeting: -1})
		}
	}
	return out
}

// usualSlot is the most common meeting length, the longest on a tie.
func usualSlot(ms []Meeting) (int, bool) {
	count := map[int]int{}
	for _, m := range ms {
		count[m.Minutes]++
	}
	best, n := 0, 0
	for minutes, c := range count {
		if c > n || (c == n && minutes > best) {
			best, n = minutes, c
		}
	}
	return best, n > 0
}
