package procurement

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Questions lists every question of a tender with its asker (buyer's view,
// internal users). Errors: unauthorized, forbidden, not found.
func (m *Manager) Questions(ctx context.Context, p domain.Principal, tender domain.ID) ([]Question, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return nil, err
	}
	return m.store.Questions(ctx, p.CollaborationID, tender)
}

// AnswerQuestion answers a question (officers); publish makes the answer
// visible to every supplier who can see the tender (without the asker)
// and adds a version of the Q&A log document. A published answer stays
// published.
//
// Errors: unauthorized, forbidden, not found, invalid (answer), conflict
// ("error.stale", "procurement.opened").
func (m *Manager) AnswerQuestion(ctx context.Context, p domain.Principal, tender, id domain.ID, version int, answer string, publish bool) (Question, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActQuestionAnswer)
	if err != nil {
		return Question{}, err
	}
	q, err := m.store.Question(ctx, p.CollaborationID, tender, id)
	if err != nil {
		return Question{}, m.refuse(ctx, p, tender, ActQuestionAnswer, obj("question", id), err)
	}
	answer = strings.TrimSpace(answer)
	if errs := checkQuestion("answer", answer); len(errs) > 0 {
		return Question{}, domain.Invalid("error.invalid_fields", errs...)
	}
	if t.Status == StatusOpened {
		return Question{}, m.refuse(ctx, p, tender, ActQuestionAnswer, obj("question", id), domain.Conflict("procurement.opened"))
	}
	q.Answer, q.AnsweredBy, q.AnsweredAt, q.Version = answer, p.Name, m.now(), version
	if publish && q.PublishedAt.IsZero() {
		q.PublishedAt = m.now()
	}
	var notices []Notice
	err = m.logged(ctx, p, tender, ActQuestionAnswer, obj("question", id), func(s Store) error {
		if _, err := s.UpdateQuestion(ctx, q); err != nil {
			return err
		}
		if !q.PublishedAt.IsZero() {
			ns, err := m.publishQA(ctx, s, p, t)
			if err != nil {
				return err
			}
			notices = ns
		}
		return m.appendLog(ctx, s, p, tender, ActQuestionAnswer, obj("question", id), "published="+strconv.FormatBool(!q.PublishedAt.IsZero()), OutcomeOK)
	})
	if err != nil {
		return Question{}, err
	}
	m.mail(ctx, t, notices...)
	return m.store.Question(ctx, p.CollaborationID, tender, id)
}

// publishQA writes the published answers as a new version of the Q&A
// document and adds the notice of a published answer.
func (m *Manager) publishQA(ctx context.Context, s Store, p domain.Principal, t Tender) ([]Notice, error) {
	qs, err := s.Questions(ctx, p.CollaborationID, t.ID)
	if err != nil {
		return nil, err
	}
	f := File{Name: "sporsmal-og-svar-" + CleanFileName(t.Reference) + ".csv", ContentType: "text/csv; charset=utf-8", Content: QACSV(qs)}
	if _, _, err := m.generated(ctx, s, p, t, DocQA, "Spørsmål og svar", f, "", false); err != nil {
		return nil, err
	}
	var out []Notice
	if t.Status != StatusDraft {
		n, err := m.addNotice(ctx, s, t, "answer", "")
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// QACSV writes the published questions and answers as CSV, without who
// asked: number, question, answer, published (Oslo time).
func QACSV(qs []Question) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write([]string{"Nr", "Spørsmål", "Svar", "Publisert"})
	n := 0
	for _, q := range qs {
		if q.PublishedAt.IsZero() {
			continue
		}
		n++
		w.Write([]string{strconv.Itoa(n), q.Text, q.Answer, Display(q.PublishedAt, "nb")})
	}
	w.Flush()
	return b.Bytes()
}

// AddConferenceQuestion records a question raised at the bidders'
// conference, with its answer, in the same log (officers). The conference
// is open to every candidate, so an answered question is published at
// once.
//
// Errors: unauthorized, forbidden, not found, invalid (text, answer),
// conflict "procurement.opened".
func (m *Manager) AddConferenceQuestion(ctx context.Context, p domain.Principal, tender domain.ID, text, answer string) (Question, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActQuestionAnswer)
	if err != nil {
		return Question{}, err
	}
	text, answer = strings.TrimSpace(text), strings.TrimSpace(answer)
	errs := checkQuestion("text", text)
	errs = domain.MaxLen(errs, "answer", answer, maxQuestion)
	if len(errs) > 0 {
		return Question{}, domain.Invalid("error.invalid_fields", errs...)
	}
	if t.Status == StatusOpened {
		return Question{}, m.refuse(ctx, p, tender, ActQuestionAnswer, "question", domain.Conflict("procurement.opened"))
	}
	now := m.now()
	q := Question{CollaborationID: p.CollaborationID, TenderID: tender, Source: SourceConference, Text: text, AskedAt: now, Version: 1}
	if answer != "" {
		q.Answer, q.AnsweredBy, q.AnsweredAt, q.PublishedAt = answer, p.Name, now, now
	}
	var notices []Notice
	err = m.logged(ctx, p, tender, ActQuestionAnswer, "question", func(s Store) error {
		id, err := s.CreateQuestion(ctx, q)
		if err != nil {
			return err
		}
		q.ID = id
		if answer != "" {
			if notices, err = m.publishQA(ctx, s, p, t); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, tender, ActQuestionAnswer, obj("question", id), SourceConference, OutcomeOK)
	})
	if err != nil {
		return Question{}, err
	}
	m.mail(ctx, t, notices...)
	return m.store.Question(ctx, p.CollaborationID, tender, q.ID)
}
