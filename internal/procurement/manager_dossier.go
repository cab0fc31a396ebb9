package procurement

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Dossier assembles everything recorded about a tender (Dossier) for its
// CanEdit persons, the source of the procurement record and the exports;
// logged. Bid content is there only as the opening record holds it, after
// the opening; the evaluators' own scores only once the scoring is no
// longer blind.
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) Dossier(ctx context.Context, p domain.Principal, tender domain.ID) (Dossier, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActDossier)
	if err != nil {
		return Dossier{}, err
	}
	d := Dossier{Tender: t, Part: DerivePart(t.EstimatedValue, t.Works, m.cfg.Thresholds), Opening: t.Opening}
	err = m.logged(ctx, p, tender, ActDossier, obj("tender", tender), func(s Store) error {
		collab := p.CollaborationID
		for _, it := range t.Items {
			ref := ServiceRef{ID: it.ServiceID}
			if m.cfg.Services != nil {
				svc, err := m.cfg.Services.Service(ctx, collab, it.ServiceID)
				if err != nil && domain.KindOf(err) != domain.KindNotFound {
					return err
				}
				ref.Slug, ref.Name = svc.Slug, svc.NameNB
			}
			d.Services = append(d.Services, ref)
		}
		var err error
		if d.Suppliers, err = s.Suppliers(ctx, collab); err != nil {
			return err
		}
		if d.Candidates, err = s.Candidates(ctx, collab, tender); err != nil {
			return err
		}
		if d.Documents, err = s.Documents(ctx, collab, tender); err != nil {
			return err
		}
		if d.Specification, err = s.SpecRequirements(ctx, collab, tender); err != nil {
			return err
		}
		if d.Questions, err = s.Questions(ctx, collab, tender); err != nil {
			return err
		}
		if d.Bids, err = s.Bids(ctx, collab, tender); err != nil {
			return err
		}
		ev, ok, err := evaluationOf(ctx, s, collab, tender)
		if err != nil {
			return err
		}
		if ok {
			d.Evaluation = &ev
			scores, err := s.Scores(ctx, collab, tender)
			if err != nil {
				return err
			}
			if AllScored(ev.Evaluators, scores, evaluatedBids(t, ev), ScoreKeys(ev.Criteria)) {
				d.Scores = scores
			}
		}
		if aw, err := s.Award(ctx, collab, tender); err == nil {
			d.Award = &aw
		} else if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		if d.Letters, err = s.Letters(ctx, collab, tender); err != nil {
			return err
		}
		if d.Complaints, err = s.Complaints(ctx, collab, tender); err != nil {
			return err
		}
		if c, err := s.Contract(ctx, collab, tender); err == nil {
			d.Contract = &c
		} else if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActDossier, obj("tender", tender), "", OutcomeOK)
	})
	if err != nil {
		return Dossier{}, err
	}
	return d, nil
}
