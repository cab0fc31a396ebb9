package priority

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// view makes the page's form of a round for p at now: the participants
// are listed for the programme lead only (or for nobody when hide).
func view(p domain.Principal, r Round, now time.Time, hide bool) RoundView {
	v := RoundView{Round: r, ParticipantCount: len(r.Participants), ByMunicipality: map[domain.ID]int{},
		AcceptsScores: r.AcceptsScores(now), Over: r.Over(now)}
	for _, x := range r.Participants {
		v.ByMunicipality[x.MunicipalityID]++
		if p.UserID != 0 && x.UserID == p.UserID {
			v.IsParticipant = true
		}
	}
	if hide || !p.IsProgrammeLead() {
		v.Participants = nil
	}
	return v
}

// Rounds returns the collaboration's rounds by number.
// Errors: unauthorized, forbidden.
func (m *Manager) Rounds(ctx context.Context, p domain.Principal) ([]RoundView, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	rounds, err := m.store.Rounds(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	now := m.clock.Now()
	out := make([]RoundView, len(rounds))
	for i, r := range rounds {
		out[i] = view(p, r, now, false)
	}
	return out, nil
}

// Round returns one round.
// Errors: unauthorized, forbidden, not found ("priority.round_not_found").
func (m *Manager) Round(ctx context.Context, p domain.Principal, id domain.ID) (RoundView, error) {
	if err := p.RequireInternal(); err != nil {
		return RoundView{}, err
	}
	r, err := m.store.Round(ctx, p.CollaborationID, id)
	if err != nil {
		return RoundView{}, err
	}
	return view(p, r, m.clock.Now(), false), nil
}

// OpenRound opens the next round (number 1, 2, …) with a deadline after
// now; see RoundInput for the lists taken when left empty. Services must
// be the collaboration's; criteria active and judgemental; participants
// enabled users of the collaboration, each once, holding subject_owner,
// coordinator or leadership in the active municipality they score for.
// At most one round is open: while another accepts scores, opening is
// refused; one whose deadline has passed is closed first (at now, by the
// opener, audited), so no explicit close is needed between rounds.
// Errors: unauthorized, forbidden, invalid (fields "deadline",
// "services", "criteria", "participants", "copy_previous"), conflict
// ("priority.round_open").
func (m *Manager) OpenRound(ctx context.Context, p domain.Principal, in RoundInput) (RoundView, error) {
	r, err := m.openRound(ctx, p, in)
	if err != nil {
		return RoundView{}, m.refuse(ctx, p, ActionRoundOpen, "round", err)
	}
	return view(p, r, m.clock.Now(), false), nil
}

func (m *Manager) openRound(ctx context.Context, p domain.Principal, in RoundInput) (Round, error) {
	if err := p.RequireInternal(); err != nil {
		return Round{}, err
	}
	if !CanRunRounds(p) {
		return Round{}, forbidden()
	}
	now := m.clock.Now()
	if in.Deadline.IsZero() {
		return Round{}, domain.Invalid("error.invalid_fields", domain.Field("deadline", "field.required"))
	}
	if !in.Deadline.After(now) {
		return Round{}, domain.Invalid("error.invalid_fields", domain.Field("deadline", "priority.deadline_past"))
	}
	services, err := m.cat.Services(ctx, p.CollaborationID)
	if err != nil {
		return Round{}, err
	}
	munis, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return Round{}, err
	}
	users, err := m.users.Users(ctx, p.CollaborationID)
	if err != nil {
		return Round{}, err
	}
	var r Round
	err = m.store.Atomic(ctx, func(st Store) error {
		criteria, err := m.ensure(ctx, st, p)
		if err != nil {
			return err
		}
		headers, err := st.RoundHeaders(ctx, p.CollaborationID)
		if err != nil {
			return err
		}
		var latest *Round
		if len(headers) > 0 {
			latest = &headers[len(headers)-1]
		}
		for _, h := range headers {
			if h.ClosedAt != nil {
				continue
			}
			if h.AcceptsScores(now) {
				return domain.Conflict("priority.round_open", h.Number)
			}
			if err := st.CloseRound(ctx, p.CollaborationID, h.ID, p.Name, now); err != nil {
				return err
			}
			if err := m.record(ctx, st, p, ActionRoundClose, object("round", h.ID), "deadline passed"); err != nil {
				return err
			}
		}
		if in.CopyPrevious {
			if latest == nil {
				return domain.Invalid("error.invalid_fields", domain.Field("copy_previous", "priority.no_previous_round"))
			}
			prev, err := st.Round(ctx, p.CollaborationID, latest.ID)
			if err != nil {
				return err
			}
			in.Services = orList(in.Services, prev.Services)
			in.Participants = orList(in.Participants, prev.Participants)
			in.Criteria = orList(in.Criteria, prev.Criteria)
		} else if len(in.Services) == 0 || len(in.Participants) == 0 {
			assigned, err := st.Assignments(ctx, p.CollaborationID, AssignmentFilter{})
			if err != nil {
				return err
			}
			fromServices, fromParticipants := fromAssignments(assigned)
			in.Services = orList(in.Services, fromServices)
			in.Participants = orList(in.Participants, fromParticipants)
		}
		if len(in.Criteria) == 0 {
			for _, c := range criteria {
				if c.Active && c.Kind == KindJudgemental {
					in.Criteria = append(in.Criteria, c.ID)
				}
			}
		}
		var errs []domain.FieldError
		r.Services, errs = checkServices(errs, in.Services, services)
		r.Criteria, errs = checkCriteria(errs, in.Criteria, criteria)
		r.Participants, errs = checkParticipants(errs, in.Participants, users, munis, p.CollaborationID)
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		r.CollaborationID, r.Deadline, r.OpenedAt, r.OpenedBy, r.Version = p.CollaborationID, in.Deadline.UTC(), now, p.Name, 1
		r.Number = 1
		if latest != nil {
			r.Number = latest.Number + 1
		}
		if r.ID, err = st.CreateRound(ctx, r); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionRoundOpen, object("round", r.ID), fmt.Sprintf("round %d: %d services, %d criteria, %d participants",
			r.Number, len(r.Services), len(r.Criteria), len(r.Participants)))
	})
	if err != nil {
		return Round{}, err
	}
	return r, nil
}

// orList returns list, or otherwise when list is empty.
func orList[T any](list, otherwise []T) []T {
	if len(list) == 0 {
		return otherwise
	}
	return list
}

// fromAssignments returns the services assigned and the assignees, each
// for the first municipality they are assigned in.
func fromAssignments(list []Assignment) ([]domain.ID, []Participant) {
	var services []domain.ID
	var parts []Participant
	seenS, seenU := map[domain.ID]bool{}, map[domain.ID]bool{}
	for _, a := range list {
		if !seenS[a.ServiceID] {
			seenS[a.ServiceID] = true
			services = append(services, a.ServiceID)
		}
		if !seenU[a.UserID] {
			seenU[a.UserID] = true
			parts = append(parts, Participant{UserID: a.UserID, MunicipalityID: a.MunicipalityID})
		}
	}
	slices.Sort(services)
	return services, parts
}

func checkServices(errs []domain.FieldError, ids []domain.ID, services []catalogue.Service) ([]domain.ID, []domain.FieldError) {
	if len(ids) == 0 {
		return nil, append(errs, domain.Field("services", "field.required"))
	}
	known := map[domain.ID]bool{}
	for _, s := range services {
		known[s.ID] = true
	}
	out := make([]domain.ID, 0, len(ids))
	seen := map[domain.ID]bool{}
	for _, id := range ids {
		switch {
		case !known[id]:
			errs = append(errs, domain.Field("services", "priority.unknown_service", id))
		case !seen[id]:
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, errs
}

func checkCriteria(errs []domain.FieldError, ids []domain.ID, criteria []Criterion) ([]domain.ID, []domain.FieldError) {
	if len(ids) == 0 {
		return nil, append(errs, domain.Field("criteria", "field.required"))
	}
	byID := map[domain.ID]Criterion{}
	for _, c := range criteria {
		byID[c.ID] = c
	}
	out := make([]domain.ID, 0, len(ids))
	seen := map[domain.ID]bool{}
	for _, id := range ids {
		c, ok := byID[id]
		switch {
		case !ok:
			errs = append(errs, domain.Field("criteria", "priority.unknown_criterion", id))
		case c.Kind != KindJudgemental:
			errs = append(errs, domain.Field("criteria", "priority.criterion_not_judgemental", c.Key))
		case !c.Active:
			errs = append(errs, domain.Field("criteria", "priority.criterion_inactive", c.Key))
		case !seen[id]:
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, errs
}

func checkParticipants(errs []domain.FieldError, list []Participant, users []account.User, munis []catalogue.Municipality,
	collab domain.ID) ([]Participant, []domain.FieldError) {
	if len(list) == 0 {
		return nil, append(errs, domain.Field("participants", "field.required"))
	}
	byID := map[domain.ID]account.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	active := map[domain.ID]bool{}
	for _, x := range munis {
		active[x.ID] = true
	}
	seen := map[domain.ID]bool{}
	out := make([]Participant, 0, len(list))
	for _, x := range list {
		u, ok := byID[x.UserID]
		switch {
		case seen[x.UserID]:
			errs = append(errs, domain.Field("participants", "priority.participant_twice", x.UserID))
		case !ok || u.CollaborationID != collab || u.Disabled || !active[x.MunicipalityID] ||
			!eligible(u.Principal(), x.MunicipalityID):
			errs = append(errs, domain.Field("participants", "priority.not_eligible", x.UserID, x.MunicipalityID))
		default:
			out = append(out, x)
		}
		seen[x.UserID] = true
	}
	return out, errs
}

// CloseRound closes the open round id now.
// Errors: unauthorized, forbidden, not found, conflict
// ("priority.round_closed").
func (m *Manager) CloseRound(ctx context.Context, p domain.Principal, id domain.ID) error {
	err := m.closeRound(ctx, p, id)
	return m.refuse(ctx, p, ActionRoundClose, object("round", id), err)
}

func (m *Manager) closeRound(ctx context.Context, p domain.Principal, id domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if !CanRunRounds(p) {
		return forbidden()
	}
	return m.store.Atomic(ctx, func(st Store) error {
		r, err := st.RoundHeader(ctx, p.CollaborationID, id)
		if err != nil {
			return err
		}
		if r.ClosedAt != nil {
			return domain.Conflict("priority.round_closed")
		}
		if err := st.CloseRound(ctx, p.CollaborationID, id, p.Name, m.clock.Now()); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionRoundClose, object("round", id), "")
	})
}

// Submit records a participant's scores of one service in a round: every
// criterion of the round once, on its scale, with optional rationales,
// all in one transaction. A participant scores a service once per round
// (revisions go in the next round), only for their own municipality, only
// the round's services, and only while the round accepts scores. Every
// refusal is audited (without the values).
// Errors: unauthorized, forbidden ("priority.not_participant",
// "priority.wrong_municipality"), not found ("priority.round_not_found"),
// invalid ("service_id": "priority.service_not_in_round"; "scores…", see
// Submission.Check), conflict ("priority.after_deadline",
// "priority.round_closed", "priority.already_scored").
func (m *Manager) Submit(ctx context.Context, p domain.Principal, s Submission) error {
	err := m.submit(ctx, p, s)
	return m.refuse(ctx, p, ActionScoreSubmit, fmt.Sprintf("round:%d/service:%d", s.RoundID, s.ServiceID), err)
}

func (m *Manager) submit(ctx context.Context, p domain.Principal, s Submission) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if p.UserID == 0 {
		return domain.Forbidden("priority.not_participant")
	}
	now := m.clock.Now()
	r, err := m.store.RoundHeader(ctx, p.CollaborationID, s.RoundID)
	if err != nil {
		return err
	}
	part, err := m.store.Participant(ctx, p.CollaborationID, r.ID, p.UserID)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Forbidden("priority.not_participant")
	}
	if err != nil {
		return err
	}
	if s.MunicipalityID != 0 && s.MunicipalityID != part.MunicipalityID {
		return domain.Forbidden("priority.wrong_municipality")
	}
	if !now.Before(r.Deadline) {
		return domain.Conflict("priority.after_deadline")
	}
	if r.ClosedAt != nil {
		return domain.Conflict("priority.round_closed")
	}
	ok, err := m.store.RoundHasService(ctx, p.CollaborationID, r.ID, s.ServiceID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Invalid("error.invalid_fields", domain.Field("service_id", "priority.service_not_in_round"))
	}
	criteria, err := m.roundCriteria(ctx, p.CollaborationID, r)
	if err != nil {
		return err
	}
	checked, errs := s.Check(criteria)
	if len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	scores := make([]Score, len(checked))
	for i, cs := range checked {
		scores[i] = Score{CollaborationID: p.CollaborationID, RoundID: r.ID, ServiceID: s.ServiceID,
			CriterionID: cs.CriterionID, UserID: p.UserID, MunicipalityID: part.MunicipalityID, Value: cs.Value,
			Rationale: cs.Rationale, SubmittedAt: now}
	}
	return m.store.Atomic(ctx, func(st Store) error {
		if err := st.AddScores(ctx, scores); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionScoreSubmit, fmt.Sprintf("round:%d/service:%d", r.ID, s.ServiceID), "")
	})
}

// roundCriteria returns the round's criteria in the round's order.
func (m *Manager) roundCriteria(ctx context.Context, collab domain.ID, r Round) ([]Criterion, error) {
	all, err := m.store.Criteria(ctx, collab)
	if err != nil {
		return nil, err
	}
	byID := make(map[domain.ID]Criterion, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	out := make([]Criterion, 0, len(r.Criteria))
	for _, id := range r.Criteria {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// previousRound returns the round numbered one less than r, if any.
func (m *Manager) previousRound(ctx context.Context, collab domain.ID, r Round) (Round, bool, error) {
	headers, err := m.store.RoundHeaders(ctx, collab)
	if err != nil {
		return Round{}, false, err
	}
	for _, h := range headers {
		if h.Number == r.Number-1 {
			return h, true, nil
		}
	}
	return Round{}, false, nil
}

// own returns p's scores in a round by service and criterion.
func (m *Manager) own(ctx context.Context, p domain.Principal, round domain.ID) (map[[2]domain.ID]OwnScore, error) {
	out := map[[2]domain.ID]OwnScore{}
	if p.UserID == 0 {
		return out, nil
	}
	scores, err := m.store.Scores(ctx, p.CollaborationID, round, 0, p.UserID)
	if err != nil {
		return nil, err
	}
	for _, s := range scores {
		out[[2]domain.ID{s.ServiceID, s.CriterionID}] = OwnScore{Value: s.Value, Rationale: s.Rationale}
	}
	return out, nil
}

// Ballot returns what p scores in a round: its criteria and services, for
// each whether p has scored it, p's own scores in this round and in the
// round before.
// Errors: unauthorized, forbidden ("priority.not_participant"), not found.
func (m *Manager) Ballot(ctx context.Context, p domain.Principal, round domain.ID) (Ballot, error) {
	if err := p.RequireInternal(); err != nil {
		return Ballot{}, err
	}
	r, err := m.store.Round(ctx, p.CollaborationID, round)
	if err != nil {
		return Ballot{}, err
	}
	i := slices.IndexFunc(r.Participants, func(x Participant) bool { return p.UserID != 0 && x.UserID == p.UserID })
	if i < 0 {
		return Ballot{}, domain.Forbidden("priority.not_participant")
	}
	b := Ballot{Round: view(p, r, m.clock.Now(), false), MunicipalityID: r.Participants[i].MunicipalityID}
	if b.Criteria, err = m.roundCriteria(ctx, p.CollaborationID, r); err != nil {
		return Ballot{}, err
	}
	svcs, err := m.serviceMap(ctx, p.CollaborationID)
	if err != nil {
		return Ballot{}, err
	}
	own, err := m.own(ctx, p, r.ID)
	if err != nil {
		return Ballot{}, err
	}
	prev := map[[2]domain.ID]OwnScore{}
	if pr, ok, err := m.previousRound(ctx, p.CollaborationID, r); err != nil {
		return Ballot{}, err
	} else if ok {
		if prev, err = m.own(ctx, p, pr.ID); err != nil {
			return Ballot{}, err
		}
	}
	for _, sid := range r.Services {
		svc := svcs[sid]
		bs := BallotService{ServiceID: sid, ServiceSlug: svc.Slug, ServiceNameNB: svc.NameNB, ServiceNameEN: svc.NameEN}
		for _, c := range b.Criteria {
			k := [2]domain.ID{sid, c.ID}
			if o, ok := own[k]; ok {
				if bs.Own == nil {
					bs.Own = map[domain.ID]OwnScore{}
				}
				bs.Own[c.ID], bs.Scored = o, true
			}
			if o, ok := prev[k]; ok {
				if bs.Previous == nil {
					bs.Previous = map[domain.ID]OwnScore{}
				}
				bs.Previous[c.ID] = o
			}
		}
		if bs.Scored {
			b.Scored++
		}
		b.Services = append(b.Services, bs)
	}
	return b, nil
}

func (m *Manager) serviceMap(ctx context.Context, collab domain.ID) (map[domain.ID]catalogue.Service, error) {
	list, err := m.cat.Services(ctx, collab)
	if err != nil {
		return nil, err
	}
	out := make(map[domain.ID]catalogue.Service, len(list))
	for _, s := range list {
		out[s.ID] = s
	}
	return out, nil
}

// Progress returns, per municipality taking part, how many service
// submissions a round has of how many expected. It counts, and names no
// one.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Progress(ctx context.Context, p domain.Principal, round domain.ID) ([]MunicipalProgress, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	r, err := m.store.Round(ctx, p.CollaborationID, round)
	if err != nil {
		return nil, err
	}
	subs, err := m.store.Submitted(ctx, p.CollaborationID, r.ID, 0)
	if err != nil {
		return nil, err
	}
	index := map[domain.ID]int{}
	var out []MunicipalProgress
	for _, x := range r.Participants {
		i, ok := index[x.MunicipalityID]
		if !ok {
			i = len(out)
			index[x.MunicipalityID] = i
			out = append(out, MunicipalProgress{MunicipalityID: x.MunicipalityID})
		}
		out[i].Participants++
		out[i].Expected += len(r.Services)
	}
	for _, s := range subs {
		if i, ok := index[s.MunicipalityID]; ok {
			out[i].Submitted++
		}
	}
	slices.SortFunc(out, func(a, b MunicipalProgress) int { return cmp.Compare(a.MunicipalityID, b.MunicipalityID) })
	return out, nil
}

// Results returns a round's anonymous results once it is over (closed,
// or its deadline has come): per service and criterion the values and the
// rationales, never who gave them; to a participant also their own score
// in this round and the round before.
// Errors: unauthorized, forbidden, not found, conflict
// ("priority.round_not_over").
func (m *Manager) Results(ctx context.Context, p domain.Principal, round domain.ID) (Results, error) {
	if err := p.RequireInternal(); err != nil {
		return Results{}, err
	}
	now := m.clock.Now()
	r, err := m.store.Round(ctx, p.CollaborationID, round)
	if err != nil {
		return Results{}, err
	}
	if !r.Over(now) {
		return Results{}, domain.Conflict("priority.round_not_over")
	}
	criteria, err := m.roundCriteria(ctx, p.CollaborationID, r)
	if err != nil {
		return Results{}, err
	}
	svcs, err := m.serviceMap(ctx, p.CollaborationID)
	if err != nil {
		return Results{}, err
	}
	scores, err := m.store.Scores(ctx, p.CollaborationID, r.ID, 0, 0)
	if err != nil {
		return Results{}, err
	}
	grouped := map[[2]domain.ID][]Score{}
	own := map[[2]domain.ID]OwnScore{}
	for _, s := range scores {
		k := [2]domain.ID{s.ServiceID, s.CriterionID}
		grouped[k] = append(grouped[k], s)
		if p.UserID != 0 && s.UserID == p.UserID {
			own[k] = OwnScore{Value: s.Value, Rationale: s.Rationale}
		}
	}
	prev := map[[2]domain.ID]OwnScore{}
	if pr, ok, err := m.previousRound(ctx, p.CollaborationID, r); err != nil {
		return Results{}, err
	} else if ok {
		if prev, err = m.own(ctx, p, pr.ID); err != nil {
			return Results{}, err
		}
	}
	out := Results{Round: view(p, r, now, true)}
	for _, sid := range r.Services {
		svc := svcs[sid]
		sr := ServiceResult{ServiceID: sid, ServiceSlug: svc.Slug, ServiceNameNB: svc.NameNB, ServiceNameEN: svc.NameEN}
		for _, c := range criteria {
			k := [2]domain.ID{sid, c.ID}
			values, rationales := anonymise(r.ID, grouped[k])
			cr := CriterionResult{CriterionID: c.ID, Key: c.Key, Values: values, Rationales: rationales}
			if o, ok := own[k]; ok {
				cr.Own = &o
			}
			if o, ok := prev[k]; ok {
				cr.Previous = &o
			}
			sr.Criteria = append(sr.Criteria, cr)
		}
		out.Services = append(out.Services, sr)
	}
	return out, nil
}

// MunicipalValues returns, once a round is over, the values each
// municipality's participants gave each service on each criterion (in
// ascending order, without who gave them): what the rankings per
// municipality are computed from. By municipality, then the round's
// order of services and criteria.
// Errors: unauthorized, forbidden, not found, conflict
// ("priority.round_not_over").
func (m *Manager) MunicipalValues(ctx context.Context, p domain.Principal, round domain.ID) ([]MunicipalValues, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	r, err := m.store.Round(ctx, p.CollaborationID, round)
	if err != nil {
		return nil, err
	}
	if !r.Over(m.clock.Now()) {
		return nil, domain.Conflict("priority.round_not_over")
	}
	scores, err := m.store.Scores(ctx, p.CollaborationID, r.ID, 0, 0)
	if err != nil {
		return nil, err
	}
	svcPos, critPos := map[domain.ID]int{}, map[domain.ID]int{}
	for i, id := range r.Services {
		svcPos[id] = i
	}
	for i, id := range r.Criteria {
		critPos[id] = i
	}
	type key struct{ muni, svc, crit domain.ID }
	index := map[key]int{}
	var out []MunicipalValues
	for _, s := range scores {
		k := key{s.MunicipalityID, s.ServiceID, s.CriterionID}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, MunicipalValues{MunicipalityID: k.muni, ServiceID: k.svc, CriterionID: k.crit})
		}
		out[i].Values = append(out[i].Values, s.Value)
	}
	for i := range out {
		slices.Sort(out[i].Values)
	}
	slices.SortFunc(out, func(a, b MunicipalValues) int {
		return cmp.Or(cmp.Compare(a.MunicipalityID, b.MunicipalityID), cmp.Compare(svcPos[a.ServiceID], svcPos[b.ServiceID]),
			cmp.Compare(critPos[a.CriterionID], critPos[b.CriterionID]))
	})
	return out, nil
}
