package procurement

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Specification lists the tender's requirement specification (internal
// users). Errors: unauthorized, forbidden, not found.
func (m *Manager) Specification(ctx context.Context, p domain.Principal, tender domain.ID) ([]SpecRequirement, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return nil, err
	}
	return m.store.SpecRequirements(ctx, p.CollaborationID, tender)
}

// GenerateSpecification adds the confirmed requirements of the services
// the tender buys (MergeSpec); requirements edited here are kept as
// edited, every id is kept (officers).
//
// Errors: unauthorized, forbidden, not found, conflict
// ("procurement.opened", "error.stale").
func (m *Manager) GenerateSpecification(ctx context.Context, p domain.Principal, tender domain.ID) (SpecMerge, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActSpecGenerate)
	if err != nil {
		return SpecMerge{}, err
	}
	if t.Status == StatusOpened {
		return SpecMerge{}, m.refuse(ctx, p, tender, ActSpecGenerate, "specification", domain.Conflict("procurement.opened"))
	}
	if m.cfg.Requirements == nil {
		return SpecMerge{}, domain.Internal(errNoRequirements)
	}
	reqs, err := m.cfg.Requirements.AllRequirements(ctx, p)
	if err != nil {
		return SpecMerge{}, err
	}
	services := make([]domain.ID, len(t.Items))
	for i, it := range t.Items {
		services[i] = it.ServiceID
	}
	var sum SpecMerge
	err = m.logged(ctx, p, tender, ActSpecGenerate, "specification", func(s Store) error {
		current, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		var changes []SpecChange
		changes, sum = MergeSpec(current, reqs, services)
		for _, c := range changes {
			r := c.Requirement
			r.CollaborationID, r.TenderID, r.UpdatedBy, r.UpdatedAt = p.CollaborationID, tender, p.Name, m.now()
			if c.Op == SpecAdd {
				r.Version = 1
				_, err = s.CreateSpecRequirement(ctx, r)
			} else {
				_, err = s.UpdateSpecRequirement(ctx, r)
			}
			if err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, tender, ActSpecGenerate, "specification",
			"added "+idText(int64(sum.Added))+", updated "+idText(int64(sum.Updated))+", removed "+idText(int64(sum.Removed)), OutcomeOK)
	})
	return sum, err
}

// SaveSpecRequirement creates (ID 0) or edits one requirement (officers).
// An edit of a generated requirement's text or priority marks it Edited,
// so generating again leaves it alone; Removed drops it (it keeps its id
// and number).
//
// Errors: unauthorized, forbidden, not found, invalid (text, priority),
// conflict ("procurement.opened", "error.stale").
func (m *Manager) SaveSpecRequirement(ctx context.Context, p domain.Principal, tender domain.ID, r SpecRequirement) (SpecRequirement, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActSpecEdit)
	if err != nil {
		return SpecRequirement{}, err
	}
	var cur SpecRequirement
	if r.ID != 0 {
		if cur, err = m.store.SpecRequirement(ctx, p.CollaborationID, tender, r.ID); err != nil {
			return SpecRequirement{}, m.refuse(ctx, p, tender, ActSpecEdit, obj("requirement", r.ID), err)
		}
	}
	r.Text, r.Priority = strings.TrimSpace(r.Text), strings.TrimSpace(r.Priority)
	if errs := r.Validate(); len(errs) > 0 {
		return SpecRequirement{}, domain.Invalid("error.invalid_fields", errs...)
	}
	if t.Status == StatusOpened {
		return SpecRequirement{}, m.refuse(ctx, p, tender, ActSpecEdit, "specification", domain.Conflict("procurement.opened"))
	}
	id := r.ID
	err = m.logged(ctx, p, tender, ActSpecEdit, obj("requirement", r.ID), func(s Store) error {
		if r.ID == 0 {
			all, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
			if err != nil {
				return err
			}
			next := 1
			for _, x := range all {
				next = max(next, x.Position+1)
			}
			n := SpecRequirement{CollaborationID: p.CollaborationID, TenderID: tender, Number: SpecNumber(next),
				Position: next, Text: r.Text, Priority: r.Priority, Removed: r.Removed, Version: 1,
				UpdatedBy: p.Name, UpdatedAt: m.now()}
			if id, err = s.CreateSpecRequirement(ctx, n); err != nil {
				return err
			}
		} else {
			u := cur
			if u.Text != r.Text || u.Priority != r.Priority {
				u.Edited = u.SourceID != 0 || u.Edited
			}
			u.Text, u.Priority, u.Removed, u.Version = r.Text, r.Priority, r.Removed, r.Version
			u.UpdatedBy, u.UpdatedAt = p.Name, m.now()
			if _, err := s.UpdateSpecRequirement(ctx, u); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, tender, ActSpecEdit, obj("requirement", id), "", OutcomeOK)
	})
	if err != nil {
		return SpecRequirement{}, err
	}
	return m.store.SpecRequirement(ctx, p.CollaborationID, tender, id)
}

// SpecCSV writes a specification as CSV (UTF-8 with a byte order mark, so
// that spreadsheet programs read the Norwegian letters): number, text,
// priority as skal/bør; removed requirements are left out.
func SpecCSV(reqs []SpecRequirement) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write([]string{"Nummer", "Krav", "Prioritet"})
	for _, r := range reqs {
		if r.Removed {
			continue
		}
		prio := "skal"
		if r.Priority == "should" {
			prio = "bør"
		}
		w.Write([]string{r.Number, r.Text, prio})
	}
	w.Flush()
	return b.Bytes()
}

// PublishSpecification writes the specification (SpecCSV) as a new
// version of the tender's specification document (created on first use)
// and publishes it; suppliers who can see the tender are notified
// (officers).
//
// Errors: unauthorized, forbidden, not found, invalid (note), conflict
// ("procurement.spec_empty", "procurement.opened").
func (m *Manager) PublishSpecification(ctx context.Context, p domain.Principal, tender domain.ID, note string) (Document, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActSpecPublish)
	if err != nil {
		return Document{}, err
	}
	note = strings.TrimSpace(note)
	if errs := domain.MaxLen(nil, "note", note, maxQuestion); len(errs) > 0 {
		return Document{}, domain.Invalid("error.invalid_fields", errs...)
	}
	if t.Status == StatusOpened {
		return Document{}, m.refuse(ctx, p, tender, ActSpecPublish, "specification", domain.Conflict("procurement.opened"))
	}
	var d Document
	var notice Notice
	err = m.logged(ctx, p, tender, ActSpecPublish, "specification", func(s Store) error {
		reqs, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		live := 0
		for _, r := range reqs {
			if !r.Removed {
				live++
			}
		}
		if live == 0 {
			return domain.Conflict("procurement.spec_empty")
		}
		f := File{Name: "kravspesifikasjon-" + CleanFileName(t.Reference) + ".csv", ContentType: "text/csv; charset=utf-8", Content: SpecCSV(reqs)}
		if d, notice, err = m.generated(ctx, s, p, t, DocSpecification, "Kravspesifikasjon", f, note, true); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActSpecPublish, obj("document", d.ID), "", OutcomeOK)
	})
	if err != nil {
		return Document{}, err
	}
	if notice.ID != 0 {
		m.mail(ctx, t, notice)
	}
	return m.store.Document(ctx, p.CollaborationID, tender, d.ID)
}
