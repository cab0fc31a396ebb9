package procurement

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Log actions of the evaluation, award, complaints and contract (issue 14).
const (
	ActEvalSetup      = "evaluation.setup"
	ActEvalRead       = "evaluation.read"
	ActScore          = "evaluation.score"
	ActConsensus      = "evaluation.consensus"
	ActAnswers        = "evaluation.answers"
	ActReject         = "evaluation.reject"
	ActResults        = "evaluation.results"
	ActOpeningRead    = "opening.read"
	ActAward          = "award.decide"
	ActLetterEdit     = "letter.edit"
	ActLetterRead     = "letter.read"
	ActComplaint      = "complaint.file"
	ActComplaintReg   = "complaint.register"
	ActComplaintReply = "complaint.answer"
	ActComplaintRead  = "complaint.read"
	ActContract       = "contract.sign"
	ActHandOver       = "contract.handover"
	ActTrace          = "trace.read"
	ActDossier        = "dossier.read"
)

// IsEvaluator reports whether p is on ev's committee.
func IsEvaluator(p domain.Principal, ev Evaluation) bool {
	return p.UserID != 0 && slices.Contains(ev.Evaluators, p.UserID)
}

// evaluationOf returns the tender's evaluation; ok false when none is set
// up yet.
func evaluationOf(ctx context.Context, s Store, collab, tender domain.ID) (Evaluation, bool, error) {
	ev, err := s.Evaluation(ctx, collab, tender)
	if domain.AsError(err).Code == "procurement.evaluation_not_found" {
		return Evaluation{TenderID: tender, CollaborationID: collab}, false, nil
	}
	return ev, err == nil, err
}

// evalAccess is what evalTender found.
type evalAccess struct {
	t         Tender
	ev        Evaluation
	hasEv     bool
	edit      bool // CanEdit
	evaluator bool // on the committee
}

// Who an evaluation action asks for.
const (
	needEditOrEvaluator = iota
	needEdit
	needEvaluator
)

// evalTender authorises p for an evaluation action on tender and finds it:
// CanEdit persons and the tender's evaluators, as need says. Anyone else —
// suppliers, internal users outside the committee — is refused, logged on
// the tender.
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) evalTender(ctx context.Context, p domain.Principal, tender domain.ID, action string, need int) (evalAccess, error) {
	if !p.Authenticated() {
		return evalAccess{}, forbidden(p)
	}
	if !p.Internal() && !p.Has(domain.RoleEvaluator) {
		return evalAccess{}, m.refuse(ctx, p, tender, action, obj("tender", tender), forbidden(p))
	}
	t, err := m.store.Tender(ctx, p.CollaborationID, tender)
	if err != nil {
		return evalAccess{}, err
	}
	a := evalAccess{t: t, edit: CanEdit(p, t)}
	if a.ev, a.hasEv, err = evaluationOf(ctx, m.store, p.CollaborationID, tender); err != nil {
		return evalAccess{}, err
	}
	a.evaluator = a.hasEv && IsEvaluator(p, a.ev)
	ok := a.edit || a.evaluator
	switch need {
	case needEdit:
		ok = a.edit
	case needEvaluator:
		ok = a.evaluator
	}
	if !ok {
		return evalAccess{}, m.refuse(ctx, p, tender, action, obj("tender", tender), forbidden(p))
	}
	return a, nil
}

// authorisedOpened says whether p may read t's opened bids: the CanEdit
// persons, and once the bids are opened the tender's evaluators (Annex IV
// (f): authorised persons). Before the opening only CanEdit persons pass,
// and they still get nothing sealed (BidFile refuses).
func (m *Manager) authorisedOpened(ctx context.Context, p domain.Principal, t Tender) (bool, error) {
	if CanEdit(p, t) {
		return true, nil
	}
	if t.Status != StatusOpened || p.UserID == 0 {
		return false, nil
	}
	ev, ok, err := evaluationOf(ctx, m.store, t.CollaborationID, t.ID)
	if err != nil || !ok {
		return false, err
	}
	return IsEvaluator(p, ev), nil
}

// openedBidsTender loads tender for a read of its opened bids by an
// authorised person (authorisedOpened); anyone else is refused, logged.
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) openedBidsTender(ctx context.Context, p domain.Principal, tender domain.ID, action, object string) (Tender, error) {
	if !p.Authenticated() {
		return Tender{}, forbidden(p)
	}
	if !p.Internal() && !p.Has(domain.RoleEvaluator) {
		return Tender{}, m.refuse(ctx, p, tender, action, object, forbidden(p))
	}
	t, err := m.store.Tender(ctx, p.CollaborationID, tender)
	if err != nil {
		return Tender{}, err
	}
	ok, err := m.authorisedOpened(ctx, p, t)
	if err != nil {
		return Tender{}, err
	}
	if !ok {
		return Tender{}, m.refuse(ctx, p, tender, action, object, forbidden(p))
	}
	return t, nil
}

// OpeningRecord returns the opening record of an opened tender to the
// persons authorised for its opened bids (CanEdit, evaluators); logged.
//
// Errors: unauthorized, forbidden (logged), not found, conflict
// "procurement.not_opened" (logged).
func (m *Manager) OpeningRecord(ctx context.Context, p domain.Principal, tender domain.ID) (OpeningRecord, error) {
	t, err := m.openedBidsTender(ctx, p, tender, ActOpeningRead, obj("tender", tender))
	if err != nil {
		return OpeningRecord{}, err
	}
	if t.Status != StatusOpened || t.Opening == nil {
		return OpeningRecord{}, m.refuse(ctx, p, tender, ActOpeningRead, obj("tender", tender), domain.Conflict("procurement.not_opened"))
	}
	err = m.logged(ctx, p, tender, ActOpeningRead, obj("tender", tender), func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActOpeningRead, obj("tender", tender), "", OutcomeOK)
	})
	return *t.Opening, err
}

// evaluatedBids are the opened bids the committee scores: intact and not
// rejected, in the opening record's order.
func evaluatedBids(t Tender, ev Evaluation) []domain.ID {
	if t.Opening == nil {
		return nil
	}
	var ids []domain.ID
	for _, b := range t.Opening.Bids {
		if b.Intact && !ev.IsRejected(b.BidID) {
			ids = append(ids, b.BidID)
		}
	}
	return ids
}

// openedIDs are every bid of the opening record.
func openedIDs(t Tender) []domain.ID {
	if t.Opening == nil {
		return nil
	}
	ids := make([]domain.ID, len(t.Opening.Bids))
	for i, b := range t.Opening.Bids {
		ids[i] = b.BidID
	}
	return ids
}

// EvaluationView is an evaluation as one person may see it. While the
// scoring is blind (not every evaluator has scored every bid on every
// key) an evaluator sees only their own scores and a CanEdit person only
// Progress; after that everyone sees every score with the Spreads.
type EvaluationView struct {
	Tender     Tender     `json:"tender"`
	Evaluation Evaluation `json:"evaluation"`
	// Bids are the bids being scored (intact and not rejected).
	Bids     []domain.ID         `json:"bids"`
	Keys     []string            `json:"keys"`
	Blind    bool                `json:"blind"`
	Scores   []Score             `json:"scores"`
	Progress []EvaluatorProgress `json:"progress"`
	Spreads  []Spread            `json:"spreads,omitempty"`
	// MustFailures flags, per bid, the must requirements found not met.
	MustFailures map[domain.ID][]domain.ID `json:"must_failures,omitempty"`
	// Results are there once the consensus is complete.
	Results     *Results `json:"results,omitempty"`
	CanEdit     bool     `json:"can_edit"`
	IsEvaluator bool     `json:"is_evaluator"`
	Awarded     bool     `json:"awarded"`
}

// Evaluation returns the tender's evaluation as p may see it (CanEdit
// persons and the evaluators; the blind rule of EvaluationView); logged.
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) Evaluation(ctx context.Context, p domain.Principal, tender domain.ID) (EvaluationView, error) {
	a, err := m.evalTender(ctx, p, tender, ActEvalRead, needEditOrEvaluator)
	if err != nil {
		return EvaluationView{}, err
	}
	v := EvaluationView{Tender: a.t, Evaluation: a.ev, CanEdit: a.edit, IsEvaluator: a.evaluator}
	err = m.logged(ctx, p, tender, ActEvalRead, obj("tender", tender), func(s Store) error {
		scores, err := s.Scores(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		v.Bids, v.Keys = evaluatedBids(a.t, a.ev), ScoreKeys(a.ev.Criteria)
		v.Progress = Progress(a.ev.Evaluators, scores, v.Bids, v.Keys)
		v.Blind = !AllScored(a.ev.Evaluators, scores, v.Bids, v.Keys)
		if v.Blind {
			for _, sc := range scores {
				if sc.EvaluatorID == p.UserID && p.UserID != 0 {
					v.Scores = append(v.Scores, sc)
				}
			}
		} else {
			v.Scores = scores
			v.Spreads = Spreads(scores, v.Bids, v.Keys)
		}
		spec, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if f := MustFailures(a.ev, spec); len(f) > 0 {
			v.MustFailures = f
		}
		if !v.Blind && a.t.Opening != nil && ConsensusComplete(a.ev.Consensus, v.Bids, v.Keys) {
			if res, err := Compute(a.ev, *a.t.Opening); err == nil {
				v.Results = &res
			}
		}
		if _, err := s.Award(ctx, p.CollaborationID, tender); err == nil {
			v.Awarded = true
		} else if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActEvalRead, obj("tender", tender), "", OutcomeOK)
	})
	if err != nil {
		return EvaluationView{}, err
	}
	return v, nil
}

// errAwarded refuses changes to an evaluation once the award is made.
var errAwarded = domain.Conflict("procurement.award_exists")

// noAward fails with errAwarded when the tender has an award.
func noAward(ctx context.Context, s Store, collab, tender domain.ID) error {
	_, err := s.Award(ctx, collab, tender)
	switch {
	case err == nil:
		return errAwarded
	case domain.KindOf(err) == domain.KindNotFound:
		return nil
	}
	return err
}

// SetupEvaluation sets the tender's award criteria, price model,
// evaluators and presentations (CanEdit persons), keeping what was
// recorded since (answers, consensus, rejections). ev.Version is the
// version read (0: none yet). Evaluators must be users of the
// collaboration with the evaluator role or an internal one; presentations
// name opened bids. Once anyone has scored, the criteria and the price
// model are fixed; after the award nothing changes.
//
// Errors: unauthorized, forbidden, not found, invalid (Evaluation.Validate,
// "evaluators[i]", "presentations[i].bid_id"), conflict
// ("procurement.criteria_locked", "procurement.award_exists", "error.stale");
// each refusal logged.
func (m *Manager) SetupEvaluation(ctx context.Context, p domain.Principal, tender domain.ID, ev Evaluation) (Evaluation, error) {
	a, err := m.evalTender(ctx, p, tender, ActEvalSetup, needEdit)
	if err != nil {
		return Evaluation{}, err
	}
	ev.Criteria = slices.Clone(ev.Criteria) // trimmed below: the caller's slice stays as given
	for i := range ev.Criteria {
		c := &ev.Criteria[i]
		c.Sub = slices.Clone(c.Sub)
		c.Key, c.Name = strings.TrimSpace(c.Key), strings.TrimSpace(c.Name)
		for j := range c.Sub {
			c.Sub[j].Key, c.Sub[j].Name = strings.TrimSpace(c.Sub[j].Key), strings.TrimSpace(c.Sub[j].Name)
		}
	}
	errs := ev.Validate()
	for i, id := range ev.Evaluators {
		if id > 0 && !m.mayEvaluate(ctx, p.CollaborationID, id) {
			errs = append(errs, domain.Field("evaluators["+strconv.Itoa(i)+"]", "procurement.evaluator_invalid"))
		}
	}
	opened := openedIDs(a.t)
	for i, pr := range ev.Presentations {
		if pr.BidID > 0 && !slices.Contains(opened, pr.BidID) {
			errs = append(errs, domain.Field("presentations["+strconv.Itoa(i)+"].bid_id", "procurement.bid_not_evaluated"))
		}
	}
	now := m.now()
	var out Evaluation
	err = m.logged(ctx, p, tender, ActEvalSetup, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		if err := noAward(ctx, s, p.CollaborationID, tender); err != nil {
			return err
		}
		cur, ok, err := evaluationOf(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if ok && cur.Version != ev.Version || !ok && ev.Version != 0 {
			return domain.Conflict("error.stale")
		}
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		scores, err := s.Scores(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if len(scores) > 0 && (ev.PriceModel != cur.PriceModel || !sameCriteria(ev.Criteria, cur.Criteria)) {
			return domain.Conflict("procurement.criteria_locked")
		}
		out = cur
		out.TenderID, out.CollaborationID = tender, p.CollaborationID
		out.Criteria, out.PriceModel, out.Evaluators, out.Presentations = ev.Criteria, ev.PriceModel, ev.Evaluators, ev.Presentations
		out.UpdatedBy, out.UpdatedAt = p.Name, now
		if out.Version, err = s.SaveEvaluation(ctx, out); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActEvalSetup, obj("tender", tender),
			"criteria "+strconv.Itoa(len(ev.Criteria))+", evaluators "+strconv.Itoa(len(ev.Evaluators)), OutcomeOK)
	})
	if err != nil {
		return Evaluation{}, err
	}
	return out, nil
}

func sameCriteria(a, b []Criterion) bool {
	return slices.EqualFunc(a, b, func(x, y Criterion) bool {
		return x.Key == y.Key && x.Name == y.Name && x.Weight == y.Weight && x.Price == y.Price && slices.Equal(x.Sub, y.Sub)
	})
}

// mayEvaluate reports whether user id of collab may sit on a committee:
// an enabled user with the evaluator role or an internal role.
func (m *Manager) mayEvaluate(ctx context.Context, collab, id domain.ID) bool {
	if m.cfg.Users == nil {
		return false
	}
	u, err := m.cfg.Users.User(ctx, id)
	if err != nil || u.Disabled || u.CollaborationID != collab {
		return false
	}
	q := u.Principal()
	return q.Internal() || q.Has(domain.RoleEvaluator)
}

// SaveScores stores p's own points (0–10, with a reason) for opened bids
// on the evaluation's non-price criteria or sub-criteria. Only the
// tender's evaluators score, and only their own rows; a score given again
// replaces the earlier one, until the award.
//
// Errors: unauthorized, forbidden (not on the committee), not found,
// conflict ("procurement.not_opened", "procurement.award_exists"), invalid
// (CheckScores: "scores[i].points", "scores[i].reason" …); each refusal
// logged.
func (m *Manager) SaveScores(ctx context.Context, p domain.Principal, tender domain.ID, scores []Score) ([]Score, error) {
	a, err := m.evalTender(ctx, p, tender, ActScore, needEvaluator)
	if err != nil {
		return nil, err
	}
	now := m.now()
	err = m.logged(ctx, p, tender, ActScore, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		if a.t.Status != StatusOpened {
			return domain.Conflict("procurement.not_opened")
		}
		if err := noAward(ctx, s, p.CollaborationID, tender); err != nil {
			return err
		}
		ev, _, err := evaluationOf(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if errs := CheckScores(scores, evaluatedBids(a.t, ev), ScoreKeys(ev.Criteria)); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		for i := range scores {
			sc := &scores[i]
			sc.CollaborationID, sc.TenderID, sc.EvaluatorID, sc.At = p.CollaborationID, tender, p.UserID, now
			sc.Reason = strings.TrimSpace(sc.Reason)
			if err := s.PutScore(ctx, *sc); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, tender, ActScore, obj("tender", tender), "scores "+strconv.Itoa(len(scores)), OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	return scores, nil
}

// updateEvaluation runs change on the tender's evaluation at version
// inside one transaction (CanEdit persons, before the award) and saves it.
func (m *Manager) updateEvaluation(ctx context.Context, p domain.Principal, tender domain.ID, version int, action, detail string,
	change func(s Store, t Tender, ev *Evaluation) error) (Evaluation, error) {
	a, err := m.evalTender(ctx, p, tender, action, needEdit)
	if err != nil {
		return Evaluation{}, err
	}
	var out Evaluation
	err = m.logged(ctx, p, tender, action, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		ev, ok, err := evaluationOf(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if !ok {
			return domain.NotFound("procurement.evaluation_not_found")
		}
		if a.t.Status != StatusOpened {
			return domain.Conflict("procurement.not_opened")
		}
		if err := noAward(ctx, s, p.CollaborationID, tender); err != nil {
			return err
		}
		if ev.Version != version {
			return domain.Conflict("error.stale")
		}
		if err := change(s, a.t, &ev); err != nil {
			return err
		}
		ev.UpdatedBy, ev.UpdatedAt = p.Name, m.now()
		if ev.Version, err = s.SaveEvaluation(ctx, ev); err != nil {
			return err
		}
		out = ev
		return m.appendLog(ctx, s, p, tender, action, obj("tender", tender), detail, OutcomeOK)
	})
	if err != nil {
		return Evaluation{}, err
	}
	return out, nil
}

// SetConsensus records the committee's agreed points with reasons (CanEdit
// persons), once every evaluator has scored every bid on every key: before
// that the scores are blind and there is nothing to agree on. Points for a
// (bid, key) given before are replaced.
//
// Errors: unauthorized, forbidden, not found (tender, evaluation), conflict
// ("procurement.scoring_incomplete", "procurement.not_opened",
// "procurement.award_exists", "error.stale"), invalid (CheckConsensus:
// "consensus[i].points" …); each refusal logged.
func (m *Manager) SetConsensus(ctx context.Context, p domain.Principal, tender domain.ID, version int, cs []Consensus) (Evaluation, error) {
	return m.updateEvaluation(ctx, p, tender, version, ActConsensus, "points "+strconv.Itoa(len(cs)), func(s Store, t Tender, ev *Evaluation) error {
		bids, keys := evaluatedBids(t, *ev), ScoreKeys(ev.Criteria)
		scores, err := s.Scores(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if !AllScored(ev.Evaluators, scores, bids, keys) {
			return domain.Conflict("procurement.scoring_incomplete")
		}
		if errs := CheckConsensus(cs, bids, keys); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		for _, c := range cs {
			c.Reason = strings.TrimSpace(c.Reason)
			i := slices.IndexFunc(ev.Consensus, func(x Consensus) bool { return x.BidID == c.BidID && x.Criterion == c.Criterion })
			if i >= 0 {
				ev.Consensus[i] = c
			} else {
				ev.Consensus = append(ev.Consensus, c)
			}
		}
		return nil
	})
}

// SaveAnswers records how opened bids meet the specification's
// requirements (CanEdit persons): met or not, with the place in the bid.
// An answer for a (bid, requirement) given before is replaced.
//
// Errors: unauthorized, forbidden, not found, conflict (as SetConsensus
// but for the scoring), invalid (CheckAnswers: "answers[i].requirement_id",
// "answers[i].note" for a requirement not met without a note …); each
// refusal logged.
func (m *Manager) SaveAnswers(ctx context.Context, p domain.Principal, tender domain.ID, version int, answers []Answer) (Evaluation, error) {
	return m.updateEvaluation(ctx, p, tender, version, ActAnswers, "answers "+strconv.Itoa(len(answers)), func(s Store, t Tender, ev *Evaluation) error {
		spec, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		var reqs []domain.ID
		for _, r := range spec {
			if !r.Removed {
				reqs = append(reqs, r.ID)
			}
		}
		if errs := CheckAnswers(answers, openedIDs(t), reqs); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		for _, a := range answers {
			a.Place, a.Note = strings.TrimSpace(a.Place), strings.TrimSpace(a.Note)
			i := slices.IndexFunc(ev.Answers, func(x Answer) bool { return x.BidID == a.BidID && x.RequirementID == a.RequirementID })
			if i >= 0 {
				ev.Answers[i] = a
			} else {
				ev.Answers = append(ev.Answers, a)
			}
		}
		return nil
	})
}

// RejectBid records the buyer's decision to reject an opened bid, with the
// reason (typically a must requirement not met: MustFailures flags those).
// A rejected bid is left out of the scoring and the ranking; its bidder
// still gets a letter.
//
// Errors: unauthorized, forbidden, not found, conflict (as SaveAnswers,
// "procurement.already_rejected"), invalid ("bid_id", "reason"); each
// refusal logged.
func (m *Manager) RejectBid(ctx context.Context, p domain.Principal, tender domain.ID, version int, bid domain.ID, reason string) (Evaluation, error) {
	reason = strings.TrimSpace(reason)
	return m.updateEvaluation(ctx, p, tender, version, ActReject, obj("bid", bid), func(s Store, t Tender, ev *Evaluation) error {
		var errs []domain.FieldError
		if !slices.Contains(openedIDs(t), bid) {
			errs = append(errs, domain.Field("bid_id", "procurement.bid_not_evaluated"))
		}
		errs = domain.Required(errs, "reason", reason)
		errs = domain.MaxLen(errs, "reason", reason, maxReason)
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		if ev.IsRejected(bid) {
			return domain.Conflict("procurement.already_rejected")
		}
		ev.Rejections = append(ev.Rejections, Rejection{BidID: bid, Reason: reason, By: p.Name, At: m.now()})
		return nil
	})
}

// Results returns the totals and the ranking (Compute) to CanEdit persons
// and evaluators, once the scoring is no longer blind and the consensus is
// complete; logged.
//
// Errors: unauthorized, forbidden (logged), not found, conflict
// "procurement.scoring_incomplete", "procurement.not_opened".
func (m *Manager) Results(ctx context.Context, p domain.Principal, tender domain.ID) (Results, error) {
	a, err := m.evalTender(ctx, p, tender, ActResults, needEditOrEvaluator)
	if err != nil {
		return Results{}, err
	}
	var res Results
	err = m.logged(ctx, p, tender, ActResults, obj("tender", tender), func(s Store) error {
		if a.t.Opening == nil {
			return domain.Conflict("procurement.not_opened")
		}
		if err := m.scoringComplete(ctx, s, a.t, a.ev); err != nil {
			return err
		}
		if res, err = Compute(a.ev, *a.t.Opening); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActResults, obj("tender", tender), "", OutcomeOK)
	})
	return res, err
}

// scoringComplete fails with conflict "procurement.scoring_incomplete"
// unless every evaluator has scored every evaluated bid on every key and
// the consensus is complete.
func (m *Manager) scoringComplete(ctx context.Context, s Store, t Tender, ev Evaluation) error {
	scores, err := s.Scores(ctx, t.CollaborationID, t.ID)
	if err != nil {
		return err
	}
	bids, keys := evaluatedBids(t, ev), ScoreKeys(ev.Criteria)
	if len(ev.Criteria) == 0 || len(bids) == 0 || (len(keys) > 0 && !AllScored(ev.Evaluators, scores, bids, keys)) ||
		!ConsensusComplete(ev.Consensus, bids, keys) {
		return domain.Conflict("procurement.scoring_incomplete")
	}
	return nil
}
