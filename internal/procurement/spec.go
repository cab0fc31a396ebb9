package procurement

import (
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Spec change operations MergeSpec returns.
const (
	SpecAdd    = "add"
	SpecUpdate = "update"
	SpecRemove = "remove"
)

// SpecChange is one requirement MergeSpec adds (ID 0) or changes.
type SpecChange struct {
	Op          string
	Requirement SpecRequirement
}

// SpecNumber is a requirement's label from its position: "K-1", "K-2" …
// Positions are given once and never reused, so a label stays the one the
// suppliers saw in every version of the specification.
func SpecNumber(position int) string { return "K-" + strconv.Itoa(position) }

// MergeSpec merges the process module's requirements into a tender's
// current specification. Only confirmed requirements of the services the
// tender buys (services, in the tender's order) count, in that order and
// then by id. A source with no requirement here is added at the next
// position; one whose text or priority changed updates its requirement
// unless that was Edited here (then it is kept as edited); a requirement
// generated from a source that is gone is marked Removed unless Edited;
// one marked Removed whose source is back is restored. Requirements
// written here (SourceID 0) are left alone; nothing is deleted and every
// id is kept. current is not changed.
func MergeSpec(current []SpecRequirement, reqs []process.Requirement, services []domain.ID) ([]SpecChange, SpecMerge) {
	var sources []process.Requirement
	for _, q := range reqs {
		if q.Status == "confirmed" && slices.Contains(services, q.ServiceID) {
			sources = append(sources, q)
		}
	}
	slices.SortStableFunc(sources, func(a, b process.Requirement) int {
		if d := slices.Index(services, a.ServiceID) - slices.Index(services, b.ServiceID); d != 0 {
			return d
		}
		return int(a.ID - b.ID)
	})
	bySource := map[domain.ID]SpecRequirement{}
	next := 1
	for _, r := range current {
		if r.SourceID != 0 {
			bySource[r.SourceID] = r
		}
		next = max(next, r.Position+1)
	}
	var changes []SpecChange
	var sum SpecMerge
	present := map[domain.ID]bool{}
	for _, q := range sources {
		present[q.ID] = true
		r, ok := bySource[q.ID]
		if !ok {
			changes = append(changes, SpecChange{Op: SpecAdd, Requirement: SpecRequirement{
				Number: SpecNumber(next), Position: next, Text: q.Text, Priority: specPriority(q.Priority),
				SourceID: q.ID, ServiceID: q.ServiceID, SourceElement: q.SourceElement, SourceName: q.SourceName,
			}})
			next++
			sum.Added++
			continue
		}
		if r.Edited {
			sum.Kept++
			continue
		}
		u := r
		u.Text, u.Priority, u.Removed = q.Text, specPriority(q.Priority), false
		u.ServiceID, u.SourceElement, u.SourceName = q.ServiceID, q.SourceElement, q.SourceName
		if u == r {
			sum.Kept++
			continue
		}
		changes = append(changes, SpecChange{Op: SpecUpdate, Requirement: u})
		sum.Updated++
	}
	for _, r := range current {
		if r.SourceID == 0 || present[r.SourceID] || r.Removed || r.Edited {
			continue
		}
		r.Removed = true
		changes = append(changes, SpecChange{Op: SpecRemove, Requirement: r})
		sum.Removed++
	}
	return changes, sum
}

// specPriority maps a process requirement's priority to the
// specification's; an unknown one becomes "must".
func specPriority(p string) string {
	if p == "should" {
		return "should"
	}
	return "must"
}

// SpecMerge is what generating the specification did.
type SpecMerge struct {
	Added, Updated, Kept, Removed int
}
