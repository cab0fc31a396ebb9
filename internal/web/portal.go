package web

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The supplier portal's pages. The procurement manager decides everything
// (who sees which tender, what a supplier may see of it, whether a bid is in
// time); the handlers read the door's input, call it and show the answer in
// Oslo time and the user's language.

// maySupply is the portal's right decided before a bid's body is read: only
// supplier users send bids, so nobody else uploads files here. The manager
// still decides in full (organisation, tender, deadline).
func (s *Server) maySupply(r *http.Request) error {
	p := reqOf(r).Principal
	if !p.Has(domain.RoleSupplier) || p.System {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// portalRow is one tender of the portal's list.
type portalRow struct {
	ID        domain.ID
	Reference string
	Title     string
	Procedure string
	State     string
	Deadline  string
	Invited   bool
	HasBid    bool
}

type portalListData struct {
	Organisation    procurement.Supplier
	HasOrganisation bool
	Tenders         []portalRow
	// Notices are the latest notices of every tender listed, newest first.
	Notices []portalListNotice
}

// portalListNotice is a notice on the portal's front page, with its tender.
type portalListNotice struct {
	TenderID domain.ID
	Tender   string
	portalNotice
	at time.Time
}

// portalListNotices is how many notices the front page shows.
const portalListNotices = 10

// portalList is the portal's front page: the organisation and the tenders
// it may see. Supplier-only users land here from the dashboard too.
func (s *Server) portalList(w http.ResponseWriter, r *http.Request) error {
	l := lang(r)
	d, err := s.portalListOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "portal_tenders", s.newPage(r, "portal", l.T("portal.title"), d))
}

func (s *Server) portalListOf(r *http.Request) (portalListData, error) {
	ctx, p, l := r.Context(), reqOf(r).Principal, lang(r)
	org, ok, err := s.Procurement.PortalOrganisation(ctx, p)
	if err != nil {
		return portalListData{}, err
	}
	d := portalListData{Organisation: org, HasOrganisation: ok}
	if !ok {
		return d, nil
	}
	list, err := s.Procurement.PortalTenders(ctx, p)
	if err != nil {
		return portalListData{}, err
	}
	for _, pt := range list {
		d.Tenders = append(d.Tenders, portalRow{ID: pt.Tender.ID, Reference: pt.Tender.Reference, Title: pt.Tender.Title,
			Procedure: l.T("procurement.procedure." + pt.Tender.Procedure), State: pt.State,
			Deadline: procurement.Display(pt.Tender.Deadline(), l.Code()), Invited: pt.Invited, HasBid: pt.HasBid})
		v, err := s.Procurement.PortalTender(ctx, p, pt.Tender.ID)
		if err != nil {
			return portalListData{}, err
		}
		for _, n := range v.Notices {
			d.Notices = append(d.Notices, portalListNotice{TenderID: pt.Tender.ID, Tender: pt.Tender.Title, at: n.At,
				portalNotice: portalNotice{Kind: n.Kind, Detail: n.Detail, At: procurement.Display(n.At, l.Code())}})
		}
	}
	slices.SortStableFunc(d.Notices, func(a, b portalListNotice) int { return b.at.Compare(a.at) })
	if len(d.Notices) > portalListNotices {
		d.Notices = d.Notices[:portalListNotices]
	}
	return d, nil
}

// portalMilestone is a dated step of the tender as shown.
type portalMilestone struct {
	Kind string
	At   string
}

type portalDocVersion struct {
	N        int
	FileName string
	At       string
	Size     string
	SHA256   template.HTML
	Note     string
	URL      string
}

type portalDoc struct {
	ID       domain.ID
	Title    string
	Kind     string
	Versions []portalDocVersion
}

// portalQuestion is a question as the portal shows it: published answers
// carry no asker, the organisation's own questions carry their status.
type portalQuestion struct {
	ID       domain.ID
	Text     string
	Answer   string
	AskedAt  string
	Answered string
	Status   string
}

type portalNotice struct {
	Kind   string
	Detail string
	At     string
}

type portalLot struct {
	Number int
	Title  string
	Field  string
	Value  string
}

// portalFieldMessage is one line of a refused form's summary.
type portalFieldMessage struct {
	Field, Label, Message string
}

type portalTenderData struct {
	View        procurement.PortalView
	Procedure   string
	Deadline    string
	Milestones  []portalMilestone
	Documents   []portalDoc
	Answers     []portalQuestion
	MyQuestions []portalQuestion
	Notices     []portalNotice
	Lots        []portalLot
	Receipt     *portalReceipt
	// What was typed, shown again when the form is refused.
	Total, Note, Question string
	// Form names the form a refusal belongs to ("bid" or "question").
	Form    string
	Summary []portalFieldMessage
	Accept  string
	Limits  procurement.FileLimits
	// FileMiB and BidMiB are the limits per file and per bid in MiB.
	FileMiB, BidMiB int64
	Asked           bool
}

// portalTenderOf builds the tender page's data.
func (s *Server) portalTenderOf(r *http.Request, id domain.ID) (portalTenderData, error) {
	l := lang(r)
	v, err := s.Procurement.PortalTender(r.Context(), reqOf(r).Principal, id)
	if err != nil {
		return portalTenderData{}, err
	}
	t := v.Tender
	d := portalTenderData{View: v, Procedure: l.T("procurement.procedure." + t.Procedure),
		Deadline: procurement.Display(t.Deadline(), l.Code()), Accept: strings.Join(procurement.FileExtensions, ","),
		Limits: s.Procurement.FileLimits()}
	d.FileMiB, d.BidMiB = d.Limits.MaxFileBytes>>20, d.Limits.MaxBidBytes>>20
	ms := slices.Clone(t.Milestones)
	slices.SortStableFunc(ms, func(a, b procurement.Milestone) int {
		return cmp.Compare(slices.Index(procurement.MilestoneKinds, a.Kind), slices.Index(procurement.MilestoneKinds, b.Kind))
	})
	for _, m := range ms {
		if m.At.IsZero() || !slices.Contains(procurement.MilestoneKinds, m.Kind) {
			continue
		}
		d.Milestones = append(d.Milestones, portalMilestone{Kind: m.Kind, At: procurement.Display(m.At, l.Code())})
	}
	for _, doc := range v.Documents {
		pd := portalDoc{ID: doc.ID, Title: doc.Title, Kind: doc.Kind}
		for _, dv := range doc.Versions {
			pd.Versions = append(pd.Versions, portalDocVersion{N: dv.N, FileName: dv.FileName, At: procurement.Display(dv.At, l.Code()),
				Size: byteSize(l, dv.Size), SHA256: breakable(dv.SHA256), Note: dv.Note,
				URL: portalDocURL(t.ID, doc.ID, dv.N)})
		}
		d.Documents = append(d.Documents, pd)
	}
	for _, q := range v.Answers {
		d.Answers = append(d.Answers, portalQuestion{Text: q.Text, Answer: q.Answer, Answered: procurement.Display(q.PublishedAt, l.Code())})
	}
	for _, q := range v.MyQuestions {
		d.MyQuestions = append(d.MyQuestions, portalQuestion{ID: q.ID, Text: q.Text, Answer: q.Answer,
			AskedAt: procurement.Display(q.AskedAt, l.Code()), Answered: procurement.Display(q.AnsweredAt, l.Code()),
			Status: questionStatus(q)})
	}
	for _, n := range v.Notices {
		d.Notices = append(d.Notices, portalNotice{Kind: n.Kind, Detail: n.Detail, At: procurement.Display(n.At, l.Code())})
	}
	for _, lot := range t.Lots {
		d.Lots = append(d.Lots, portalLot{Number: lot.Number, Title: lot.Title, Field: lotField(lot.Number)})
	}
	if v.Receipt != nil {
		rc := receiptOf(l, *v.Receipt)
		d.Receipt = &rc
	}
	return d, nil
}

// Question statuses as the portal names them (portal.question_status.*).
const (
	questionAwaiting  = "awaiting"
	questionAnswered  = "answered"
	questionPublished = "published"
)

func questionStatus(q procurement.Question) string {
	switch {
	case !q.PublishedAt.IsZero():
		return questionPublished
	case q.Answer != "":
		return questionAnswered
	}
	return questionAwaiting
}

func lotField(n int) string { return "lot_" + strconv.Itoa(n) }

// byteSize writes a size in bytes in the user's language.
func byteSize(l i18n.Lang, n int64) string {
	switch {
	case n >= 1<<20:
		return l.Number(float64(n)/(1<<20), 1) + " MiB"
	case n >= 1<<10:
		return l.Number(float64(n)/(1<<10), 1) + " KiB"
	}
	return l.T("portal.bytes", l.Number(float64(n), 0))
}

func (s *Server) portalTender(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	d, err := s.portalTenderOf(r, id)
	if err != nil {
		return err
	}
	d.Asked = r.URL.Query().Get("asked") == "1"
	return s.renderPortalTender(w, r, http.StatusOK, d, nil)
}

// renderPortalTender shows the tender page, with a refused form's
// messages when err is set.
func (s *Server) renderPortalTender(w http.ResponseWriter, r *http.Request, status int, d portalTenderData, err error) error {
	l := lang(r)
	p := s.newPage(r, "portal", d.View.Tender.Title, d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
		for _, f := range slices.Sorted(mapKeys(p.Errors)) {
			d.Summary = append(d.Summary, portalFieldMessage{Field: f, Label: portalFieldLabel(l, f), Message: p.Errors[f]})
		}
		p.Data = d
	}
	return s.render(w, r, status, "portal_tender", p)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// portalFieldLabel names a portal form's field in a refusal's summary.
func portalFieldLabel(l i18n.Lang, field string) string {
	if n, ok := strings.CutPrefix(field, "lot_"); ok {
		return l.T("portal.field.lot", n)
	}
	switch field {
	case "total", "note", "files", "text":
		return l.T("portal.field." + field)
	}
	return field
}

// lotPath matches the manager's path of a lot's price ("lots[3]" or
// "lots.3", the lot's number).
var lotPath = regexp.MustCompile(`^lots(?:\[(\d+)\]|\.(\d+))$`)

// bidFieldName is the bid form's field of a path the manager reports:
// every file's message at the file input, each lot at its own field.
func bidFieldName(path string) string {
	if m := lotPath.FindStringSubmatch(path); m != nil {
		return "lot_" + m[1] + m[2]
	}
	if strings.HasPrefix(path, "files[") || path == "files" {
		return "files"
	}
	return path
}

// askQuestion sends the organisation's question to the buyer.
func (s *Server) askQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	text := r.FormValue("text")
	_, err = s.Procurement.Ask(r.Context(), reqOf(r).Principal, id, text)
	if err == nil {
		return redirect(w, r, fmt.Sprintf("/portal/tenders/%d?asked=1#my-questions", id))
	}
	status, ok := formStatus(err)
	if !ok {
		return err
	}
	d, derr := s.portalTenderOf(r, id)
	if derr != nil {
		return derr
	}
	d.Question, d.Form = text, "question"
	return s.renderPortalTender(w, r, status, d, err)
}

// submitBid reads the price form and the files (the whole body, under the
// route's limit) and hands them to the manager, which reads its clock at
// the start: a refused bid leaves the earlier one as it was.
func (s *Server) submitBid(w http.ResponseWriter, r *http.Request) error {
	if err := s.maySupply(r); err != nil {
		return err
	}
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		if tl, ok := tooLarge(err); ok {
			return tl
		}
	}
	in := procurement.BidInput{Total: r.FormValue("total"), Note: r.FormValue("note")}
	for key, vals := range r.Form {
		n, ok := strings.CutPrefix(key, "lot_")
		if !ok || len(vals) == 0 {
			continue
		}
		num, err := strconv.Atoi(n)
		if err != nil || num <= 0 {
			continue // no lot of the form is named so
		}
		if in.Lots == nil {
			in.Lots = map[int]string{}
		}
		in.Lots[num] = vals[0]
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			if fh.Filename == "" && fh.Size == 0 {
				continue // the file input left empty
			}
			f, err := fh.Open()
			if err != nil {
				return domain.Internal(err)
			}
			content, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return domain.Internal(err)
			}
			in.Files = append(in.Files, procurement.File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: content})
		}
	}
	rec, err := s.Procurement.SubmitBid(r.Context(), reqOf(r).Principal, id, in)
	if err == nil {
		// Shown at once rather than redirected to: the file names are
		// sealed with the bid, so only this answer can name them; the
		// receipt's own address shows sizes and digests.
		return s.renderReceipt(w, r, id, rec, "submitted")
	}
	status, ok := formStatus(err)
	if !ok {
		return err
	}
	d, derr := s.portalTenderOf(r, id)
	if derr != nil {
		return derr
	}
	d.Total, d.Note, d.Form = in.Total, in.Note, "bid"
	for i := range d.Lots {
		d.Lots[i].Value = in.Lots[d.Lots[i].Number]
	}
	return s.renderPortalTender(w, r, status, d, renameFields(err, bidFieldName))
}

type portalWithdrawData struct {
	Tender  procurement.Tender
	Receipt portalReceipt
}

// withdrawBid withdraws the organisation's bid after a confirmation step:
// without confirm=yes it shows what would be withdrawn and asks.
func (s *Server) withdrawBid(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	l := lang(r)
	if r.FormValue("confirm") != "yes" {
		d, err := s.portalTenderOf(r, id)
		if err != nil {
			return err
		}
		if d.Receipt == nil || d.Receipt.Status != procurement.BidSubmitted {
			return domain.Conflict("portal.no_bid")
		}
		return s.render(w, r, http.StatusOK, "portal_withdraw",
			s.newPage(r, "portal", l.T("portal.withdraw.title"), portalWithdrawData{Tender: d.View.Tender, Receipt: *d.Receipt}))
	}
	rec, err := s.Procurement.WithdrawBid(r.Context(), reqOf(r).Principal, id)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/portal/tenders/%d/receipts/%d?done=withdrawn", id, rec.BidID))
}

// portalDocument downloads one version of a published document (the
// manager logs it), as an attachment under its cleaned name.
func (s *Server) portalDocument(w http.ResponseWriter, r *http.Request) error {
	tid, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		return domain.NotFound("error.page_not_found")
	}
	v, f, err := s.Procurement.PortalDocument(r.Context(), reqOf(r).Principal, tid, doc, n)
	if err != nil {
		return err
	}
	name := procurement.CleanFileName(cmp.Or(f.Name, v.FileName))
	ct := cmp.Or(f.ContentType, v.ContentType)
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", attachment(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(f.Content)
	return nil
}

// attachment is a Content-Disposition header for a download named name,
// with an ASCII fallback for old clients and the UTF-8 name (RFC 6266).
func attachment(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" && ascii == name {
		return v
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, pathEscapeRFC5987(name))
}

// pathEscapeRFC5987 percent-encodes everything but RFC 5987's attr-chars.
func pathEscapeRFC5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// portalReceipt is a receipt as shown and printed.
type portalReceipt struct {
	BidID      domain.ID
	Tender     string
	Supplier   string
	Status     string
	ReceivedAt string
	ChangedAt  string
	Digest     template.HTML
	Size       string
	Files      []portalReceiptFile
}

type portalReceiptFile struct {
	N      int
	Name   string
	Size   string
	SHA256 template.HTML
}

func receiptOf(l i18n.Lang, rc procurement.Receipt) portalReceipt {
	out := portalReceipt{BidID: rc.BidID, Tender: rc.Tender, Supplier: rc.Supplier, Status: rc.Status,
		ReceivedAt: procurement.Exact(rc.ReceivedAt), Digest: breakable(rc.Digest), Size: byteSize(l, rc.Size)}
	if !rc.ChangedAt.IsZero() {
		out.ChangedAt = procurement.Exact(rc.ChangedAt)
	}
	for i, f := range rc.Files {
		out.Files = append(out.Files, portalReceiptFile{N: i + 1, Name: f.Name, Size: byteSize(l, f.Size), SHA256: breakable(f.SHA256)})
	}
	return out
}

type portalReceiptData struct {
	TenderID  domain.ID
	Receipt   portalReceipt
	Submitted bool
	Withdrawn bool
	Printed   string
	// URL is the receipt's own address, to come back to.
	URL string
}

// portalReceipt shows one of the organisation's own receipts; another
// supplier's is not found.
func (s *Server) portalReceiptPage(w http.ResponseWriter, r *http.Request) error {
	tid, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	bid, err := pathID(r, "bid")
	if err != nil {
		return err
	}
	rc, err := s.Procurement.Receipt(r.Context(), reqOf(r).Principal, tid, bid)
	if err != nil {
		return err
	}
	return s.renderReceipt(w, r, tid, rc, r.URL.Query().Get("done"))
}

// renderReceipt shows a receipt; done is what just happened to the bid
// ("submitted", "withdrawn" or "").
func (s *Server) renderReceipt(w http.ResponseWriter, r *http.Request, tender domain.ID, rc procurement.Receipt, done string) error {
	l := lang(r)
	now := time.Now()
	if s.Clock != nil {
		now = s.Clock.Now()
	}
	d := portalReceiptData{TenderID: tender, Receipt: receiptOf(l, rc), Submitted: done == "submitted",
		Withdrawn: done == "withdrawn", Printed: procurement.Display(now, l.Code()),
		URL: fmt.Sprintf("/portal/tenders/%d/receipts/%d", tender, rc.BidID)}
	return s.render(w, r, http.StatusOK, "portal_receipt", s.newPage(r, "portal", l.T("portal.receipt.title"), d))
}

type portalQuestionData struct {
	TenderID domain.ID
	Tender   string
	Question portalQuestion
}

// portalQuestionPage shows one of the organisation's own questions with
// its status; another supplier's question is not found.
func (s *Server) portalQuestionPage(w http.ResponseWriter, r *http.Request) error {
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
	v, err := s.Procurement.PortalTender(r.Context(), reqOf(r).Principal, tid)
	if err != nil {
		return err
	}
	l := lang(r)
	d := portalQuestionData{TenderID: tid, Tender: v.Tender.Title, Question: portalQuestion{Text: q.Text, Answer: q.Answer,
		AskedAt: procurement.Display(q.AskedAt, l.Code()), Answered: procurement.Display(q.AnsweredAt, l.Code()), Status: questionStatus(q)}}
	return s.render(w, r, http.StatusOK, "portal_question", s.newPage(r, "portal", l.T("portal.question"), d))
}

// breakable writes a digest so that a narrow screen may wrap it: a
// break opportunity (<wbr>) after every 16 characters, the text itself
// unchanged for reading and copying (WCAG 1.4.10, reflow).
func breakable(digest string) template.HTML {
	var b strings.Builder
	for i := 0; i < len(digest); i += 16 {
		if i > 0 {
			b.WriteString("<wbr>")
		}
		b.WriteString(template.HTMLEscapeString(digest[i:min(i+16, len(digest))]))
	}
	return template.HTML(b.String())
}
