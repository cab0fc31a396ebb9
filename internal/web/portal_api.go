package web

import (
	"net/http"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The portal's JSON API: the same manager calls as the pages, and only
// what a supplier may see of a tender (never its officers, dialogue notes
// or other suppliers' questions).

type apiPortalOrganisation struct {
	ID        domain.ID `json:"id"`
	Name      string    `json:"name"`
	OrgNumber string    `json:"org_number"`
}

type apiPortalTenderRow struct {
	ID        domain.ID `json:"id"`
	Reference string    `json:"reference"`
	Title     string    `json:"title"`
	Procedure string    `json:"procedure"`
	State     string    `json:"state"`
	Deadline  time.Time `json:"deadline,omitzero"`
	Invited   bool      `json:"invited"`
	HasBid    bool      `json:"has_bid"`
}

type apiPortalList struct {
	// Organisation is null for a supplier user not linked to one.
	Organisation *apiPortalOrganisation `json:"organisation"`
	Tenders      []apiPortalTenderRow   `json:"tenders"`
}

func (s *Server) apiPortalTenders(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), reqOf(r).Principal
	org, ok, err := s.Procurement.PortalOrganisation(ctx, p)
	if err != nil {
		return err
	}
	out := apiPortalList{Tenders: []apiPortalTenderRow{}}
	if ok {
		out.Organisation = &apiPortalOrganisation{ID: org.ID, Name: org.Name, OrgNumber: org.OrgNumber}
		list, err := s.Procurement.PortalTenders(ctx, p)
		if err != nil {
			return err
		}
		for _, pt := range list {
			out.Tenders = append(out.Tenders, apiPortalTenderRow{ID: pt.Tender.ID, Reference: pt.Tender.Reference,
				Title: pt.Tender.Title, Procedure: pt.Tender.Procedure, State: pt.State, Deadline: pt.Tender.Deadline(),
				Invited: pt.Invited, HasBid: pt.HasBid})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiPortalAnswer struct {
	Question    string    `json:"question"`
	Answer      string    `json:"answer"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

type apiPortalQuestion struct {
	ID          domain.ID `json:"id"`
	Text        string    `json:"text"`
	Status      string    `json:"status"`
	AskedAt     time.Time `json:"asked_at"`
	Answer      string    `json:"answer,omitempty"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

type apiPortalDocument struct {
	ID       domain.ID             `json:"id"`
	Kind     string                `json:"kind"`
	Title    string                `json:"title"`
	Versions []apiPortalDocVersion `json:"versions"`
}

type apiPortalDocVersion struct {
	N           int       `json:"n"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Note        string    `json:"note"`
	At          time.Time `json:"at"`
	URL         string    `json:"url"`
}

type apiPortalTender struct {
	ID          domain.ID               `json:"id"`
	Reference   string                  `json:"reference"`
	Title       string                  `json:"title"`
	Description string                  `json:"description"`
	Procedure   string                  `json:"procedure"`
	State       string                  `json:"state"`
	CPV         string                  `json:"cpv"`
	Lots        []procurement.Lot       `json:"lots"`
	Milestones  []procurement.Milestone `json:"milestones"`
	Supplier    apiPortalOrganisation   `json:"supplier"`
	Documents   []apiPortalDocument     `json:"documents"`
	Answers     []apiPortalAnswer       `json:"answers"`
	MyQuestions []apiPortalQuestion     `json:"my_questions"`
	Notices     []procurement.Notice    `json:"notices"`
	Receipt     *procurement.Receipt    `json:"receipt"`
	CanBid      bool                    `json:"can_bid"`
}

func portalTenderJSON(v procurement.PortalView) apiPortalTender {
	t := v.Tender
	out := apiPortalTender{ID: t.ID, Reference: t.Reference, Title: t.Title, Description: t.Description,
		Procedure: t.Procedure, State: v.State, CPV: t.CPV, Lots: t.Lots, Milestones: t.Milestones,
		Supplier:  apiPortalOrganisation{ID: v.Supplier.ID, Name: v.Supplier.Name, OrgNumber: v.Supplier.OrgNumber},
		Documents: []apiPortalDocument{}, Answers: []apiPortalAnswer{}, MyQuestions: []apiPortalQuestion{},
		Notices: v.Notices, Receipt: v.Receipt, CanBid: v.CanBid}
	if out.Lots == nil {
		out.Lots = []procurement.Lot{}
	}
	if out.Milestones == nil {
		out.Milestones = []procurement.Milestone{}
	}
	if out.Notices == nil {
		out.Notices = []procurement.Notice{}
	}
	for _, d := range v.Documents {
		ad := apiPortalDocument{ID: d.ID, Kind: d.Kind, Title: d.Title, Versions: []apiPortalDocVersion{}}
		for _, dv := range d.Versions {
			ad.Versions = append(ad.Versions, apiPortalDocVersion{N: dv.N, FileName: dv.FileName, ContentType: dv.ContentType,
				Size: dv.Size, SHA256: dv.SHA256, Note: dv.Note, At: dv.At,
				URL: portalDocURL(t.ID, d.ID, dv.N)})
		}
		out.Documents = append(out.Documents, ad)
	}
	for _, q := range v.Answers {
		out.Answers = append(out.Answers, apiPortalAnswer{Question: q.Text, Answer: q.Answer, PublishedAt: q.PublishedAt})
	}
	for _, q := range v.MyQuestions {
		out.MyQuestions = append(out.MyQuestions, portalQuestionJSON(q))
	}
	return out
}

func portalQuestionJSON(q procurement.Question) apiPortalQuestion {
	return apiPortalQuestion{ID: q.ID, Text: q.Text, Status: questionStatus(q), AskedAt: q.AskedAt,
		Answer: q.Answer, AnsweredAt: q.AnsweredAt, PublishedAt: q.PublishedAt}
}

func (s *Server) apiPortalTender(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	v, err := s.Procurement.PortalTender(r.Context(), reqOf(r).Principal, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, portalTenderJSON(v))
	return nil
}

type apiPortalAsk struct {
	Text string `json:"text"`
}

func (s *Server) apiPortalAsk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	var in apiPortalAsk
	if err := decode(r, &in); err != nil {
		return err
	}
	q, err := s.Procurement.Ask(r.Context(), reqOf(r).Principal, id, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, portalQuestionJSON(q))
	return nil
}

func (s *Server) apiPortalQuestion(w http.ResponseWriter, r *http.Request) error {
	tid, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	qid, err := pathID(r, "question")
	if err != nil {
		return err
	}
	q, err := s.Procurement.PortalQuestion(r.Context(), reqOf(r).Principal, tid, qid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, portalQuestionJSON(q))
	return nil
}
