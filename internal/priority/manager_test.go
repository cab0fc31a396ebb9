package priority_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// fixture is a collaboration in a fresh SQLite database with two
// municipalities, A and B, three services, and users in every role.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	clock  *domain.ManualClock
	mgr    *priority.Manager
	collab domain.ID
	a, b   catalogue.Municipality
	svcs   []catalogue.Service

	lead, coordA, coordB, ownerA, ownerA2, ownerB, leaderA, leaderB, observer, supplier, evaluator domain.Principal
	outsider                                                                                       domain.Principal // programme lead of another collaboration
	everyone                                                                                       []domain.Principal
}

// start is a Monday morning in March 2025.
var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	cat := db.Catalogue()
	f := &fixture{t: t, ctx: ctx, db: db, clock: clock}
	f.mgr = priority.NewManager(db.Priority(), cat, db.Accounts(), nil, f.clock)
	f.collab, err = cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	must(t, cat.SaveMunicipalities(ctx, f.collab, munis))
	f.a, f.b = munis[0], munis[1]
	f.svcs = []catalogue.Service{
		{Slug: "byggesak", NameNB: "Byggesak", NameEN: "Building permit", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"},
		{Slug: "skjenkebevilling", NameNB: "Skjenkebevilling", Area: "naering", KostraFunction: "325", TargetGroup: "virksomhet"},
		{Slug: "barnehageplass", NameNB: "Barnehageplass", Area: "oppvekst", KostraFunction: "201", TargetGroup: "innbygger"},
	}
	must(t, cat.SaveServices(ctx, f.collab, f.svcs))

	g := func(r domain.Role, m domain.ID) domain.Grant { return domain.Grant{Role: r, MunicipalityID: m} }
	f.lead = f.principal(f.collab, "leder@fosen.no", g(domain.RoleProgrammeLead, 0))
	f.coordA = f.principal(f.collab, "koord@a.no", g(domain.RoleCoordinator, f.a.ID))
	f.coordB = f.principal(f.collab, "koord@b.no", g(domain.RoleCoordinator, f.b.ID))
	f.ownerA = f.principal(f.collab, "fag@a.no", g(domain.RoleSubjectOwner, f.a.ID))
	f.ownerA2 = f.principal(f.collab, "fag2@a.no", g(domain.RoleSubjectOwner, f.a.ID))
	f.ownerB = f.principal(f.collab, "fag@b.no", g(domain.RoleSubjectOwner, f.b.ID))
	f.leaderA = f.principal(f.collab, "ledelse@a.no", g(domain.RoleLeadership, f.a.ID))
	f.leaderB = f.principal(f.collab, "ledelse@b.no", g(domain.RoleLeadership, f.b.ID))
	f.observer = f.principal(f.collab, "observator@fosen.no", g(domain.RoleObserver, 0))
	f.supplier = f.principal(f.collab, "selger@leverandor.no", g(domain.RoleSupplier, 0))
	f.evaluator = f.principal(f.collab, "evaluator@fosen.no", g(domain.RoleEvaluator, 0))
	other, err := cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "namdal", Name: "Namdal"})
	must(t, err)
	f.outsider = f.principal(other, "leder@namdal.no", g(domain.RoleProgrammeLead, 0))
	f.everyone = []domain.Principal{f.lead, f.coordA, f.coordB, f.ownerA, f.ownerA2, f.ownerB, f.leaderA, f.leaderB,
		f.observer, f.supplier, f.evaluator, f.outsider}
	return f
}

// principal creates a user of collab with the given grants and returns them as a principal.
func (f *fixture) principal(collab domain.ID, email string, grants ...domain.Grant) domain.Principal {
	f.t.Helper()
	acc := f.db.Accounts()
	u := account.User{CollaborationID: collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: start}
	id, err := acc.CreateUser(f.ctx, u)
	must(f.t, err)
	must(f.t, acc.SetGrants(f.ctx, id, grants))
	u.ID, u.Grants = id, grants
	return u.Principal()
}

var must, wantErr = domaintest.Must, domaintest.WantErr

// wantField fails the test unless err is invalid with code on field.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, "")
	for _, fe := range domain.AsError(err).Fields {
		if fe.Field == field && fe.Code == code {
			return
		}
	}
	t.Fatalf("err = %v, want %s on %q", err, code, field)
}

// only fails the test unless exactly the principals in allowed pass try
// (the others get forbidden; the programme lead of another collaboration
// fails in their own), and nobody logged in is unauthorized.
func (f *fixture) only(what string, try func(p domain.Principal) error, allowed ...domain.Principal) {
	f.t.Helper()
	for _, p := range f.everyone {
		err := try(p)
		if slices.ContainsFunc(allowed, func(a domain.Principal) bool { return a.UserID == p.UserID }) {
			if err != nil {
				f.t.Errorf("%s by %s: %v", what, p.Name, err)
			}
			continue
		}
		if p.UserID == f.outsider.UserID { // acts on their own collaboration, where nothing is found
			if err == nil {
				f.t.Errorf("%s by %s succeeded", what, p.Name)
			}
			continue
		}
		if domain.KindOf(err) != domain.KindForbidden {
			f.t.Errorf("%s by %s: %v, want forbidden", what, p.Name, err)
		}
	}
	if err := try(domain.Principal{}); domain.KindOf(err) != domain.KindUnauthorized {
		f.t.Errorf("%s by nobody: %v, want unauthorized", what, err)
	}
}

// criteria ensures the defaults and returns them with the judgemental ones.
func (f *fixture) criteria() ([]priority.Criterion, []priority.Criterion) {
	f.t.Helper()
	all, err := f.mgr.EnsureCriteria(f.ctx, f.lead)
	must(f.t, err)
	var j []priority.Criterion
	for _, c := range all {
		if c.Kind == priority.KindJudgemental && c.Active {
			j = append(j, c)
		}
	}
	return all, j
}

// submission scores every judgemental criterion of the round with value.
func (f *fixture) submission(r priority.RoundView, svc domain.ID, value float64, why string) priority.Submission {
	s := priority.Submission{RoundID: r.ID, ServiceID: svc}
	for _, c := range r.Criteria {
		s.Scores = append(s.Scores, priority.CriterionScore{CriterionID: c, Value: value, Rationale: why})
	}
	return s
}

// openRound opens a round of every service with ownerA, ownerA2 (for A)
// and ownerB (for B), due in a week.
func (f *fixture) openRound() priority.RoundView {
	f.t.Helper()
	f.criteria()
	r, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{
		Services: []domain.ID{f.svcs[0].ID, f.svcs[1].ID, f.svcs[2].ID},
		Participants: []priority.Participant{{UserID: f.ownerA.UserID, MunicipalityID: f.a.ID},
			{UserID: f.ownerA2.UserID, MunicipalityID: f.a.ID}, {UserID: f.ownerB.UserID, MunicipalityID: f.b.ID}},
		Deadline: start.Add(7 * 24 * time.Hour)})
	must(f.t, err)
	return r
}

// audit returns the audit entries of action, newest first.
func (f *fixture) audit(action string) []priority.AuditEntry {
	f.t.Helper()
	list, err := f.mgr.Audit(f.ctx, f.lead, priority.AuditFilter{Action: action})
	must(f.t, err)
	return list
}

// wantAudit fails the test unless the newest entry of action is by p with outcome.
func (f *fixture) wantAudit(action string, p domain.Principal, outcome string) priority.AuditEntry {
	f.t.Helper()
	list := f.audit(action)
	if len(list) == 0 || list[0].UserID != p.UserID || list[0].UserName != p.Name || list[0].Outcome != outcome {
		f.t.Fatalf("newest %s entry = %+v, want by %s with %s", action, list, p.Name, outcome)
	}
	return list[0]
}

func TestCriteria(t *testing.T) {
	f := newFixture(t)
	if list, err := f.mgr.Criteria(f.ctx, f.observer); err != nil || len(list) != 0 {
		t.Fatalf("Criteria before = %v, %v", list, err)
	}
	_, err := f.mgr.EnsureCriteria(f.ctx, f.supplier)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.EnsureCriteria(f.ctx, domain.Principal{})
	wantErr(t, err, domain.KindUnauthorized, "")
	// Any internal user's first visit adds the defaults, once.
	list, err := f.mgr.EnsureCriteria(f.ctx, f.observer)
	must(t, err)
	again, err := f.mgr.EnsureCriteria(f.ctx, f.lead)
	must(t, err)
	if len(list) != 7 || len(again) != 7 || list[0].ID != again[0].ID || list[0].UpdatedBy != f.observer.Name {
		t.Fatalf("EnsureCriteria = %+v then %+v", list, again)
	}
	if n := len(f.audit(priority.ActionCriteriaEnsure)); n != 1 {
		t.Errorf("%d ensure entries, want 1", n)
	}
	if other, err := f.mgr.Criteria(f.ctx, f.outsider); err != nil || len(other) != 0 {
		t.Errorf("another collaboration's criteria = %v, %v", other, err)
	}

	// Only the programme lead edits; key, kind, source and scale stay.
	cost := list[3]
	cost.Name, cost.Description, cost.Active, cost.Order = "Kostnad (investering)", "Ny", false, 10
	cost.Key, cost.Kind, cost.Scale = "price", priority.KindComputed, priority.Scale{Min: 0, Max: 100}
	f.only("SaveCriterion", func(p domain.Principal) error {
		c := cost
		if p.UserID == f.lead.UserID {
			c.Version = 1
		}
		_, err := f.mgr.SaveCriterion(f.ctx, p, c)
		return err
	}, f.lead)
	got, err := f.mgr.Criteria(f.ctx, f.observer)
	must(t, err)
	saved := got[len(got)-1]
	if saved.ID != cost.ID || saved.Name != "Kostnad (investering)" || saved.Active || saved.Version != 2 || saved.Key != "cost" ||
		saved.Kind != priority.KindJudgemental || saved.Scale != priority.DefaultScale || saved.UpdatedBy != f.lead.Name {
		t.Errorf("saved = %+v", saved)
	}
	if ok, _ := f.mgr.Audit(f.ctx, f.lead, priority.AuditFilter{Action: priority.ActionCriterionSave, Outcome: priority.OutcomeOK}); len(ok) != 1 || ok[0].UserID != f.lead.UserID {
		t.Errorf("ok entries = %+v", ok)
	}
	if refused, _ := f.mgr.Audit(f.ctx, f.lead, priority.AuditFilter{Action: priority.ActionCriterionSave, Outcome: "auth.forbidden"}); len(refused) != 10 {
		t.Errorf("%d forbidden attempts recorded, want 10", len(refused))
	}

	stale := cost
	stale.Version = 1
	_, err = f.mgr.SaveCriterion(f.ctx, f.lead, stale)
	wantErr(t, err, domain.KindConflict, "error.stale")
	bad := saved
	bad.Direction = "up"
	_, err = f.mgr.SaveCriterion(f.ctx, f.lead, bad)
	wantField(t, err, "direction", "field.one_of")
	f.wantAudit(priority.ActionCriterionSave, f.lead, "error.invalid_fields")

	// New criteria: judgemental on 1–5 by default; keys are unique.
	added, err := f.mgr.SaveCriterion(f.ctx, f.lead, priority.Criterion{Key: "usability", Name: "Brukervennlighet",
		Kind: priority.KindJudgemental, Direction: priority.HigherBetter, Active: true, Order: 8})
	must(t, err)
	if added.ID == 0 || added.Scale != priority.DefaultScale || added.Version != 1 {
		t.Errorf("added = %+v", added)
	}
	_, err = f.mgr.SaveCriterion(f.ctx, f.lead, priority.Criterion{Key: "usability", Name: "Igjen", Kind: priority.KindJudgemental,
		Direction: priority.HigherBetter})
	wantErr(t, err, domain.KindConflict, "priority.key_taken")
	_, err = f.mgr.SaveCriterion(f.ctx, f.lead, priority.Criterion{ID: 999999, Name: "x", Direction: priority.HigherBetter})
	wantErr(t, err, domain.KindNotFound, "priority.criterion_not_found")
}

// ahp is a valid judgement matrix (upper triangle) of the six active
// default criteria after cost is deactivated, or the seven defaults.
func ahp(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
		for j := i + 1; j < n; j++ {
			m[i][j] = float64(1 + (i+j)%9)
		}
	}
	return m
}

func TestWeights(t *testing.T) {
	f := newFixture(t)
	all, _ := f.criteria()
	n := len(all)
	// Leadership and coordinator of the municipality, and the programme lead.
	f.only("SaveWeights for A", func(p domain.Principal) error {
		e := priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodAHP, Matrix: ahp(n)}
		if cur, err := f.mgr.Weights(f.ctx, f.lead, f.a.ID); err == nil {
			e.Version = cur.Version
		}
		_, err := f.mgr.SaveWeights(f.ctx, p, e)
		return err
	}, f.lead, f.coordA, f.leaderA)
	got, err := f.mgr.Weights(f.ctx, f.observer, f.a.ID)
	must(t, err)
	if got.Version != 3 || got.Method != priority.MethodAHP || len(got.Criteria) != n || got.UserID != f.leaderA.UserID ||
		got.UserName != f.leaderA.Name || !got.UpdatedAt.Equal(start) {
		t.Errorf("weights = %+v", got)
	}
	// Kept full and reciprocal.
	if got.Matrix[1][0] != 1/got.Matrix[0][1] || got.Matrix[n-1][0] != 1/got.Matrix[0][n-1] {
		t.Errorf("matrix = %v", got.Matrix)
	}
	_, err = f.mgr.SaveWeights(f.ctx, f.leaderA, priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodDirect,
		Points: make([]float64, n), Version: 1})
	wantField(t, err, "points", "priority.points_sum_zero")
	_, err = f.mgr.SaveWeights(f.ctx, f.leaderA, priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodDirect,
		Points: slices.Repeat([]float64{10}, n), Version: 1})
	wantErr(t, err, domain.KindConflict, "error.stale")
	swing := slices.Repeat([]float64{50}, n)
	swing[2] = 100
	_, err = f.mgr.SaveWeights(f.ctx, f.coordB, priority.Elicitation{MunicipalityID: f.b.ID, Method: priority.MethodSwing, Points: swing})
	must(t, err)
	if list, err := f.mgr.AllWeights(f.ctx, f.ownerA); err != nil || len(list) != 2 {
		t.Errorf("AllWeights = %v, %v", list, err)
	}
	_, err = f.mgr.SaveWeights(f.ctx, f.lead, priority.Elicitation{MunicipalityID: 999999, Method: priority.MethodSwing, Points: swing})
	wantErr(t, err, domain.KindNotFound, "catalogue.municipality_not_found")
	_, err = f.mgr.Weights(f.ctx, f.supplier, f.a.ID)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.Weights(f.ctx, f.outsider, f.a.ID)
	wantErr(t, err, domain.KindNotFound, "priority.weights_not_found")

	// Deactivating a criterion changes what a valid elicitation names.
	cost := all[3]
	cost.Active = false
	_, err = f.mgr.SaveCriterion(f.ctx, f.lead, cost)
	must(t, err)
	keys := make([]string, n)
	for i, c := range all {
		keys[i] = c.Key
	}
	_, err = f.mgr.SaveWeights(f.ctx, f.leaderA, priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodAHP,
		Criteria: keys, Matrix: ahp(n), Version: 3})
	wantField(t, err, "criteria", "priority.criteria_mismatch")
	_, err = f.mgr.SaveWeights(f.ctx, f.leaderA, priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodAHP,
		Matrix: ahp(n - 1), Version: 3})
	must(t, err)
}

// TestBadMatrix: a bad AHP matrix is refused with the cell named, recorded
// in the audit log, and nothing is stored.
func TestBadMatrix(t *testing.T) {
	f := newFixture(t)
	all, _ := f.criteria()
	n := len(all)
	for _, tc := range []struct {
		name        string
		set         func(m [][]float64)
		field, code string
	}{
		{"zero", func(m [][]float64) { m[0][2] = 0 }, "matrix[0][2]", "priority.matrix_positive"},
		{"negative", func(m [][]float64) { m[1][3] = -3 }, "matrix[1][3]", "priority.matrix_positive"},
		{"not reciprocal", func(m [][]float64) {
			for i := range m {
				for j := range i {
					m[i][j] = 1 / m[j][i]
				}
			}
			m[4][1] = m[1][4]
		}, "matrix[4][1]", "priority.matrix_reciprocal"},
		{"off the scale", func(m [][]float64) { m[0][1] = 11 }, "matrix[0][1]", "priority.saaty_scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := ahp(n)
			tc.set(m)
			_, err := f.mgr.SaveWeights(f.ctx, f.leaderA, priority.Elicitation{MunicipalityID: f.a.ID, Method: priority.MethodAHP, Matrix: m})
			wantField(t, err, tc.field, tc.code)
			e := f.wantAudit(priority.ActionWeightsSave, f.leaderA, "error.invalid_fields")
			if !strings.Contains(e.Detail, tc.field+": "+tc.code) || e.Object != "municipality:"+strconv.FormatInt(f.a.ID, 10) {
				t.Errorf("audit entry = %+v", e)
			}
			_, err = f.mgr.Weights(f.ctx, f.lead, f.a.ID)
			wantErr(t, err, domain.KindNotFound, "priority.weights_not_found")
		})
	}
}

func TestAssignments(t *testing.T) {
	f := newFixture(t)
	byggesak := f.svcs[0].ID
	// Only A's coordinator (or the programme lead) assigns A's services.
	f.only("Assign in A", func(p domain.Principal) error {
		_, err := f.mgr.Assign(f.ctx, p, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: byggesak, UserID: f.ownerA.UserID})
		if err == nil {
			list, _ := f.mgr.Assignments(f.ctx, f.lead, f.a.ID)
			for _, a := range list {
				must(f.t, f.mgr.Unassign(f.ctx, f.lead, a.ID))
			}
		}
		return err
	}, f.lead, f.coordA)
	a, err := f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: byggesak, UserID: f.ownerA.UserID})
	must(t, err)
	if a.ID == 0 || a.UserName != f.ownerA.Name || a.ServiceSlug != "byggesak" || a.AssignedBy != f.coordA.Name {
		t.Errorf("assignment = %+v", a)
	}
	f.wantAudit(priority.ActionAssign, f.coordA, priority.OutcomeOK)
	_, err = f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: byggesak, UserID: f.ownerA.UserID})
	wantErr(t, err, domain.KindConflict, "priority.already_assigned")
	// Only to subject-matter owners and coordinators of that municipality.
	for _, u := range []domain.Principal{f.ownerB, f.leaderA, f.observer, f.outsider, f.coordB} {
		_, err := f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: byggesak, UserID: u.UserID})
		wantField(t, err, "user_id", "priority.not_assignable")
	}
	f.wantAudit(priority.ActionAssign, f.coordA, "error.invalid_fields")
	_, err = f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: byggesak, UserID: f.coordA.UserID})
	must(t, err)
	_, err = f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: 999999, UserID: f.ownerA2.UserID})
	wantErr(t, err, domain.KindNotFound, "")
	_, err = f.mgr.Assign(f.ctx, f.coordB, priority.Assignment{MunicipalityID: f.b.ID, ServiceID: f.svcs[1].ID, UserID: f.ownerB.UserID})
	must(t, err)
	_, err = f.mgr.Assign(f.ctx, f.coordA, priority.Assignment{MunicipalityID: f.a.ID, ServiceID: f.svcs[1].ID, UserID: f.ownerA2.UserID})
	must(t, err)

	mine, err := f.mgr.MyAssignments(f.ctx, f.ownerA)
	must(t, err)
	if len(mine) != 1 || mine[0].ID != a.ID || mine[0].Scored || mine[0].RoundID != 0 {
		t.Errorf("MyAssignments = %+v", mine)
	}
	comp, err := f.mgr.Completion(f.ctx, f.observer)
	must(t, err)
	if len(comp) != 2 || comp[0].MunicipalityID != f.a.ID || comp[0].Assigned != 3 || comp[1].Assigned != 1 || comp[0].Scored != 0 {
		t.Errorf("Completion = %+v", comp)
	}

	// A round taken from the assignments; scoring shows as progress.
	f.criteria()
	r, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{Deadline: start.Add(48 * time.Hour)})
	must(t, err)
	if len(r.Services) != 2 || r.ParticipantCount != 4 || r.ByMunicipality[f.a.ID] != 3 || r.ByMunicipality[f.b.ID] != 1 {
		t.Errorf("round from assignments = %+v", r)
	}
	must(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r, byggesak, 4, "")))
	mine, err = f.mgr.MyAssignments(f.ctx, f.ownerA)
	must(t, err)
	if len(mine) != 1 || !mine[0].Scored || mine[0].RoundID != r.ID {
		t.Errorf("MyAssignments after scoring = %+v", mine)
	}
	comp, err = f.mgr.Completion(f.ctx, f.lead)
	must(t, err)
	if comp[0].Assigned != 3 || comp[0].Scored != 1 || comp[1].Scored != 0 || comp[0].RoundID != r.ID {
		t.Errorf("Completion after scoring = %+v", comp)
	}

	// Removing: the same people who assign.
	for _, p := range []domain.Principal{f.coordB, f.ownerA, f.leaderA, f.observer} {
		wantErr(t, f.mgr.Unassign(f.ctx, p, a.ID), domain.KindForbidden, "")
	}
	wantErr(t, f.mgr.Unassign(f.ctx, f.outsider, a.ID), domain.KindNotFound, "")
	must(t, f.mgr.Unassign(f.ctx, f.coordA, a.ID))
	wantErr(t, f.mgr.Unassign(f.ctx, f.coordA, a.ID), domain.KindNotFound, "priority.assignment_not_found")
	f.wantAudit(priority.ActionUnassign, f.coordA, "priority.assignment_not_found")
}

func TestRoundRights(t *testing.T) {
	f := newFixture(t)
	_, judged := f.criteria()
	in := priority.RoundInput{Services: []domain.ID{f.svcs[0].ID},
		Participants: []priority.Participant{{UserID: f.ownerA.UserID, MunicipalityID: f.a.ID}}, Deadline: start.Add(time.Hour)}
	var opened priority.RoundView
	f.only("OpenRound", func(p domain.Principal) error {
		r, err := f.mgr.OpenRound(f.ctx, p, in)
		if err == nil {
			opened = r
		}
		return err
	}, f.lead)
	if opened.Number != 1 || len(opened.Criteria) != len(judged) || !opened.AcceptsScores || opened.OpenedBy != f.lead.Name ||
		len(opened.Participants) != 1 {
		t.Errorf("opened = %+v", opened)
	}
	// One open round at a time.
	_, err := f.mgr.OpenRound(f.ctx, f.lead, in)
	wantErr(t, err, domain.KindConflict, "priority.round_open")
	f.wantAudit(priority.ActionRoundOpen, f.lead, "priority.round_open")
	// Who takes part is shown to the programme lead only.
	for _, p := range []domain.Principal{f.coordA, f.ownerA, f.observer} {
		list, err := f.mgr.Rounds(f.ctx, p)
		must(t, err)
		if len(list) != 1 || list[0].Participants != nil || list[0].ParticipantCount != 1 {
			t.Errorf("Rounds for %s = %+v", p.Name, list)
		}
		if p.UserID == f.ownerA.UserID != list[0].IsParticipant {
			t.Errorf("IsParticipant for %s = %v", p.Name, list[0].IsParticipant)
		}
	}
	if v, err := f.mgr.Round(f.ctx, f.lead, opened.ID); err != nil || len(v.Participants) != 1 {
		t.Errorf("Round for the lead = %+v, %v", v, err)
	}
	_, err = f.mgr.Round(f.ctx, f.outsider, opened.ID)
	wantErr(t, err, domain.KindNotFound, "priority.round_not_found")
	f.only("CloseRound", func(p domain.Principal) error { return f.mgr.CloseRound(f.ctx, p, opened.ID) }, f.lead)
	wantErr(t, f.mgr.CloseRound(f.ctx, f.lead, opened.ID), domain.KindConflict, "priority.round_closed")
	f.wantAudit(priority.ActionRoundClose, f.lead, "priority.round_closed")
}

func TestOpenRoundValidation(t *testing.T) {
	f := newFixture(t)
	all, judged := f.criteria()
	svc := f.svcs[0].ID
	owner := priority.Participant{UserID: f.ownerA.UserID, MunicipalityID: f.a.ID}
	deadline := start.Add(time.Hour)
	for _, tc := range []struct {
		name        string
		in          priority.RoundInput
		field, code string
	}{
		{"no deadline", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{owner}}, "deadline", "field.required"},
		{"deadline past", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{owner}, Deadline: start}, "deadline", "priority.deadline_past"},
		{"no services", priority.RoundInput{Participants: []priority.Participant{owner}, Deadline: deadline}, "services", "field.required"},
		{"unknown service", priority.RoundInput{Services: []domain.ID{999999}, Participants: []priority.Participant{owner}, Deadline: deadline}, "services", "priority.unknown_service"},
		{"computed criterion", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{owner}, Criteria: []domain.ID{all[0].ID}, Deadline: deadline}, "criteria", "priority.criterion_not_judgemental"},
		{"no participants", priority.RoundInput{Services: []domain.ID{svc}, Deadline: deadline}, "participants", "field.required"},
		{"participant in another municipality", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{{UserID: f.ownerA.UserID, MunicipalityID: f.b.ID}}, Deadline: deadline}, "participants", "priority.not_eligible"},
		{"observer", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{{UserID: f.observer.UserID, MunicipalityID: f.a.ID}}, Deadline: deadline}, "participants", "priority.not_eligible"},
		{"outsider", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{{UserID: f.outsider.UserID, MunicipalityID: f.a.ID}}, Deadline: deadline}, "participants", "priority.not_eligible"},
		{"twice", priority.RoundInput{Services: []domain.ID{svc}, Participants: []priority.Participant{owner, owner}, Deadline: deadline}, "participants", "priority.participant_twice"},
		{"nothing to copy", priority.RoundInput{CopyPrevious: true, Deadline: deadline}, "copy_previous", "priority.no_previous_round"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.mgr.OpenRound(f.ctx, f.lead, tc.in)
			wantField(t, err, tc.field, tc.code)
		})
	}
	if list, err := f.mgr.Rounds(f.ctx, f.lead); err != nil || len(list) != 0 {
		t.Errorf("rounds after refusals = %v, %v", list, err)
	}
	// Leaders may take part too, and a chosen subset of criteria.
	r, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{Services: []domain.ID{svc, svc}, Criteria: []domain.ID{judged[1].ID},
		Participants: []priority.Participant{{UserID: f.leaderB.UserID, MunicipalityID: f.b.ID}}, Deadline: deadline})
	must(t, err)
	if !slices.Equal(r.Services, []domain.ID{svc}) || !slices.Equal(r.Criteria, []domain.ID{judged[1].ID}) {
		t.Errorf("round = %+v", r)
	}
}

// TestSubmit covers the rules of scoring and that every refusal is
// recorded while nothing is stored.
func TestSubmit(t *testing.T) {
	f := newFixture(t)
	r := f.openRound()
	_, judged := f.criteria()
	svc := f.svcs[0].ID

	// Who may score: the round's participants only.
	for _, p := range []domain.Principal{f.lead, f.coordA, f.leaderA, f.observer, domain.SystemPrincipal(f.collab)} {
		wantErr(t, f.mgr.Submit(f.ctx, p, f.submission(r, svc, 3, "")), domain.KindForbidden, "priority.not_participant")
	}
	wantErr(t, f.mgr.Submit(f.ctx, f.supplier, f.submission(r, svc, 3, "")), domain.KindForbidden, "auth.forbidden")
	wantErr(t, f.mgr.Submit(f.ctx, f.outsider, f.submission(r, svc, 3, "")), domain.KindNotFound, "priority.round_not_found")
	wantErr(t, f.mgr.Submit(f.ctx, domain.Principal{}, f.submission(r, svc, 3, "")), domain.KindUnauthorized, "")

	// Out of the scale, missing a criterion, a service not in the round.
	bad := f.submission(r, svc, 3, "")
	bad.Scores[1].Value = 6
	wantField(t, f.mgr.Submit(f.ctx, f.ownerA, bad), "scores."+judged[1].Key, "priority.score_scale")
	e := f.wantAudit(priority.ActionScoreSubmit, f.ownerA, "error.invalid_fields")
	if !strings.Contains(e.Detail, "scores."+judged[1].Key+": priority.score_scale") || strings.Contains(e.Detail, "6") {
		t.Errorf("audit detail = %q", e.Detail)
	}
	short := f.submission(r, svc, 3, "")
	short.Scores = short.Scores[1:]
	wantField(t, f.mgr.Submit(f.ctx, f.ownerA, short), "scores."+judged[0].Key, "priority.score_missing")
	wantField(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r, 999999, 3, "")), "service_id", "priority.service_not_in_round")

	// Only for one's own municipality.
	wrong := f.submission(r, svc, 3, "")
	wrong.MunicipalityID = f.b.ID
	wantErr(t, f.mgr.Submit(f.ctx, f.ownerA, wrong), domain.KindForbidden, "priority.wrong_municipality")
	f.wantAudit(priority.ActionScoreSubmit, f.ownerA, "priority.wrong_municipality")
	if b, err := f.mgr.Ballot(f.ctx, f.ownerA, r.ID); err != nil || b.Scored != 0 {
		t.Fatalf("ballot after refusals = %+v, %v", b, err)
	}

	// One submission per service and round.
	ok := f.submission(r, svc, 4, "Mange saker")
	ok.MunicipalityID = f.a.ID
	must(t, f.mgr.Submit(f.ctx, f.ownerA, ok))
	f.wantAudit(priority.ActionScoreSubmit, f.ownerA, priority.OutcomeOK)
	wantErr(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r, svc, 1, "Ombestemt meg")), domain.KindConflict, "priority.already_scored")
	f.wantAudit(priority.ActionScoreSubmit, f.ownerA, "priority.already_scored")
	b, err := f.mgr.Ballot(f.ctx, f.ownerA, r.ID)
	must(t, err)
	if b.Scored != 1 || b.MunicipalityID != f.a.ID || len(b.Services) != 3 || !b.Services[0].Scored || b.Services[1].Scored ||
		b.Services[0].Own[judged[0].ID] != (priority.OwnScore{Value: 4, Rationale: "Mange saker"}) || b.Services[0].Previous != nil {
		t.Errorf("ballot = %+v", b)
	}
	_, err = f.mgr.Ballot(f.ctx, f.observer, r.ID)
	wantErr(t, err, domain.KindForbidden, "priority.not_participant")

	// Results wait until the round is over.
	_, err = f.mgr.Results(f.ctx, f.lead, r.ID)
	wantErr(t, err, domain.KindConflict, "priority.round_not_over")

	// At the deadline the round takes no more scores, closed or not.
	f.clock.Advance(7 * 24 * time.Hour)
	wantErr(t, f.mgr.Submit(f.ctx, f.ownerB, f.submission(r, svc, 2, "")), domain.KindConflict, "priority.after_deadline")
	f.wantAudit(priority.ActionScoreSubmit, f.ownerB, "priority.after_deadline")
	if _, err := f.mgr.Results(f.ctx, f.observer, r.ID); err != nil {
		t.Errorf("Results after the deadline: %v", err)
	}
	must(t, f.mgr.CloseRound(f.ctx, f.lead, r.ID))
	wantErr(t, f.mgr.Submit(f.ctx, f.ownerB, f.submission(r, svc, 2, "")), domain.KindConflict, "priority.after_deadline")

	// The refusals of the Bad input section are all in the log.
	refused, err := f.mgr.Audit(f.ctx, f.lead, priority.AuditFilter{Action: priority.ActionScoreSubmit, Refused: true})
	must(t, err)
	outcomes := map[string]bool{}
	for _, x := range refused {
		outcomes[x.Outcome] = true
		if strings.Contains(x.Detail, "Mange") || strings.Contains(x.Detail, "Ombestemt") {
			t.Errorf("a rationale in the audit log: %+v", x)
		}
	}
	for _, want := range []string{"error.invalid_fields", "priority.wrong_municipality", "priority.already_scored",
		"priority.after_deadline", "priority.not_participant"} {
		if !outcomes[want] {
			t.Errorf("no refusal %s recorded: %v", want, outcomes)
		}
	}
	// Only the programme lead reads the log.
	f.only("Audit", func(p domain.Principal) error {
		_, err := f.mgr.Audit(f.ctx, p, priority.AuditFilter{})
		return err
	}, f.lead, f.outsider)
	list, err := f.mgr.Audit(f.ctx, f.outsider, priority.AuditFilter{})
	must(t, err)
	for _, x := range list {
		if x.UserID != f.outsider.UserID {
			t.Errorf("another collaboration's audit shows %+v", x)
		}
	}

	// A closed round takes no scores even before its deadline.
	r2, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{CopyPrevious: true, Deadline: f.clock.Now().Add(time.Hour)})
	must(t, err)
	must(t, f.mgr.CloseRound(f.ctx, f.lead, r2.ID))
	wantErr(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r2, svc, 2, "")), domain.KindConflict, "priority.round_closed")
}

// TestDelphi runs two rounds: anonymous results, one's own previous score,
// the next round copied from the first, and a round past its deadline
// closed when the next opens.
func TestDelphi(t *testing.T) {
	f := newFixture(t)
	r1 := f.openRound()
	_, judged := f.criteria()
	svc := f.svcs[0].ID
	must(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r1, svc, 5, "Stort volum")))
	must(t, f.mgr.Submit(f.ctx, f.ownerA2, f.submission(r1, svc, 2, "")))
	must(t, f.mgr.Submit(f.ctx, f.ownerB, f.submission(r1, svc, 3, "Usikker gevinst")))
	must(t, f.mgr.Submit(f.ctx, f.ownerB, f.submission(r1, f.svcs[1].ID, 1, "Lite brukt")))
	progress, err := f.mgr.Progress(f.ctx, f.observer, r1.ID)
	must(t, err)
	if len(progress) != 2 || progress[0] != (priority.MunicipalProgress{MunicipalityID: f.a.ID, Participants: 2, Expected: 6, Submitted: 2}) ||
		progress[1] != (priority.MunicipalProgress{MunicipalityID: f.b.ID, Participants: 1, Expected: 3, Submitted: 2}) {
		t.Errorf("Progress = %+v", progress)
	}
	must(t, f.mgr.CloseRound(f.ctx, f.lead, r1.ID))

	res, err := f.mgr.Results(f.ctx, f.ownerA, r1.ID)
	must(t, err)
	if len(res.Services) != 3 || res.Services[0].ServiceSlug != "byggesak" || len(res.Services[0].Criteria) != len(judged) {
		t.Fatalf("results = %+v", res)
	}
	c0 := res.Services[0].Criteria[0]
	if !slices.Equal(c0.Values, []float64{2, 3, 5}) || len(c0.Rationales) != 2 || c0.Own == nil || c0.Own.Value != 5 || c0.Previous != nil {
		t.Errorf("byggesak %s = %+v", c0.Key, c0)
	}
	if got := res.Services[2].Criteria[0]; len(got.Values) != 0 || got.Own != nil {
		t.Errorf("unscored service = %+v", got)
	}
	// Anonymous to everyone, the programme lead included: no user id,
	// name or e-mail in what results and values say.
	for _, p := range []domain.Principal{f.lead, f.observer, f.ownerB, f.leaderA} {
		res, err := f.mgr.Results(f.ctx, p, r1.ID)
		must(t, err)
		if p.UserID != f.ownerB.UserID && res.Services[0].Criteria[0].Own != nil {
			t.Errorf("%s sees an own score", p.Name)
		}
		values, err := f.mgr.MunicipalValues(f.ctx, p, r1.ID)
		must(t, err)
		if len(values) != 2*len(judged)+len(judged) || values[0].MunicipalityID != f.a.ID || !slices.Equal(values[0].Values, []float64{2, 5}) {
			t.Errorf("MunicipalValues = %+v", values)
		}
		for _, v := range []any{res, values} {
			b, err := json.Marshal(v)
			must(t, err)
			s := string(b)
			if strings.Contains(s, "user_id") || strings.Contains(s, "participants\"") {
				t.Errorf("identities in %s", s)
			}
			for _, who := range []domain.Principal{f.ownerA, f.ownerA2, f.ownerB} {
				if strings.Contains(s, who.Name) || strings.Contains(s, strings.TrimPrefix(who.Name, "Navn ")) {
					t.Errorf("%s named in %s", who.Name, s)
				}
			}
		}
	}
	// The same order on every read.
	again, err := f.mgr.Results(f.ctx, f.observer, r1.ID)
	must(t, err)
	if !slices.Equal(again.Services[0].Criteria[0].Rationales, c0.Rationales) {
		t.Error("rationales in another order on a second read")
	}

	// Round 2: the same services and participants; each sees their own
	// previous score and may revise.
	r2, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{CopyPrevious: true, Deadline: start.Add(10 * 24 * time.Hour)})
	must(t, err)
	if r2.Number != 2 || !slices.Equal(r2.Services, r1.Services) || r2.ParticipantCount != 3 || !slices.Equal(r2.Criteria, r1.Criteria) {
		t.Errorf("round 2 = %+v", r2)
	}
	b, err := f.mgr.Ballot(f.ctx, f.ownerA2, r2.ID)
	must(t, err)
	if b.Scored != 0 || b.Services[0].Previous[judged[0].ID] != (priority.OwnScore{Value: 2}) {
		t.Errorf("round 2 ballot = %+v", b)
	}
	must(t, f.mgr.Submit(f.ctx, f.ownerA2, f.submission(r2, svc, 4, "Enig med de andre")))
	f.clock.Advance(11 * 24 * time.Hour)
	res2, err := f.mgr.Results(f.ctx, f.ownerA2, r2.ID)
	must(t, err)
	if c := res2.Services[0].Criteria[0]; c.Own == nil || c.Own.Value != 4 || c.Previous == nil || c.Previous.Value != 2 ||
		!slices.Equal(c.Values, []float64{4}) {
		t.Errorf("round 2 results = %+v", c)
	}

	// Round 2 is past its deadline but not closed: opening round 3 closes it.
	r3, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{CopyPrevious: true, Deadline: f.clock.Now().Add(time.Hour)})
	must(t, err)
	if r3.Number != 3 {
		t.Errorf("round 3 = %+v", r3)
	}
	closed, err := f.mgr.Round(f.ctx, f.lead, r2.ID)
	must(t, err)
	if closed.ClosedAt == nil || closed.ClosedBy != f.lead.Name {
		t.Errorf("round 2 not closed: %+v", closed)
	}
	if e := f.wantAudit(priority.ActionRoundClose, f.lead, priority.OutcomeOK); e.Detail != "deadline passed" {
		t.Errorf("close entry = %+v", e)
	}

	// The consensus of the rounds that are over, each compared with the
	// round before: what the rounds pages show, computed by the manager.
	rule := method.DefaultConsensusRule()
	crits, err := f.mgr.Criteria(f.ctx, f.observer)
	must(t, err)
	res1, err := f.mgr.Results(f.ctx, f.observer, r1.ID)
	must(t, err)
	res2o, err := f.mgr.Results(f.ctx, f.observer, r2.ID)
	must(t, err)
	history, err := f.mgr.ConsensusHistory(f.ctx, f.observer, rule)
	must(t, err)
	want := []priority.RoundConsensus{priority.Consensus(res1, nil, crits, rule), priority.Consensus(res2o, &res1, crits, rule)}
	if !reflect.DeepEqual(history, want) {
		t.Errorf("consensus history = %+v, want %+v", history, want)
	}
	one, err := f.mgr.RoundConsensus(f.ctx, f.observer, r2.ID, rule)
	must(t, err)
	if !reflect.DeepEqual(one, want[1]) {
		t.Errorf("round 2's consensus = %+v, want %+v", one, want[1])
	}
	if _, err := f.mgr.RoundConsensus(f.ctx, f.observer, r3.ID, rule); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("consensus of an open round: %v", err)
	}
}

// TestConcurrentSubmit submits through the manager from many participants
// at once, each service twice: one submission per participant and
// service lands, the other is refused, and nothing is lost.
func TestConcurrentSubmit(t *testing.T) {
	f := newFixture(t)
	f.criteria()
	var parts []priority.Participant
	var people []domain.Principal
	for i := range 12 {
		m := f.a.ID
		if i%2 == 1 {
			m = f.b.ID
		}
		p := f.principal(f.collab, fmt.Sprintf("panel%d@fosen.no", i), domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: m})
		people = append(people, p)
		parts = append(parts, priority.Participant{UserID: p.UserID, MunicipalityID: m})
	}
	services := []domain.ID{f.svcs[0].ID, f.svcs[1].ID, f.svcs[2].ID}
	r, err := f.mgr.OpenRound(f.ctx, f.lead, priority.RoundInput{Services: services, Participants: parts, Deadline: start.Add(time.Hour)})
	must(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, dup := 0, 0
	gate := make(chan struct{})
	for _, p := range people {
		for _, s := range services {
			for try := range 2 {
				wg.Go(func() {
					<-gate
					err := f.mgr.Submit(f.ctx, p, f.submission(r, s, float64(1+try), ""))
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case domain.AsError(err).Code == "priority.already_scored":
						dup++
					default:
						t.Errorf("Submit: %v", err)
					}
				})
			}
		}
	}
	close(gate)
	wg.Wait()
	want := len(people) * len(services)
	if ok != want || dup != want {
		t.Errorf("%d accepted, %d refused; want %d each", ok, dup, want)
	}
	progress, err := f.mgr.Progress(f.ctx, f.lead, r.ID)
	must(t, err)
	if progress[0].Submitted != progress[0].Expected || progress[1].Submitted != progress[1].Expected {
		t.Errorf("progress = %+v", progress)
	}
	if n := len(f.audit(priority.ActionScoreSubmit)); n != 2*want {
		t.Errorf("%d submit entries, want %d", n, 2*want)
	}
}

func TestDecision(t *testing.T) {
	f := newFixture(t)
	r := f.openRound()
	svc := f.svcs[0].ID
	must(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r, svc, 5, "")))
	must(t, f.mgr.Submit(f.ctx, f.ownerA, f.submission(r, f.svcs[1].ID, 5, "")))
	must(t, f.mgr.Submit(f.ctx, f.ownerB, f.submission(r, svc, 3, "")))
	in := priority.DecisionInput{RoundID: r.ID, Method: "schulze", Weights: json.RawMessage(`{"group": [0.2, 0.8]}`),
		Ranking: json.RawMessage(fmt.Sprintf(`[{"service_id": %d, "score": 2}, {"service_id": %d, "score": 1}]`, svc, f.svcs[1].ID)),
		Note:    "Styremøte 12. mars"}

	// Not before the round is over.
	_, err := f.mgr.CreateDecision(f.ctx, f.lead, in)
	wantErr(t, err, domain.KindConflict, "priority.round_not_over")
	f.wantAudit(priority.ActionDecisionCreate, f.lead, "priority.round_not_over")
	must(t, f.mgr.CloseRound(f.ctx, f.lead, r.ID))
	bad := in
	bad.Ranking = json.RawMessage(`[]`)
	_, err = f.mgr.CreateDecision(f.ctx, f.lead, bad)
	wantField(t, err, "ranking", "priority.ranking_required")

	var d priority.DecisionView
	f.only("CreateDecision", func(p domain.Principal) error {
		v, err := f.mgr.CreateDecision(f.ctx, p, in)
		if err == nil {
			d = v
		}
		return err
	}, f.lead)
	if d.ID == 0 || d.Method != "schulze" || d.RoundID != r.ID || d.CreatedBy != f.lead.Name || !d.CreatedAt.Equal(start) ||
		d.Participants[f.a.ID] != 1 || d.Participants[f.b.ID] != 1 || !d.Intact || d.Approved ||
		!slices.Equal(d.Pending, []domain.ID{f.a.ID, f.b.ID}) || string(d.Weights) != `{"group":[0.2,0.8]}` {
		t.Errorf("decision = %+v", d)
	}

	// Each municipality's leadership approves once, for its own municipality.
	for _, p := range []domain.Principal{f.lead, f.coordA, f.ownerA, f.observer, f.leaderB, f.supplier} {
		_, err := f.mgr.Approve(f.ctx, p, d.ID, f.a.ID)
		wantErr(t, err, domain.KindForbidden, "")
	}
	f.wantAudit(priority.ActionDecisionApprove, f.supplier, "auth.forbidden")
	v, err := f.mgr.Decision(f.ctx, f.leaderA, d.ID)
	must(t, err)
	if !slices.Equal(v.CanApprove, []domain.ID{f.a.ID}) {
		t.Errorf("leader A may approve %v", v.CanApprove)
	}
	v, err = f.mgr.Approve(f.ctx, f.leaderA, d.ID, f.a.ID)
	must(t, err)
	if len(v.Approvals) != 1 || v.Approvals[0].UserID != f.leaderA.UserID || v.Approved || !slices.Equal(v.Pending, []domain.ID{f.b.ID}) ||
		len(v.CanApprove) != 0 {
		t.Errorf("after A approved: %+v", v)
	}
	_, err = f.mgr.Approve(f.ctx, f.leaderA, d.ID, f.a.ID)
	wantErr(t, err, domain.KindConflict, "priority.already_approved")
	f.wantAudit(priority.ActionDecisionApprove, f.leaderA, "priority.already_approved")
	_, err = f.mgr.Approve(f.ctx, f.leaderA, 999999, f.a.ID)
	wantErr(t, err, domain.KindNotFound, "priority.decision_not_found")
	v, err = f.mgr.Approve(f.ctx, f.leaderB, d.ID, f.b.ID)
	must(t, err)
	if !v.Approved || len(v.Pending) != 0 || len(v.Approvals) != 2 {
		t.Errorf("after both approved: %+v", v)
	}

	// A later decision without a round; the list is newest first.
	f.clock.Advance(time.Hour)
	later, err := f.mgr.CreateDecision(f.ctx, f.lead, priority.DecisionInput{Method: "borda", Weights: json.RawMessage(`{}`),
		Ranking: json.RawMessage(`[1]`)})
	must(t, err)
	list, err := f.mgr.Decisions(f.ctx, f.observer)
	must(t, err)
	if len(list) != 2 || list[0].ID != later.ID || list[1].ID != d.ID || !list[1].Approved || list[0].Approved || !list[0].Intact {
		t.Errorf("Decisions = %+v", list)
	}
	_, err = f.mgr.Decisions(f.ctx, f.supplier)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.Decision(f.ctx, f.outsider, d.ID)
	wantErr(t, err, domain.KindNotFound, "priority.decision_not_found")
}
