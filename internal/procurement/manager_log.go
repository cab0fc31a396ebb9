package procurement

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
)

// Log returns the tender's access log, checked against its MAC chain and
// the head the tender row keeps, so that an altered, inserted or removed
// entry, at the end too, is found (Annex IV (g)). Authorised persons
// (CanEdit); the read itself is logged after the check. Entries name
// actions and objects, never bid content.
//
// Errors: unauthorized, forbidden (logged), not found,
// conflict "procurement.no_key".
func (m *Manager) Log(ctx context.Context, p domain.Principal, tender domain.ID) (LogView, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActLogRead); err != nil {
		return LogView{}, err
	}
	srv, err := m.server()
	if err != nil {
		return LogView{}, err
	}
	var v LogView
	err = m.store.Atomic(ctx, func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		entries, err := s.Log(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		seq, mac, err := s.LogHead(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		chain := make([]seal.Entry, len(entries))
		for i, e := range entries {
			chain[i] = seal.Entry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, Actor: e.Actor, Action: e.Action,
				Object: e.Object, Detail: e.Detail, Outcome: e.Outcome, Prev: e.Prev, MAC: e.MAC}
		}
		bad, _ := srv.VerifyHead(chain, seq, mac)
		v = LogView{Entries: entries, Intact: bad < 0, FirstBad: bad}
		if !v.Intact {
			// A broken chain is shown as it is; appending to it would
			// hide where it broke behind a fresh head.
			return nil
		}
		return m.appendLog(ctx, s, p, tender, ActLogRead, obj("tender", tender), "", OutcomeOK)
	})
	return v, err
}
