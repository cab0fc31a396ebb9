package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testPriority(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Criteria", func(t *testing.T) { testPriorityCriteria(t, open) })
	t.Run("Weights", func(t *testing.T) { testPriorityWeights(t, open) })
	t.Run("Assignments", func(t *testing.T) { testPriorityAssignments(t, open) })
	t.Run("Rounds", func(t *testing.T) { testPriorityRounds(t, open) })
	t.Run("Scores", func(t *testing.T) { testPriorityScores(t, open) })
	t.Run("ConcurrentScores", func(t *testing.T) { testPriorityConcurrentScores(t, open) })
	t.Run("Decisions", func(t *testing.T) { testPriorityDecisions(t, open) })
	t.Run("Audit", func(t *testing.T) { testPriorityAudit(t, open) })
}

// priorityEnv is a collaboration with two municipalities, three services,
// four users and the default criteria, and a second collaboration.
type priorityEnv struct {
	*env
	st       priority.Store
	c, other domain.ID
	a, b     domain.ID // municipalities of c
	svcs     []domain.ID
	users    []domain.ID
	criteria []priority.Criterion
}

func newPriorityEnv(t *testing.T, open func(t *testing.T) *sqlstore.DB) *priorityEnv {
	t.Helper()
	e := &priorityEnv{env: newEnv(t, open)}
	e.st = e.db.Priority()
	e.c, e.other = e.collab("fosen"), e.collab("namdal")
	e.a = e.municipality(e.c, "5054", "Indre Fosen").ID
	e.b = e.municipality(e.c, "5057", "Ørland").ID
	for _, s := range e.services(e.c, service("s1"), service("s2"), service("s3")) {
		e.svcs = append(e.svcs, s.ID)
	}
	for i := range 4 {
		e.users = append(e.users, e.user(e.c, fmt.Sprintf("u%d@fosen.no", i)).ID)
	}
	list := priority.DefaultCriteria()
	for i := range list {
		list[i].UpdatedBy, list[i].UpdatedAt = "Åse", at(1, 8, 0, 0, 0)
	}
	n, err := e.st.CreateCriteria(e.ctx, e.c, list)
	must(t, err)
	if n != len(list) {
		t.Fatalf("CreateCriteria = %d, want %d", n, len(list))
	}
	e.criteria, err = e.st.Criteria(e.ctx, e.c)
	must(t, err)
	return e
}

// judgemental returns the ids of the first n judgemental criteria.
func (e *priorityEnv) judgemental(n int) []domain.ID {
	var out []domain.ID
	for _, c := range e.criteria {
		if c.Kind == priority.KindJudgemental && len(out) < n {
			out = append(out, c.ID)
		}
	}
	return out
}

// openRound stores an open round of every service with users[0..2] (0 and
// 1 for A, 2 for B) and three judgemental criteria.
func (e *priorityEnv) openRound(number int) priority.Round {
	e.t.Helper()
	r := priority.Round{CollaborationID: e.c, Number: number, Services: e.svcs,
		Participants: []priority.Participant{{UserID: e.users[0], MunicipalityID: e.a}, {UserID: e.users[1], MunicipalityID: e.a},
			{UserID: e.users[2], MunicipalityID: e.b}},
		Criteria: e.judgemental(3), Deadline: at(20, 12, 0, 0, 0), OpenedAt: at(10, 8, 0, 0, 0), OpenedBy: "Åse"}
	id, err := e.st.CreateRound(e.ctx, r)
	must(e.t, err)
	r.ID, r.Version = id, 1
	return r
}

// scores is a submission of one service by one participant on criteria.
func (e *priorityEnv) scores(r priority.Round, user, muni, service domain.ID, criteria []domain.ID, value float64) []priority.Score {
	out := make([]priority.Score, len(criteria))
	for i, c := range criteria {
		out[i] = priority.Score{CollaborationID: e.c, RoundID: r.ID, ServiceID: service, CriterionID: c, UserID: user,
			MunicipalityID: muni, Value: value, Rationale: fmt.Sprintf("grunn %d", i), SubmittedAt: at(11, 9, 0, 0, 0)}
	}
	return out
}

func testPriorityCriteria(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	defaults := priority.DefaultCriteria()
	if len(e.criteria) != len(defaults) {
		t.Fatalf("Criteria = %d", len(e.criteria))
	}
	for i, got := range e.criteria {
		want := defaults[i]
		want.ID, want.CollaborationID, want.Version, want.UpdatedBy = got.ID, e.c, 1, "Åse"
		sameTime(t, "criterion updated_at", got.UpdatedAt, at(1, 8, 0, 0, 0))
		want.UpdatedAt = got.UpdatedAt
		if got != want {
			t.Errorf("criterion %d = %+v\nwant %+v", i, got, want)
		}
	}
	// Once: keys already there are skipped.
	if n, err := e.st.CreateCriteria(e.ctx, e.c, defaults); err != nil || n != 0 {
		t.Errorf("CreateCriteria again = %d, %v", n, err)
	}
	// Many servers at once add each once.
	var wg sync.WaitGroup
	total := make([]int, 10)
	for i := range total {
		wg.Go(func() {
			n, err := e.st.CreateCriteria(e.ctx, e.other, defaults)
			if err != nil {
				t.Errorf("concurrent CreateCriteria: %v", err)
			}
			total[i] = n
		})
	}
	wg.Wait()
	sum := 0
	for _, n := range total {
		sum += n
	}
	if list, err := e.st.Criteria(e.ctx, e.other); err != nil || len(list) != len(defaults) || sum != len(defaults) {
		t.Errorf("after concurrent CreateCriteria: %d criteria, %d inserted, %v", len(list), sum, err)
	}

	c := e.criteria[3]
	c.Name, c.Description, c.Direction, c.Active, c.Order, c.UpdatedBy = "Pris", "Ny", priority.HigherBetter, false, 9, "Per"
	c.Key, c.Kind = "changed", priority.KindComputed // not stored by an update
	before, err := e.cat.DataVersion(e.ctx, e.c)
	must(t, err)
	saved(t, c.Version+1)(e.st.UpdateCriterion(e.ctx, c))
	if after, err := e.cat.DataVersion(e.ctx, e.c); err != nil || after <= before {
		t.Errorf("data version after UpdateCriterion = %d, %v; want above %d", after, err, before)
	}
	wantKind(t, errOf(e.st.UpdateCriterion(e.ctx, c)), domain.KindConflict) // stale
	got, err := e.st.Criterion(e.ctx, e.c, c.ID)
	must(t, err)
	if got.Version != 2 || got.Name != "Pris" || got.Active || got.Order != 9 || got.Direction != priority.HigherBetter ||
		got.Key != "cost" || got.Kind != priority.KindJudgemental || got.UpdatedBy != "Per" {
		t.Errorf("after update: %+v", got)
	}
	if list, _ := e.st.Criteria(e.ctx, e.c); list[len(list)-1].ID != c.ID {
		t.Errorf("criteria not by order: %+v", list)
	}
	// Another collaboration sees and changes nothing.
	_, err = e.st.Criterion(e.ctx, e.other, c.ID)
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.criterion_not_found")
	foreign := got
	foreign.CollaborationID = e.other
	wantKind(t, errOf(e.st.UpdateCriterion(e.ctx, foreign)), domain.KindNotFound)
}

func testPriorityWeights(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	_, err := e.st.Weights(e.ctx, e.c, e.a)
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.weights_not_found")
	w := priority.Elicitation{CollaborationID: e.c, MunicipalityID: e.a, Method: priority.MethodAHP,
		Criteria: []string{"x", "y", "z"}, Matrix: [][]float64{{1, 3, 0.2}, {1.0 / 3, 1, 1.0 / 7}, {5, 7, 1}},
		UserID: e.users[0], UserName: "Åse", UpdatedAt: at(2, 8, 0, 0, 0)}
	saved(t, w.Version+1)(e.st.SaveWeights(e.ctx, w))
	domaintest.WantErr(t, errOf(e.st.SaveWeights(e.ctx, w)), domain.KindConflict, "error.stale")
	got, err := e.st.Weights(e.ctx, e.c, e.a)
	must(t, err)
	sameTime(t, "weights updated_at", got.UpdatedAt, w.UpdatedAt)
	w.ID, w.Version, w.UpdatedAt = got.ID, 1, got.UpdatedAt
	if !reflect.DeepEqual(got, w) {
		t.Errorf("Weights = %+v\nwant %+v", got, w)
	}
	// Replacing at the read version; a stale one changes nothing.
	direct := w
	direct.Method, direct.Matrix, direct.Points, direct.UserID, direct.UserName = priority.MethodDirect, nil, []float64{50, 30, 20}, 0, "system"
	saved(t, direct.Version+1)(e.st.SaveWeights(e.ctx, direct))
	domaintest.WantErr(t, errOf(e.st.SaveWeights(e.ctx, direct)), domain.KindConflict, "error.stale")
	got, err = e.st.Weights(e.ctx, e.c, e.a)
	must(t, err)
	if got.Version != 2 || got.Method != priority.MethodDirect || got.Matrix != nil || !reflect.DeepEqual(got.Points, direct.Points) ||
		got.UserID != 0 || got.UserName != "system" {
		t.Errorf("after replace: %+v", got)
	}
	b := w
	b.MunicipalityID, b.Version = e.b, 0
	saved(t, b.Version+1)(e.st.SaveWeights(e.ctx, b))
	if list, err := e.st.AllWeights(e.ctx, e.c); err != nil || len(list) != 2 || list[0].MunicipalityID != e.a || list[1].MunicipalityID != e.b {
		t.Errorf("AllWeights = %+v, %v", list, err)
	}
	// Another collaboration sees and changes nothing.
	_, err = e.st.Weights(e.ctx, e.other, e.a)
	wantKind(t, err, domain.KindNotFound)
	if list, err := e.st.AllWeights(e.ctx, e.other); err != nil || len(list) != 0 {
		t.Errorf("other AllWeights = %v, %v", list, err)
	}
	foreign := got
	foreign.CollaborationID = e.other
	wantKind(t, errOf(e.st.SaveWeights(e.ctx, foreign)), domain.KindNotFound)
}

func testPriorityAssignments(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	add := func(muni, svc, user domain.ID) priority.Assignment {
		t.Helper()
		a := priority.Assignment{CollaborationID: e.c, MunicipalityID: muni, ServiceID: svc, UserID: user, AssignedBy: "Koord",
			AssignedAt: at(3, 8, 0, 0, 0)}
		id, err := e.st.AddAssignment(e.ctx, a)
		must(t, err)
		a.ID = id
		return a
	}
	a1 := add(e.a, e.svcs[0], e.users[0])
	add(e.a, e.svcs[1], e.users[0])
	add(e.b, e.svcs[0], e.users[2])
	_, err := e.st.AddAssignment(e.ctx, a1)
	domaintest.WantErr(t, err, domain.KindConflict, "priority.already_assigned")

	got, err := e.st.Assignment(e.ctx, e.c, a1.ID)
	must(t, err)
	if got.UserName != "Bruker u0@fosen.no" || got.ServiceSlug != "s1" || got.ServiceNameNB != "Tjeneste s1" ||
		got.AssignedBy != "Koord" || got.MunicipalityID != e.a {
		t.Errorf("Assignment = %+v", got)
	}
	sameTime(t, "assigned_at", got.AssignedAt, a1.AssignedAt)
	for _, tc := range []struct {
		f    priority.AssignmentFilter
		want int
	}{{priority.AssignmentFilter{}, 3}, {priority.AssignmentFilter{MunicipalityID: e.a}, 2},
		{priority.AssignmentFilter{UserID: e.users[2]}, 1}, {priority.AssignmentFilter{MunicipalityID: e.b, UserID: e.users[0]}, 0}} {
		if list, err := e.st.Assignments(e.ctx, e.c, tc.f); err != nil || len(list) != tc.want {
			t.Errorf("Assignments(%+v) = %d, %v; want %d", tc.f, len(list), err, tc.want)
		}
	}
	// Another collaboration sees and removes nothing.
	if list, err := e.st.Assignments(e.ctx, e.other, priority.AssignmentFilter{}); err != nil || len(list) != 0 {
		t.Errorf("other Assignments = %v, %v", list, err)
	}
	wantKind(t, e.st.DeleteAssignment(e.ctx, e.other, a1.ID), domain.KindNotFound)
	must(t, e.st.DeleteAssignment(e.ctx, e.c, a1.ID))
	domaintest.WantErr(t, e.st.DeleteAssignment(e.ctx, e.c, a1.ID), domain.KindNotFound, "priority.assignment_not_found")
	_, err = e.st.Assignment(e.ctx, e.c, a1.ID)
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.assignment_not_found")
}

func testPriorityRounds(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	before, err := e.cat.DataVersion(e.ctx, e.c)
	must(t, err)
	r1 := e.openRound(1)
	if after, err := e.cat.DataVersion(e.ctx, e.c); err != nil || after <= before {
		t.Errorf("data version after CreateRound = %d, %v; want above %d", after, err, before)
	}
	got, err := e.st.Round(e.ctx, e.c, r1.ID)
	must(t, err)
	sameTime(t, "deadline", got.Deadline, r1.Deadline)
	sameTime(t, "opened_at", got.OpenedAt, r1.OpenedAt)
	got.Deadline, got.OpenedAt = r1.Deadline, r1.OpenedAt
	if !reflect.DeepEqual(got, r1) {
		t.Errorf("Round = %+v\nwant %+v", got, r1)
	}
	h, err := e.st.RoundHeader(e.ctx, e.c, r1.ID)
	must(t, err)
	if h.Services != nil || h.Participants != nil || !reflect.DeepEqual(h.Criteria, r1.Criteria) || h.Number != 1 {
		t.Errorf("RoundHeader = %+v", h)
	}

	// One open round at a time; numbers are unique.
	second := r1
	second.Number = 2
	_, err = e.st.CreateRound(e.ctx, second)
	domaintest.WantErr(t, err, domain.KindConflict, "priority.round_open")

	if p, err := e.st.Participant(e.ctx, e.c, r1.ID, e.users[2]); err != nil || p.MunicipalityID != e.b {
		t.Errorf("Participant = %+v, %v", p, err)
	}
	_, err = e.st.Participant(e.ctx, e.c, r1.ID, e.users[3])
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.not_participant")
	if ok, err := e.st.RoundHasService(e.ctx, e.c, r1.ID, e.svcs[2]); err != nil || !ok {
		t.Errorf("RoundHasService = %v, %v", ok, err)
	}

	// Another collaboration sees and closes nothing.
	_, err = e.st.Round(e.ctx, e.other, r1.ID)
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.round_not_found")
	_, err = e.st.Participant(e.ctx, e.other, r1.ID, e.users[0])
	wantKind(t, err, domain.KindNotFound)
	if ok, err := e.st.RoundHasService(e.ctx, e.other, r1.ID, e.svcs[0]); err != nil || ok {
		t.Errorf("other RoundHasService = %v, %v", ok, err)
	}
	wantKind(t, e.st.CloseRound(e.ctx, e.other, r1.ID, "Per", at(12, 8, 0, 0, 0)), domain.KindNotFound)
	if list, err := e.st.Rounds(e.ctx, e.other); err != nil || len(list) != 0 {
		t.Errorf("other Rounds = %v, %v", list, err)
	}

	must(t, e.st.CloseRound(e.ctx, e.c, r1.ID, "Per", at(12, 8, 0, 0, 0)))
	domaintest.WantErr(t, e.st.CloseRound(e.ctx, e.c, r1.ID, "Per", at(12, 9, 0, 0, 0)), domain.KindConflict, "priority.round_closed")
	got, err = e.st.RoundHeader(e.ctx, e.c, r1.ID)
	must(t, err)
	if got.ClosedAt == nil || got.ClosedBy != "Per" || got.Version != 2 {
		t.Fatalf("closed round = %+v", got)
	}
	sameTime(t, "closed_at", *got.ClosedAt, at(12, 8, 0, 0, 0))
	_, err = e.st.CreateRound(e.ctx, r1) // number 1 is taken
	wantKind(t, err, domain.KindConflict)
	r2 := e.openRound(2)
	list, err := e.st.Rounds(e.ctx, e.c)
	must(t, err)
	if len(list) != 2 || list[0].ID != r1.ID || list[1].ID != r2.ID || len(list[1].Participants) != 3 || len(list[1].Services) != 3 {
		t.Errorf("Rounds = %+v", list)
	}
	if hs, err := e.st.RoundHeaders(e.ctx, e.c); err != nil || len(hs) != 2 || hs[1].ClosedAt != nil || hs[0].ClosedAt == nil ||
		len(hs[0].Criteria) != 3 {
		t.Errorf("RoundHeaders = %+v, %v", hs, err)
	}
}

func testPriorityScores(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	r := e.openRound(1)
	crit := r.Criteria
	before, err := e.cat.DataVersion(e.ctx, e.c)
	must(t, err)
	first := e.scores(r, e.users[0], e.a, e.svcs[0], crit, 4)
	must(t, e.st.AddScores(e.ctx, first))
	if after, err := e.cat.DataVersion(e.ctx, e.c); err != nil || after != before {
		t.Errorf("data version after AddScores = %d, %v; want %d (scores do not raise it)", after, err, before)
	}
	// A second submission of the same service, whole or in part, is a
	// conflict and writes nothing.
	domaintest.WantErr(t, e.st.AddScores(e.ctx, first), domain.KindConflict, "priority.already_scored")
	overlap := e.scores(r, e.users[0], e.a, e.svcs[0], crit[2:], 1)
	overlap = append(overlap, e.scores(r, e.users[0], e.a, e.svcs[1], crit, 1)...)
	domaintest.WantErr(t, e.st.AddScores(e.ctx, overlap), domain.KindConflict, "priority.already_scored")
	// Someone not taking part cannot score.
	domaintest.WantErr(t, e.st.AddScores(e.ctx, e.scores(r, e.users[3], e.a, e.svcs[0], crit, 3)), domain.KindNotFound,
		"priority.not_participant")
	must(t, e.st.AddScores(e.ctx, e.scores(r, e.users[1], e.a, e.svcs[0], crit, 2)))
	must(t, e.st.AddScores(e.ctx, e.scores(r, e.users[2], e.b, e.svcs[1], crit, 5)))

	all, err := e.st.Scores(e.ctx, e.c, r.ID, 0, 0)
	must(t, err)
	if len(all) != 9 {
		t.Fatalf("Scores = %d, want 9", len(all))
	}
	got := all[0]
	sameTime(t, "submitted_at", got.SubmittedAt, first[0].SubmittedAt)
	want := first[0]
	want.ID, want.SubmittedAt = got.ID, got.SubmittedAt
	if got != want {
		t.Errorf("score = %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct {
		service, user domain.ID
		want          int
	}{{e.svcs[0], 0, 6}, {0, e.users[2], 3}, {e.svcs[1], e.users[0], 0}, {e.svcs[2], 0, 0}} {
		if list, err := e.st.Scores(e.ctx, e.c, r.ID, tc.service, tc.user); err != nil || len(list) != tc.want {
			t.Errorf("Scores(%d, %d) = %d, %v; want %d", tc.service, tc.user, len(list), err, tc.want)
		}
	}
	subs, err := e.st.Submitted(e.ctx, e.c, r.ID, 0)
	must(t, err)
	wantSubs := []priority.Submitted{{UserID: e.users[0], MunicipalityID: e.a, ServiceID: e.svcs[0]},
		{UserID: e.users[1], MunicipalityID: e.a, ServiceID: e.svcs[0]}, {UserID: e.users[2], MunicipalityID: e.b, ServiceID: e.svcs[1]}}
	if !reflect.DeepEqual(subs, wantSubs) {
		t.Errorf("Submitted = %+v\nwant %+v", subs, wantSubs)
	}
	if subs, err := e.st.Submitted(e.ctx, e.c, r.ID, e.users[1]); err != nil || len(subs) != 1 {
		t.Errorf("Submitted(user) = %+v, %v", subs, err)
	}
	// Another collaboration sees none of them.
	if list, err := e.st.Scores(e.ctx, e.other, r.ID, 0, 0); err != nil || len(list) != 0 {
		t.Errorf("other Scores = %v, %v", list, err)
	}
	if list, err := e.st.Submitted(e.ctx, e.other, r.ID, 0); err != nil || len(list) != 0 {
		t.Errorf("other Submitted = %v, %v", list, err)
	}
}

// testPriorityConcurrentScores submits overlapping submissions from 50
// goroutines at once: exactly one per participant and service lands,
// whole, and every other one is refused as already scored.
func testPriorityConcurrentScores(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	r := e.openRound(1)
	parts := r.Participants
	const goroutines = 50
	type key struct{ user, service domain.ID }
	var mu sync.Mutex
	won := map[key]int{}
	refused := 0
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := range goroutines {
		p := parts[g%len(parts)]
		svc := e.svcs[(g/len(parts))%len(e.svcs)]
		batch := e.scores(r, p.UserID, p.MunicipalityID, svc, r.Criteria, float64(1+g%5))
		wg.Go(func() {
			<-start
			err := e.st.AddScores(e.ctx, batch)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won[key{p.UserID, svc}]++
			case domain.AsError(err).Code == "priority.already_scored":
				refused++
			default:
				t.Errorf("AddScores: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	keys := len(parts) * len(e.svcs)
	if len(won) != keys || refused != goroutines-keys {
		t.Errorf("%d keys won, %d refused; want %d and %d", len(won), refused, keys, goroutines-keys)
	}
	for k, n := range won {
		if n != 1 {
			t.Errorf("%+v won %d times", k, n)
		}
	}
	all, err := e.st.Scores(e.ctx, e.c, r.ID, 0, 0)
	must(t, err)
	if len(all) != keys*len(r.Criteria) {
		t.Errorf("%d scores stored, want %d", len(all), keys*len(r.Criteria))
	}
	// Each submission landed whole: one value per participant and service.
	values := map[key]map[float64]int{}
	for _, s := range all {
		k := key{s.UserID, s.ServiceID}
		if values[k] == nil {
			values[k] = map[float64]int{}
		}
		values[k][s.Value]++
	}
	for k, vs := range values {
		if len(vs) != 1 {
			t.Errorf("%+v has values from several submissions: %v", k, vs)
		}
	}
}

func testPriorityDecisions(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	r := e.openRound(1)
	d := priority.Decision{CollaborationID: e.c, RoundID: r.ID, Method: "schulze",
		Weights:      json.RawMessage(`{"5054":{"cost":0.25,"risk":0.75}}`),
		Ranking:      json.RawMessage(`[{"service_id":2,"score":0.9},{"service_id":1,"score":0.5}]`),
		Participants: map[domain.ID]int{e.a: 2, e.b: 1}, Note: "Vedtatt i styret", CreatedAt: at(15, 10, 0, 0, 0),
		CreatedBy: "Åse", CreatedByID: e.users[0]}
	d.Hash = d.ComputeHash()
	id, err := e.st.CreateDecision(e.ctx, d)
	must(t, err)
	d.ID = id
	plain := priority.Decision{CollaborationID: e.c, Method: "borda", Weights: json.RawMessage(`[]`), Ranking: json.RawMessage(`[1]`),
		CreatedAt: at(16, 10, 0, 0, 0), CreatedBy: "system"}
	plain.Hash = plain.ComputeHash()
	plain.ID, err = e.st.CreateDecision(e.ctx, plain)
	must(t, err)

	got, err := e.st.Decision(e.ctx, e.c, d.ID)
	must(t, err)
	sameTime(t, "decision created_at", got.CreatedAt, d.CreatedAt)
	got.CreatedAt = d.CreatedAt
	if !reflect.DeepEqual(got, d) {
		t.Errorf("Decision = %+v\nwant %+v", got, d)
	}
	if got.ComputeHash() != got.Hash {
		t.Error("hash of the decision read back differs")
	}
	list, err := e.st.Decisions(e.ctx, e.c)
	must(t, err)
	if len(list) != 2 || list[0].ID != plain.ID || list[1].ID != d.ID || list[0].RoundID != 0 || len(list[0].Participants) != 0 {
		t.Errorf("Decisions = %+v", list)
	}

	// Immutable: the database refuses to change or remove a decision.
	for _, q := range []string{`UPDATE priority_decisions SET method = 'borda' WHERE id = %d`,
		`DELETE FROM priority_decisions WHERE id = %d`} {
		if _, err := e.db.SQL().ExecContext(e.ctx, fmt.Sprintf(q, d.ID)); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	if again, err := e.st.Decision(e.ctx, e.c, d.ID); err != nil || again.Method != "schulze" {
		t.Errorf("after refused changes: %+v, %v", again, err)
	}

	a := priority.Approval{DecisionID: d.ID, MunicipalityID: e.a, UserID: e.users[1], UserName: "Leder A", At: at(17, 9, 0, 0, 0)}
	must(t, e.st.AddApproval(e.ctx, e.c, a))
	domaintest.WantErr(t, e.st.AddApproval(e.ctx, e.c, a), domain.KindConflict, "priority.already_approved")
	must(t, e.st.AddApproval(e.ctx, e.c, priority.Approval{DecisionID: d.ID, MunicipalityID: e.b, UserName: "system",
		At: at(17, 10, 0, 0, 0)}))
	must(t, e.st.AddApproval(e.ctx, e.c, priority.Approval{DecisionID: plain.ID, MunicipalityID: e.b, UserName: "system",
		At: at(17, 11, 0, 0, 0)}))
	approvals, err := e.st.Approvals(e.ctx, e.c, d.ID)
	must(t, err)
	if len(approvals) != 2 || approvals[0].MunicipalityID != e.a || approvals[0].UserID != e.users[1] ||
		approvals[0].UserName != "Leder A" || approvals[1].UserID != 0 {
		t.Errorf("Approvals = %+v", approvals)
	}
	sameTime(t, "approved at", approvals[0].At, a.At)
	if all, err := e.st.Approvals(e.ctx, e.c, 0); err != nil || len(all) != 3 {
		t.Errorf("all Approvals = %d, %v", len(all), err)
	}

	// Another collaboration sees and approves nothing.
	_, err = e.st.Decision(e.ctx, e.other, d.ID)
	domaintest.WantErr(t, err, domain.KindNotFound, "priority.decision_not_found")
	if list, err := e.st.Decisions(e.ctx, e.other); err != nil || len(list) != 0 {
		t.Errorf("other Decisions = %v, %v", list, err)
	}
	domaintest.WantErr(t, e.st.AddApproval(e.ctx, e.other, priority.Approval{DecisionID: d.ID, MunicipalityID: e.a, At: at(18, 9, 0, 0, 0)}),
		domain.KindNotFound, "priority.decision_not_found")
	if list, err := e.st.Approvals(e.ctx, e.other, 0); err != nil || len(list) != 0 {
		t.Errorf("other Approvals = %v, %v", list, err)
	}
}

func testPriorityAudit(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newPriorityEnv(t, open)
	entries := []priority.AuditEntry{
		{CollaborationID: e.c, At: at(2, 8, 0, 0, 0), UserID: e.users[0], UserName: "Åse", Action: priority.ActionWeightsSave,
			Object: "municipality:1", Outcome: "error.invalid_fields", Detail: "matrix[0][1]: priority.matrix_positive"},
		{CollaborationID: e.c, At: at(2, 9, 0, 0, 0), UserID: e.users[1], UserName: "Per", Action: priority.ActionScoreSubmit,
			Object: "round:1/service:2", Outcome: priority.OutcomeOK},
		{CollaborationID: e.c, At: at(2, 10, 0, 0, 0), UserName: "system", Action: priority.ActionScoreSubmit,
			Object: "round:1/service:2", Outcome: "priority.after_deadline"},
		{CollaborationID: e.other, At: at(2, 11, 0, 0, 0), UserName: "Ola", Action: priority.ActionRoundOpen, Outcome: priority.OutcomeOK},
	}
	for _, x := range entries {
		must(t, e.st.AddAudit(e.ctx, x))
	}
	all, err := e.st.Audit(e.ctx, e.c, priority.AuditFilter{})
	must(t, err)
	if len(all) != 3 {
		t.Fatalf("Audit = %+v", all)
	}
	got := all[2]
	sameTime(t, "audit at", got.At, entries[0].At)
	want := entries[0]
	want.ID, want.At = got.ID, got.At
	if got != want {
		t.Errorf("oldest entry = %+v\nwant %+v", got, want)
	}
	if all[0].UserID != 0 || all[0].Outcome != "priority.after_deadline" {
		t.Errorf("newest entry = %+v", all[0])
	}
	for _, tc := range []struct {
		f    priority.AuditFilter
		want int
	}{{priority.AuditFilter{Action: priority.ActionScoreSubmit}, 2}, {priority.AuditFilter{Refused: true}, 2},
		{priority.AuditFilter{Outcome: priority.OutcomeOK}, 1}, {priority.AuditFilter{UserID: e.users[0]}, 1},
		{priority.AuditFilter{Limit: 1}, 1}, {priority.AuditFilter{Action: priority.ActionScoreSubmit, Refused: true}, 1}} {
		if list, err := e.st.Audit(e.ctx, e.c, tc.f); err != nil || len(list) != tc.want {
			t.Errorf("Audit(%+v) = %d, %v; want %d", tc.f, len(list), err, tc.want)
		}
	}
}
