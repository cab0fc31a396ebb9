package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testProcEvaluation is the contract of the procurement store's issue-14
// part: the evaluation, scores, award, letters, outbox, complaints and
// contract come back as stored, stay within their collaboration and
// tender, conflict on duplicates and stale versions, a sent letter cannot
// be changed even by a query of its own, and two workers draining the
// outbox at once send each mail once.
func testProcEvaluation(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Evaluation", func(t *testing.T) { testEvalDocument(t, open) })
	t.Run("Scores", func(t *testing.T) { testEvalScores(t, open) })
	t.Run("Award", func(t *testing.T) { testEvalAward(t, open) })
	t.Run("Letters", func(t *testing.T) { testEvalLetters(t, open) })
	t.Run("Outbox", func(t *testing.T) { testEvalOutbox(t, open) })
	t.Run("OutboxConcurrent", func(t *testing.T) { testEvalOutboxConcurrent(t, open) })
	t.Run("Complaints", func(t *testing.T) { testEvalComplaints(t, open) })
	t.Run("Contract", func(t *testing.T) { testEvalContract(t, open) })
	t.Run("DataVersion", func(t *testing.T) { testEvalDataVersion(t, open) })
}

// evalEnv adds a second supplier and a bid of each supplier on the first
// tender, and one bid on the second tender.
type evalEnv struct {
	*procEnv
	sup2             procurement.Supplier
	bid1, bid2, bidX procurement.Bid // bidX is on e.second
}

func newEvalEnv(t *testing.T, open func(t *testing.T) *sqlstore.DB) *evalEnv {
	t.Helper()
	e := &evalEnv{procEnv: newProcEnv(t, open)}
	e.sup2 = procurement.Supplier{CollaborationID: e.c, Name: "Bravo AS", OrgNumber: "923609016"}
	var err error
	e.sup2.ID, err = e.st.CreateSupplier(e.ctx, e.sup2)
	must(t, err)
	e.bid1 = e.bid(e.tender.ID, e.sup.ID, "tok-1")
	e.bid2 = e.bid(e.tender.ID, e.sup2.ID, "tok-2")
	e.bidX = e.bid(e.second.ID, e.sup.ID, "tok-x")
	return e
}

func (e *evalEnv) bid(tender, supplier domain.ID, token string) procurement.Bid {
	e.t.Helper()
	b := procurement.Bid{CollaborationID: e.c, TenderID: tender, SupplierID: supplier, Token: token, Digest: "d-" + token,
		ReceivedAt: at(19, 12, 0, 0, 0)}
	var err error
	b.ID, err = e.st.CreateBid(e.ctx, b, procurement.Sealed{Price: []byte{1}})
	must(e.t, err)
	return b
}

func testEvalDocument(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	_, err := e.st.Evaluation(e.ctx, e.c, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.evaluation_not_found")
	_, err = e.st.Evaluation(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	met := true
	ev := procurement.Evaluation{CollaborationID: e.c, TenderID: e.tender.ID, PriceModel: procurement.PriceLinear,
		Criteria: []procurement.Criterion{{Key: "price", Name: "Pris", Weight: 40, Price: true},
			{Key: "quality", Name: "Kvalitet", Weight: 60, Sub: []procurement.SubCriterion{
				{Key: "understanding", Name: "Forståelse", Weight: 50}, {Key: "plan", Name: "Plan", Weight: 50}}}},
		Evaluators:    domain.Editors{7, 8},
		Presentations: []procurement.Presentation{{BidID: e.bid1.ID, Start: at(24, 9, 0, 0, 0), Minutes: 30, Notes: "Ok"}},
		Answers: []procurement.Answer{{BidID: e.bid1.ID, RequirementID: 3, Met: &met, Place: "Vedlegg 2, s. 4"},
			{BidID: e.bid2.ID, RequirementID: 3}},
		Consensus: []procurement.Consensus{{BidID: e.bid1.ID, Criterion: "quality.plan", Points: 7.5, Reason: "God plan"}},
		UpdatedBy: "Åse", UpdatedAt: at(24, 10, 0, 0, 7)}
	saved(t, 1)(e.st.SaveEvaluation(e.ctx, ev))
	got, err := e.st.Evaluation(e.ctx, e.c, e.tender.ID)
	must(t, err)
	sameTime(t, "evaluation updated_at", got.UpdatedAt, ev.UpdatedAt)
	want := ev
	want.Version, want.UpdatedAt = 1, got.UpdatedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Evaluation =\n%+v\nwant\n%+v", got, want)
	}

	// Creating again, or saving an old version, is stale; nothing changes.
	wantCode(t, errOf(e.st.SaveEvaluation(e.ctx, ev)), domain.KindConflict, "error.stale")
	got.PriceModel = procurement.PriceProportional
	saved(t, 2)(e.st.SaveEvaluation(e.ctx, got))
	wantCode(t, errOf(e.st.SaveEvaluation(e.ctx, got)), domain.KindConflict, "error.stale")
	if again, err := e.st.Evaluation(e.ctx, e.c, e.tender.ID); err != nil || again.Version != 2 ||
		again.PriceModel != procurement.PriceProportional {
		t.Errorf("after saves: %+v, %v", again, err)
	}

	// Each tender has its own; a foreign tender is not found.
	_, err = e.st.Evaluation(e.ctx, e.c, e.second.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.evaluation_not_found")
	foreign := got
	foreign.CollaborationID = e.other
	foreign.Version = 0
	wantCode(t, errOf(e.st.SaveEvaluation(e.ctx, foreign)), domain.KindNotFound, "procurement.tender_not_found")
	second := ev
	second.TenderID, second.Version = e.second.ID, 5
	wantCode(t, errOf(e.st.SaveEvaluation(e.ctx, second)), domain.KindNotFound, "procurement.evaluation_not_found")
	second.Version = 0
	saved(t, 1)(e.st.SaveEvaluation(e.ctx, second))
}

func testEvalScores(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	score := func(bid, evaluator domain.ID, crit string, points float64) procurement.Score {
		return procurement.Score{CollaborationID: e.c, TenderID: e.tender.ID, BidID: bid, EvaluatorID: evaluator,
			Criterion: crit, Points: points, Reason: fmt.Sprintf("%s: %g", crit, points), At: at(25, 9, 0, 0, 1)}
	}
	must(t, e.st.PutScore(e.ctx, score(e.bid1.ID, 7, "quality.plan", 6)))
	must(t, e.st.PutScore(e.ctx, score(e.bid1.ID, 8, "quality.plan", 8)))
	must(t, e.st.PutScore(e.ctx, score(e.bid1.ID, 7, "quality.understanding", 5)))
	must(t, e.st.PutScore(e.ctx, score(e.bid2.ID, 7, "quality.plan", 4)))
	// The evaluator changes their own score: the row is replaced, not added.
	changed := score(e.bid1.ID, 7, "quality.plan", 6.5)
	changed.Reason, changed.At = "Ny vurdering", at(25, 10, 0, 0, 0)
	must(t, e.st.PutScore(e.ctx, changed))

	list, err := e.st.Scores(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 4 {
		t.Fatalf("Scores = %+v, want 4 rows", list)
	}
	sameTime(t, "score at", list[0].At, changed.At)
	list[0].At = changed.At
	if list[0] != changed {
		t.Errorf("changed score = %+v, want %+v", list[0], changed)
	}
	if list[1].EvaluatorID != 8 || list[1].Points != 8 || list[2].Criterion != "quality.understanding" ||
		list[3].BidID != e.bid2.ID || list[3].Points != 4 {
		t.Errorf("Scores = %+v, want by bid, criterion, evaluator; the other evaluator's kept", list)
	}
	// The database holds one row per (bid, evaluator, criterion).
	e.refused("a second row for one evaluator's score", fmt.Sprintf(`INSERT INTO evaluation_scores (tender_id, bid_id,
		evaluator_id, criterion, collaboration_id, points, reason, at) VALUES (%d, %d, 7, 'quality.plan', %d, 1, 'x',
		'2025-03-25T10:00:00.000000000Z')`, e.tender.ID, e.bid1.ID, e.c))

	// Bids of another tender, and foreign tenders, are not found.
	wrong := score(e.bidX.ID, 7, "quality.plan", 1)
	wantCode(t, e.st.PutScore(e.ctx, wrong), domain.KindNotFound, "procurement.bid_not_found")
	wrong = score(e.bid1.ID, 7, "quality.plan", 1)
	wrong.CollaborationID = e.other
	wantCode(t, e.st.PutScore(e.ctx, wrong), domain.KindNotFound, "procurement.tender_not_found")
	if list, err := e.st.Scores(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's scores = %+v, %v", list, err)
	}
	_, err = e.st.Scores(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	// After the award no score changes.
	must(t, e.st.CreateAward(e.ctx, procurement.Award{CollaborationID: e.c, TenderID: e.tender.ID, WinnerBidID: e.bid1.ID,
		Reasons: "Best", StandstillDays: 10, StandstillEnd: at(31, 23, 59, 0, 0)}))
	wantCode(t, e.st.PutScore(e.ctx, score(e.bid1.ID, 7, "quality.plan", 10)), domain.KindConflict, "procurement.award_exists")
	wantCode(t, e.st.PutScore(e.ctx, score(e.bid2.ID, 9, "quality.plan", 10)), domain.KindConflict, "procurement.award_exists")
	if after, err := e.st.Scores(e.ctx, e.c, e.tender.ID); err != nil || len(after) != 4 || after[0].Points != 6.5 {
		t.Errorf("scores after the award = %+v, %v", after, err)
	}
	// The second tender has no award: its scores still change.
	x := score(e.bidX.ID, 7, "quality.plan", 3)
	x.TenderID = e.second.ID
	must(t, e.st.PutScore(e.ctx, x))
}

func testEvalAward(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	_, err := e.st.Award(e.ctx, e.c, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.award_not_found")
	_, err = e.st.Award(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	a := procurement.Award{CollaborationID: e.c, TenderID: e.tender.ID, WinnerBidID: e.bid2.ID, Reasons: "Beste kvalitet",
		Electronic: true, MinDays: 14, StandstillDays: 14, StandstillEnd: at(31, 22, 59, 59, 999999),
		DecidedBy: "Åse", DecidedAt: at(25, 12, 0, 0, 3), NotifiedAt: at(25, 13, 0, 0, 0)}
	must(t, e.st.CreateAward(e.ctx, a))
	got, err := e.st.Award(e.ctx, e.c, e.tender.ID)
	must(t, err)
	sameTime(t, "standstill end", got.StandstillEnd, a.StandstillEnd)
	sameTime(t, "decided at", got.DecidedAt, a.DecidedAt)
	want := a
	want.StandstillEnd, want.DecidedAt, want.NotifiedAt = got.StandstillEnd, got.DecidedAt, time.Time{}
	if got != want {
		t.Errorf("Award = %+v, want %+v (not yet notified)", got, want)
	}
	again := a
	again.WinnerBidID = e.bid1.ID
	wantCode(t, e.st.CreateAward(e.ctx, again), domain.KindConflict, "procurement.award_exists")
	other := a
	other.TenderID = e.second.ID
	wantCode(t, e.st.CreateAward(e.ctx, other), domain.KindNotFound, "procurement.bid_not_found")
	other.CollaborationID, other.TenderID = e.other, e.tender.ID
	wantCode(t, e.st.CreateAward(e.ctx, other), domain.KindNotFound, "procurement.tender_not_found")

	notified := at(25, 14, 0, 0, 9)
	must(t, e.st.SetAwardNotified(e.ctx, e.c, e.tender.ID, notified))
	wantCode(t, e.st.SetAwardNotified(e.ctx, e.c, e.tender.ID, notified.Add(time.Hour)), domain.KindConflict, "error.stale")
	if got, err := e.st.Award(e.ctx, e.c, e.tender.ID); err != nil {
		t.Error(err)
	} else {
		sameTime(t, "notified at", got.NotifiedAt, notified)
	}
	wantCode(t, e.st.SetAwardNotified(e.ctx, e.c, e.second.ID, notified), domain.KindNotFound, "procurement.award_not_found")
	wantCode(t, e.st.SetAwardNotified(e.ctx, e.other, e.tender.ID, notified), domain.KindNotFound, "procurement.tender_not_found")
}

func testEvalLetters(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	letter := func(b procurement.Bid) procurement.Letter {
		return procurement.Letter{CollaborationID: e.c, TenderID: b.TenderID, BidID: b.ID, SupplierID: b.SupplierID,
			Subject: "Tildeling", Body: fmt.Sprintf("Til leverandør %d: vinner er tilbud %d", b.SupplierID, e.bid2.ID),
			Digest: fmt.Sprintf("digest-%d", b.ID)}
	}
	l1, l2 := letter(e.bid1), letter(e.bid2)
	var err error
	l1.ID, err = e.st.CreateLetter(e.ctx, l1)
	must(t, err)
	l2.ID, err = e.st.CreateLetter(e.ctx, l2)
	must(t, err)
	got, err := e.st.Letter(e.ctx, e.c, e.tender.ID, l1.ID)
	if err != nil || got != l1 {
		t.Errorf("Letter = %+v, %v; want %+v unsent", got, err, l1)
	}
	// One per bid; a letter goes only to the bid's supplier.
	_, err = e.st.CreateLetter(e.ctx, l1)
	wantKind(t, err, domain.KindConflict)
	misdirected := letter(e.bidX)
	misdirected.SupplierID = e.sup2.ID
	_, err = e.st.CreateLetter(e.ctx, misdirected)
	wantKind(t, err, domain.KindInternal)
	misdirected.TenderID = e.tender.ID
	_, err = e.st.CreateLetter(e.ctx, misdirected)
	wantCode(t, err, domain.KindNotFound, "procurement.bid_not_found")
	misdirected.CollaborationID = e.other
	_, err = e.st.CreateLetter(e.ctx, misdirected)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	// The portal sees no letter before it is sent.
	if list, err := e.st.LettersForSupplier(e.ctx, e.c, e.tender.ID, e.sup.ID); err != nil || len(list) != 0 {
		t.Errorf("unsent letters for the supplier = %+v, %v", list, err)
	}
	// An unsent letter may still be changed by the database.
	if _, err := e.db.SQL().ExecContext(e.ctx, fmt.Sprintf(`UPDATE award_letters SET body = body WHERE id = %d`, l1.ID)); err != nil {
		t.Errorf("changing an unsent letter was refused: %v", err)
	}

	// Every unsent letter gets the same instant.
	sent := at(25, 14, 0, 0, 42)
	must(t, e.st.MarkLettersSent(e.ctx, e.c, e.tender.ID, sent))
	lx := letter(e.bidX)
	lx.ID, err = e.st.CreateLetter(e.ctx, lx)
	must(t, err)
	list, err := e.st.Letters(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != l1.ID || list[1].ID != l2.ID {
		t.Fatalf("Letters = %+v", list)
	}
	for _, l := range list {
		sameTime(t, "letter sent at", l.SentAt, sent)
	}
	// Marking again changes no sent letter.
	must(t, e.st.MarkLettersSent(e.ctx, e.c, e.tender.ID, sent.Add(time.Hour)))
	if l, err := e.st.Letter(e.ctx, e.c, e.tender.ID, l2.ID); err != nil || !l.SentAt.Equal(list[1].SentAt) {
		t.Errorf("letter after marking again = %+v, %v", l, err)
	}
	if l, err := e.st.Letter(e.ctx, e.c, e.second.ID, lx.ID); err != nil || !l.SentAt.IsZero() {
		t.Errorf("another tender's letter was marked sent: %+v, %v", l, err)
	}
	mine, err := e.st.LettersForSupplier(e.ctx, e.c, e.tender.ID, e.sup.ID)
	must(t, err)
	if len(mine) != 1 || mine[0].ID != l1.ID || mine[0].Body != l1.Body {
		t.Errorf("LettersForSupplier = %+v, want only its own", mine)
	}
	if list, err := e.st.LettersForSupplier(e.ctx, e.c, e.second.ID, e.sup.ID); err != nil || len(list) != 0 {
		t.Errorf("unsent letter of another tender = %+v, %v", list, err)
	}

	// Not found across tenders and collaborations.
	_, err = e.st.Letter(e.ctx, e.c, e.second.ID, l1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.letter_not_found")
	_, err = e.st.Letter(e.ctx, e.other, e.tender.ID, l1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.letter_not_found")
	_, err = e.st.Letters(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	_, err = e.st.LettersForSupplier(e.ctx, e.other, e.tender.ID, e.sup.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	wantCode(t, e.st.MarkLettersSent(e.ctx, e.other, e.tender.ID, sent), domain.KindNotFound, "procurement.tender_not_found")

	// The database keeps a sent letter as it was sent.
	e.refused("changing a sent letter",
		fmt.Sprintf(`UPDATE award_letters SET subject = 'x' WHERE id = %d`, l1.ID),
		fmt.Sprintf(`UPDATE award_letters SET body = 'x' WHERE id = %d`, l1.ID),
		fmt.Sprintf(`UPDATE award_letters SET digest = 'x' WHERE id = %d`, l1.ID),
		fmt.Sprintf(`UPDATE award_letters SET sent_at = NULL WHERE id = %d`, l2.ID),
		fmt.Sprintf(`UPDATE award_letters SET supplier_id = %d WHERE id = %d`, e.sup2.ID, l1.ID),
		fmt.Sprintf(`DELETE FROM award_letters WHERE id = %d`, l2.ID))
	if l, err := e.st.Letter(e.ctx, e.c, e.tender.ID, l1.ID); err != nil || l.Subject != l1.Subject || l.Body != l1.Body ||
		l.Digest != l1.Digest || l.SupplierID != l1.SupplierID {
		t.Errorf("sent letter after refused changes: %+v, %v", l, err)
	}
	if _, err := e.db.SQL().ExecContext(e.ctx, fmt.Sprintf(`UPDATE award_letters SET body = 'utkast' WHERE id = %d`, lx.ID)); err != nil {
		t.Errorf("changing an unsent letter was refused: %v", err)
	}
}

func testEvalOutbox(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	l, err := e.st.CreateLetter(e.ctx, procurement.Letter{CollaborationID: e.c, TenderID: e.tender.ID, BidID: e.bid1.ID,
		SupplierID: e.sup.ID, Subject: "Tildeling", Body: "Brev", Digest: "d"})
	must(t, err)
	now := at(25, 14, 0, 0, 0)
	m1 := procurement.OutboxMail{CollaborationID: e.c, LetterID: l, To: "kari@acme.example", Subject: "Tildeling",
		Body: "Brev", NextAttempt: now.Add(-time.Minute)}
	m2 := procurement.OutboxMail{CollaborationID: e.other, To: "ola@beta.example", Subject: "Varsel", Body: "Tekst",
		NextAttempt: now}
	m3 := procurement.OutboxMail{CollaborationID: e.c, To: "later@acme.example", Subject: "Senere",
		NextAttempt: now.Add(time.Hour)}
	for _, m := range []*procurement.OutboxMail{&m1, &m2, &m3} {
		m.ID, err = e.st.EnqueueMail(e.ctx, *m)
		must(t, err)
	}
	_, err = e.st.EnqueueMail(e.ctx, procurement.OutboxMail{CollaborationID: e.other, LetterID: l, To: "x@y.example"})
	wantCode(t, err, domain.KindNotFound, "procurement.letter_not_found")

	// The due mails of every collaboration, oldest first, up to the limit,
	// each leased to the caller.
	due, err := e.st.DueMail(e.ctx, now, 1)
	must(t, err)
	if len(due) != 1 || due[0].ID != m1.ID {
		t.Fatalf("DueMail limit 1 = %+v, want the oldest", due)
	}
	lease := now.Add(procurement.MailLease)
	sameTime(t, "leased until", due[0].NextAttempt, lease)
	want := m1
	want.NextAttempt = due[0].NextAttempt
	if due[0] != want {
		t.Errorf("claimed mail = %+v, want %+v", due[0], want)
	}
	due, err = e.st.DueMail(e.ctx, now, 10)
	must(t, err)
	if len(due) != 1 || due[0].ID != m2.ID || due[0].CollaborationID != e.other || due[0].LetterID != 0 {
		t.Fatalf("DueMail = %+v, want only the other collaboration's mail (the first is leased)", due)
	}
	if due, err := e.st.DueMail(e.ctx, now, 10); err != nil || len(due) != 0 {
		t.Errorf("DueMail with every due mail leased = %+v, %v", due, err)
	}

	// A failed attempt counts and waits; a sent mail is never due again.
	next := now.Add(5 * time.Minute)
	must(t, e.st.MailFailed(e.ctx, m1.ID, "450 mailbox busy", next))
	must(t, e.st.MailSent(e.ctx, m2.ID, now.Add(time.Second)))
	if due, err := e.st.DueMail(e.ctx, next.Add(-time.Microsecond), 10); err != nil || len(due) != 0 {
		t.Errorf("DueMail before the retry = %+v, %v", due, err)
	}
	due, err = e.st.DueMail(e.ctx, next, 10)
	must(t, err)
	if len(due) != 1 || due[0].ID != m1.ID || due[0].Attempts != 1 || due[0].LastError != "450 mailbox busy" {
		t.Fatalf("DueMail at the retry = %+v", due)
	}
	// A lease that ran out (its worker died) makes the mail due again.
	due, err = e.st.DueMail(e.ctx, next.Add(procurement.MailLease), 10)
	must(t, err)
	if len(due) != 1 || due[0].ID != m1.ID {
		t.Errorf("DueMail after the lease = %+v, want the first mail again", due)
	}
	must(t, e.st.MailSent(e.ctx, m1.ID, next))
	wantCode(t, e.st.MailSent(e.ctx, m1.ID, next), domain.KindConflict, "error.stale")
	wantCode(t, e.st.MailFailed(e.ctx, m1.ID, "x", next), domain.KindConflict, "error.stale")
	wantCode(t, e.st.MailSent(e.ctx, m3.ID+100, next), domain.KindNotFound, "error.not_found")
	wantCode(t, e.st.MailFailed(e.ctx, m3.ID+100, "x", next), domain.KindNotFound, "error.not_found")
	due, err = e.st.DueMail(e.ctx, now.Add(24*time.Hour), 10)
	must(t, err)
	if len(due) != 1 || due[0].ID != m3.ID || due[0].Subject != "Senere" {
		t.Errorf("DueMail a day later = %+v, want only the unsent mail", due)
	}
	if due, err := e.st.DueMail(e.ctx, now, 0); err != nil || len(due) != 0 {
		t.Errorf("DueMail limit 0 = %+v, %v", due, err)
	}
}

// testEvalOutboxConcurrent has workers drain one outbox at once, as two
// servers' jobs would: every mail is claimed by exactly one of them.
func testEvalOutboxConcurrent(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	now := at(25, 14, 0, 0, 0)
	const mails, workers = 120, 8
	for i := range mails {
		collab := e.c
		if i%3 == 0 {
			collab = e.other
		}
		_, err := e.st.EnqueueMail(e.ctx, procurement.OutboxMail{CollaborationID: collab, To: fmt.Sprintf("m%d@x.example", i),
			Subject: "s", NextAttempt: now.Add(-time.Duration(i%5) * time.Second)})
		must(t, err)
	}
	var mu sync.Mutex
	claims := map[domain.ID]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				due, err := e.st.DueMail(e.ctx, now, 5)
				if err != nil {
					errs <- err
					return
				}
				if len(due) == 0 {
					return
				}
				mu.Lock()
				for _, m := range due {
					claims[m.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if len(claims) != mails {
		t.Errorf("%d mails claimed, want %d", len(claims), mails)
	}
	var twice []domain.ID
	for id, n := range claims {
		if n != 1 {
			twice = append(twice, id)
		}
	}
	sort.Slice(twice, func(i, j int) bool { return twice[i] < twice[j] })
	if len(twice) > 0 {
		t.Errorf("mails claimed more than once: %v", twice)
	}
}

func testEvalComplaints(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	c1 := procurement.Complaint{CollaborationID: e.c, TenderID: e.tender.ID, SupplierID: e.sup.ID,
		Text: "Poengene er feil", ReceivedAt: at(26, 9, 0, 0, 11)}
	var err error
	c1.ID, err = e.st.CreateComplaint(e.ctx, c1)
	must(t, err)
	c1.Version = 1
	got, err := e.st.Complaint(e.ctx, e.c, e.tender.ID, c1.ID)
	must(t, err)
	sameTime(t, "received at", got.ReceivedAt, c1.ReceivedAt)
	got.ReceivedAt = c1.ReceivedAt
	if got != c1 {
		t.Errorf("Complaint = %+v, want %+v", got, c1)
	}
	// Registered by the buyer without a supplier.
	c0 := procurement.Complaint{CollaborationID: e.c, TenderID: e.tender.ID, Text: "Brev", ReceivedAt: at(26, 8, 0, 0, 0)}
	c0.ID, err = e.st.CreateComplaint(e.ctx, c0)
	must(t, err)
	bad := c1
	bad.SupplierID = e.foreignSupplier
	_, err = e.st.CreateComplaint(e.ctx, bad)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")
	bad.CollaborationID, bad.SupplierID = e.other, 0
	_, err = e.st.CreateComplaint(e.ctx, bad)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	list, err := e.st.Complaints(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != c0.ID || list[0].SupplierID != 0 || list[1].ID != c1.ID {
		t.Errorf("Complaints = %+v, want in the order received", list)
	}

	got.Answer, got.AnsweredBy, got.AnsweredAt, got.Upheld = "Rettet", "Åse", at(27, 10, 0, 0, 0), true
	saved(t, 2)(e.st.UpdateComplaint(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateComplaint(e.ctx, got)), domain.KindConflict, "error.stale")
	after, err := e.st.Complaint(e.ctx, e.c, e.tender.ID, c1.ID)
	must(t, err)
	if after.Answer != "Rettet" || !after.Upheld || after.Version != 2 || after.Text != c1.Text {
		t.Errorf("after answering: %+v", after)
	}
	sameTime(t, "answered at", after.AnsweredAt, got.AnsweredAt)

	_, err = e.st.Complaint(e.ctx, e.c, e.second.ID, c1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.complaint_not_found")
	_, err = e.st.Complaint(e.ctx, e.other, e.tender.ID, c1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.complaint_not_found")
	_, err = e.st.Complaints(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	moved := after
	moved.TenderID = e.second.ID
	wantCode(t, errOf(e.st.UpdateComplaint(e.ctx, moved)), domain.KindNotFound, "procurement.complaint_not_found")
}

func testEvalContract(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	_, err := e.st.Contract(e.ctx, e.c, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.contract_not_found")
	_, err = e.st.Contract(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	doc, err := e.st.CreateDocument(e.ctx, procurement.Document{CollaborationID: e.c, TenderID: e.tender.ID,
		Kind: "contract", Title: "Kontrakt"})
	must(t, err)
	c := procurement.Contract{CollaborationID: e.c, TenderID: e.tender.ID, BidID: e.bid2.ID, SupplierID: e.sup2.ID,
		Reference: "K-2025-1", SignedAt: at(28, 12, 0, 0, 5), Value: 1234567.5, DocumentID: doc, SignedBy: "Åse",
		Commitments: []procurement.Commitment{{RequirementID: 3, Text: "Svar innen 2 dager", ServiceID: 4},
			{RequirementID: 5, Text: "Oppetid 99,5 %"}}}
	must(t, e.st.CreateContract(e.ctx, c))
	got, err := e.st.Contract(e.ctx, e.c, e.tender.ID)
	must(t, err)
	sameTime(t, "signed at", got.SignedAt, c.SignedAt)
	want := c
	want.SignedAt = got.SignedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Contract =\n%+v\nwant\n%+v", got, want)
	}
	wantCode(t, e.st.CreateContract(e.ctx, c), domain.KindConflict, "procurement.contract_exists")
	other := c
	other.TenderID, other.BidID, other.DocumentID = e.second.ID, e.bidX.ID, 0
	wantKind(t, e.st.CreateContract(e.ctx, other), domain.KindInternal) // bidX is not sup2's
	other.SupplierID, other.DocumentID = e.sup.ID, doc
	wantCode(t, e.st.CreateContract(e.ctx, other), domain.KindNotFound, "procurement.document_not_found")
	other.DocumentID, other.Commitments = 0, nil
	must(t, e.st.CreateContract(e.ctx, other))
	if x, err := e.st.Contract(e.ctx, e.c, e.second.ID); err != nil || x.Commitments != nil || x.DocumentID != 0 {
		t.Errorf("contract without commitments = %+v, %v", x, err)
	}
	other.CollaborationID, other.TenderID = e.other, e.foreign.ID
	wantCode(t, e.st.CreateContract(e.ctx, other), domain.KindNotFound, "procurement.bid_not_found")

	with := append([]procurement.Commitment(nil), c.Commitments...)
	with[0].IndicatorID, with[1].IndicatorID = 41, 42
	must(t, e.st.SetCommitmentIndicators(e.ctx, e.c, e.tender.ID, with))
	if got, err := e.st.Contract(e.ctx, e.c, e.tender.ID); err != nil || !reflect.DeepEqual(got.Commitments, with) ||
		got.Value != c.Value {
		t.Errorf("after SetCommitmentIndicators: %+v, %v", got, err)
	}
	wantCode(t, e.st.SetCommitmentIndicators(e.ctx, e.other, e.tender.ID, with), domain.KindNotFound, "procurement.tender_not_found")
	wantCode(t, e.st.SetCommitmentIndicators(e.ctx, e.other, e.foreign.ID, with), domain.KindNotFound, "procurement.contract_not_found")
}

// testEvalDataVersion: the page cache's rule for these writes — once per
// committed transaction, never for a read, a rollback, a refusal or an
// outbox claim.
func testEvalDataVersion(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEvalEnv(t, open)
	_, err := e.st.EnqueueMail(e.ctx, procurement.OutboxMail{CollaborationID: e.c, To: "a@x.example", NextAttempt: at(25, 0, 0, 0, 0)})
	must(t, err)
	before := e.dataVersion(e.c)
	_, _ = e.st.Scores(e.ctx, e.c, e.tender.ID)
	_, _ = e.st.Letters(e.ctx, e.c, e.tender.ID)
	_, _ = e.st.Award(e.ctx, e.c, e.tender.ID)
	_, _ = e.st.Complaints(e.ctx, e.c, e.tender.ID)
	due, err := e.st.DueMail(e.ctx, at(25, 1, 0, 0, 0), 10)
	must(t, err)
	if len(due) != 1 {
		t.Fatalf("DueMail = %+v", due)
	}
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("reads and an outbox claim raised the data version to %d from %d", v, before)
	}

	// The award with its letters, their sending and their mails: once.
	err = e.st.Atomic(e.ctx, func(tx procurement.Store) error {
		if err := tx.LockTender(e.ctx, e.c, e.tender.ID); err != nil {
			return err
		}
		if err := tx.CreateAward(e.ctx, procurement.Award{CollaborationID: e.c, TenderID: e.tender.ID,
			WinnerBidID: e.bid1.ID, StandstillEnd: at(31, 0, 0, 0, 0)}); err != nil {
			return err
		}
		for _, b := range []procurement.Bid{e.bid1, e.bid2} {
			id, err := tx.CreateLetter(e.ctx, procurement.Letter{CollaborationID: e.c, TenderID: e.tender.ID, BidID: b.ID,
				SupplierID: b.SupplierID, Subject: "s", Body: "b", Digest: "d"})
			if err != nil {
				return err
			}
			if _, err := tx.EnqueueMail(e.ctx, procurement.OutboxMail{CollaborationID: e.c, LetterID: id, To: "x@y.example"}); err != nil {
				return err
			}
		}
		if err := tx.MarkLettersSent(e.ctx, e.c, e.tender.ID, at(25, 2, 0, 0, 0)); err != nil {
			return err
		}
		return tx.SetAwardNotified(e.ctx, e.c, e.tender.ID, at(25, 2, 0, 0, 0))
	})
	must(t, err)
	if v := e.dataVersion(e.c); v != before+1 {
		t.Errorf("the award's transaction raised the data version to %d from %d, want +1", v, before)
	}
	before = e.dataVersion(e.c)
	must(t, e.st.MailSent(e.ctx, due[0].ID, at(25, 1, 0, 1, 0)))
	if v := e.dataVersion(e.c); v != before+1 {
		t.Errorf("a sent mail raised the data version to %d from %d, want +1", v, before)
	}

	// Rolled back: not at all, and nothing stays. Refused: not at all.
	before = e.dataVersion(e.c)
	boom := errors.New("roll back")
	err = e.st.Atomic(e.ctx, func(tx procurement.Store) error {
		if _, err := tx.CreateComplaint(e.ctx, procurement.Complaint{CollaborationID: e.c, TenderID: e.tender.ID, Text: "x"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v", err)
	}
	if list, _ := e.st.Complaints(e.ctx, e.c, e.tender.ID); len(list) != 0 {
		t.Errorf("a rolled-back complaint is there: %+v", list)
	}
	wantKind(t, e.st.PutScore(e.ctx, procurement.Score{CollaborationID: e.c, TenderID: e.tender.ID, BidID: e.bid1.ID,
		EvaluatorID: 7, Criterion: "quality"}), domain.KindConflict)
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("a rollback and a refusal raised the data version to %d from %d", v, before)
	}
}
