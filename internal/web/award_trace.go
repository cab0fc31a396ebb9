package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Traceability (GET /procurement/{tender}/trace and …/trace/{requirement}):
// the specification's requirements with the links of each chain that are
// broken, and one requirement's whole chain — the process step it came
// from, the requirement, each bid's answer and points, the contract's
// commitment, the realisation indicator and its latest measurement — with
// links both ways.

// traceRow is one requirement's chain as the list and the chain page show
// it: the service of its source named, the broken links worded.
type traceRow struct {
	procurement.TraceChain
	Service string
	Slug    string
	Broken  []string
	Answers []traceAnswerRow
}

// traceAnswerRow is one bid's answer with whether it meets the
// requirement worded.
type traceAnswerRow struct {
	procurement.TraceAnswer
	Met string
}

type traceData struct {
	procView
	Tabs  tenderTabs
	Rows  []traceRow
	Chain traceRow
	Whole int
}

// brokenLabel words a broken link of a chain.
func brokenLabel(l i18n.Lang, link string) string {
	switch link {
	case procurement.LinkSource:
		return l.T("tracing.broken.source")
	case procurement.LinkAnswers:
		return l.T("tracing.broken.answers")
	case procurement.LinkCommitment:
		return l.T("tracing.broken.commitment")
	case procurement.LinkIndicator:
		return l.T("tracing.broken.indicator")
	}
	return link
}

// traceRows names the services of the chains' sources and words their
// broken links.
func (s *Server) traceRows(r *http.Request, chains []procurement.TraceChain) ([]traceRow, error) {
	l := lang(r)
	services, err := s.Catalogue.Services(r.Context(), reqOf(r).Principal)
	if err != nil {
		return nil, err
	}
	out := make([]traceRow, 0, len(chains))
	for _, ch := range chains {
		row := traceRow{TraceChain: ch}
		svc := ch.Requirement.ServiceID
		if ch.Source != nil {
			svc = ch.Source.ServiceID
		}
		for _, sv := range services {
			if sv.ID == svc {
				row.Service, row.Slug = sv.Name(l.Code()), sv.Slug
			}
		}
		for _, a := range ch.Answers {
			row.Answers = append(row.Answers, traceAnswerRow{TraceAnswer: a, Met: metLabel(l, a.Answer)})
		}
		for _, b := range ch.Broken {
			row.Broken = append(row.Broken, brokenLabel(l, b))
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) tracePage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	chains, err := s.Procurement.Traceability(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return err
	}
	d := traceData{procView: s.procView(r), Tabs: s.tabs(r, t, "trace")}
	if d.Rows, err = s.traceRows(r, chains); err != nil {
		return err
	}
	for _, row := range d.Rows {
		if len(row.Broken) == 0 {
			d.Whole++
		}
	}
	l := lang(r)
	return s.render(w, r, http.StatusOK, "award_trace", s.newPage(r, "procurement", tenderTitle(l, "tracing.title", t), d))
}

func (s *Server) traceChainPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "requirement")
	if err != nil {
		return err
	}
	ch, err := s.Procurement.Trace(r.Context(), reqOf(r).Principal, t.ID, id)
	if err != nil {
		return err
	}
	rows, err := s.traceRows(r, []procurement.TraceChain{ch})
	if err != nil {
		return err
	}
	d := traceData{procView: s.procView(r), Tabs: s.tabs(r, t, "trace"), Chain: rows[0]}
	l := lang(r)
	title := l.T("tracing.chain_title", ch.Requirement.Number) + " – " + t.Reference
	return s.render(w, r, http.StatusOK, "award_trace_chain", s.newPage(r, "procurement", title, d))
}

// metLabel words whether a bid was found to meet a requirement.
func metLabel(l i18n.Lang, a *procurement.Answer) string {
	switch {
	case a == nil || a.Met == nil:
		return l.T("tracing.unchecked")
	case *a.Met:
		return l.T("tracing.met")
	}
	return l.T("tracing.not_met")
}
