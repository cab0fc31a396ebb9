package record

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Kind says how a Line is laid out.
type Kind int

// The kinds of line.
const (
	// KindTitle is the document's title; its At is the dossier's last event.
	KindTitle Kind = iota
	// KindHeading is a numbered section.
	KindHeading
	// KindSub is a heading inside a section.
	KindSub
	// KindRow is a key and its value.
	KindRow
	// KindText is a paragraph.
	KindText
	// KindTable has a header (Head) and rows of cells (Rows).
	KindTable
)

// Line is one element of the record: the structure both the PDF and the
// golden text are written from.
type Line struct {
	Kind  Kind
	Text  string
	Value string
	Head  []string
	Rows  [][]string
	// At is set on the KindTitle line: the last event of the dossier, used as
	// the PDF's creation date so the same dossier gives the same file.
	At time.Time
}

// builder collects the lines of one record.
type builder struct {
	l     lex
	d     procurement.Dossier
	lines []Line
}

func (b *builder) heading(key string) {
	b.lines = append(b.lines, Line{Kind: KindHeading, Text: b.l.t(key)})
}
func (b *builder) sub(text string)  { b.lines = append(b.lines, Line{Kind: KindSub, Text: text}) }
func (b *builder) text(text string) { b.lines = append(b.lines, Line{Kind: KindText, Text: text}) }
func (b *builder) row(key, value string) {
	b.lines = append(b.lines, Line{Kind: KindRow, Text: b.l.t(key), Value: value})
}
func (b *builder) table(head []string, rows [][]string) {
	b.lines = append(b.lines, Line{Kind: KindTable, Head: head, Rows: rows})
}

// cols translates column keys.
func (b *builder) cols(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = b.l.t("col." + k)
	}
	return out
}

// Lines writes the procurement record (anskaffelsesprotokoll) of d in lang
// ("nb", the default, or "en"): what happened, section by section, from
// the buyer and the procurement to the contract. A section with nothing
// recorded says so. Questions are anonymised; times are Oslo time.
//
// What a record must hold depends on the part (FOA §§ 7-1, 10-5, 25-5 and
// 30-1 as listed by the ministry, regjeringen.no id2518875 "Protokoller"):
// part I has no prescribed form beyond § 7-1's duty to keep the
// documentation that justifies the key decisions (regjeringen.no id2539133
// "Dokumentasjonsplikten og anskaffelsesprotokoll"; anskaffelser.no
// "Etablere anskaffingsprotokoll" advises keeping it as a record anyway),
// so it gets the simplified form; parts II and III keep a record of their
// own (§ 10-5 and § 25-5), the forms "del I og II" and "del I og III"
// (dinanbudstekst.no "Anskaffelsesprotokoll"). This record carries every
// section for every part: what a part does not require is still what
// happened. The exact wording of §§ 10-5, 25-5 and 30-1 was not found
// through search; the sections follow the ministry's and DFØ's
// descriptions (buyer, subject and value, procedure, suppliers taking
// part and rejected, the choice of supplier and why).
func Lines(d procurement.Dossier, lang string) []Line {
	b := &builder{l: newLex(lang), d: d}
	b.lines = append(b.lines, Line{Kind: KindTitle, Text: b.l.t("title") + " " + d.Tender.Reference, At: LastEvent(d)})
	b.row("form", b.l.t("form_"+d.Part.Key()))
	b.text(b.l.t("generated", b.l.when(LastEvent(d))))
	b.buyer()
	b.dialogue()
	b.notice()
	b.candidates()
	b.questions()
	b.bids()
	b.opening()
	b.evaluation()
	b.award()
	b.letters()
	b.complaints()
	b.contract()
	return b.lines
}

// LastEvent is the latest time the dossier records: the record's date.
func LastEvent(d procurement.Dossier) time.Time {
	last := d.Tender.UpdatedAt
	later := func(t time.Time) {
		if t.After(last) {
			last = t
		}
	}
	later(d.Tender.CreatedAt)
	later(d.Tender.OpenedAt)
	for _, x := range d.Bids {
		later(x.ReceivedAt)
		later(x.ChangedAt)
	}
	for _, q := range d.Questions {
		later(q.AskedAt)
		later(q.AnsweredAt)
	}
	for _, doc := range d.Documents {
		for _, v := range doc.Versions {
			later(v.At)
		}
	}
	if d.Opening != nil {
		later(d.Opening.OpenedAt)
	}
	if d.Evaluation != nil {
		later(d.Evaluation.UpdatedAt)
		for _, r := range d.Evaluation.Rejections {
			later(r.At)
		}
	}
	if d.Award != nil {
		later(d.Award.DecidedAt)
		later(d.Award.NotifiedAt)
	}
	for _, x := range d.Letters {
		later(x.SentAt)
	}
	for _, c := range d.Complaints {
		later(c.ReceivedAt)
		later(c.AnsweredAt)
	}
	if d.Contract != nil {
		later(d.Contract.SignedAt)
	}
	return last.UTC()
}

func (b *builder) supplier(id domain.ID) string {
	if n := b.d.SupplierName(id); n != "" {
		return n
	}
	return b.l.t("unknown")
}

func (b *builder) orgNumber(id domain.ID) string {
	for _, s := range b.d.Suppliers {
		if s.ID == id {
			return s.OrgNumber
		}
	}
	return ""
}

// bidSupplier names the supplier of a bid.
func (b *builder) bidSupplier(bid domain.ID) string {
	for _, x := range b.d.Bids {
		if x.ID == bid {
			return b.supplier(x.SupplierID)
		}
	}
	if b.d.Opening != nil {
		for _, o := range b.d.Opening.Bids {
			if o.BidID == bid {
				return o.Supplier
			}
		}
	}
	return b.l.t("unknown")
}

func orDash(l lex, s string) string {
	if strings.TrimSpace(s) == "" {
		return l.t("none_given")
	}
	return s
}

func (b *builder) buyer() {
	t, l := b.d.Tender, b.l
	b.heading("s1")
	b.row("buyer", orDash(l, t.Buyer.Name))
	b.row("orgnr", orDash(l, t.Buyer.OrgNumber))
	addr := strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{t.Buyer.Street, strings.TrimSpace(t.Buyer.PostCode + " " + t.Buyer.Town)},
		func(s string) bool { return strings.TrimSpace(s) == "" }), ", "))
	b.row("address", orDash(l, addr))
	b.row("reference", t.Reference)
	b.row("tender_title", t.Title)
	b.row("description", orDash(l, t.Description))
	if len(b.d.Services) > 0 {
		names := make([]string, len(b.d.Services))
		for i, s := range b.d.Services {
			names[i] = cmp.Or(s.Name, s.Slug, "#"+strconv.FormatInt(s.ID, 10))
		}
		b.row("services", strings.Join(names, ", "))
	}
	b.row("estimate", l.nok(t.EstimatedValue))
	b.row("part", l.ui.T("procurement.part."+b.d.Part.Key()))
	th := b.d.Thresholds
	if th == (procurement.Thresholds{}) {
		th = procurement.DefaultThresholds()
	}
	b.row("thresholds", l.t("thresholds.v", l.nok(th.Minimum), l.nok(th.National), l.nok(th.EEAGoodsServices), l.nok(th.EEAWorks)))
	b.row("procedure", l.ui.T("procurement.procedure."+t.Procedure))
	b.row("cpv", orDash(l, t.CPV))
	if len(t.Lots) > 0 {
		var rows [][]string
		for _, lot := range t.Lots {
			rows = append(rows, []string{strconv.Itoa(lot.Number), lot.Title, l.nok(lot.EstimatedValue)})
		}
		b.sub(l.t("lots"))
		b.table([]string{l.t("col.no"), l.t("col.title"), l.t("estimate")}, rows)
	}
	b.text(l.t("keep"))
}

func (b *builder) dialogue() {
	dl, l := b.d.Tender.Dialogue, b.l
	b.heading("s2")
	if dl.Conference.At.IsZero() && len(dl.Meetings) == 0 && len(dl.Interested) == 0 && len(dl.Learnings) == 0 {
		b.text(l.t("dialogue.none"))
		return
	}
	if !dl.Conference.At.IsZero() {
		b.sub(l.t("conference") + " " + l.when(dl.Conference.At))
		b.row("participants", b.names(dl.Conference.Participants))
		b.row("material", strconv.Itoa(len(dl.Conference.Material)))
		b.row("minutes", b.kept(dl.Conference.Minutes))
	}
	if len(dl.Interested) > 0 {
		b.row("interested", b.names(dl.Interested))
	}
	if len(dl.Meetings) > 0 {
		b.sub(l.t("meetings"))
		var rows [][]string
		for _, m := range dl.Meetings {
			rows = append(rows, []string{b.supplier(m.SupplierID), l.when(m.Start), l.t("min", m.Minutes), l.yesNo(m.Held), b.kept(m.Notes)})
		}
		b.table(b.cols("supplier", "start", "length", "held", "minutes"), rows)
	}
	b.sub(l.t("equal"))
	findings := procurement.EqualTreatment(dl, b.d.Documents)
	if len(findings) == 0 {
		b.text(l.t("equal.ok"))
	}
	for _, f := range findings {
		switch f.Code {
		case procurement.FindingNoMeeting:
			b.text(l.t("equal.no_meeting", b.supplier(f.SupplierID)))
		case procurement.FindingUnequalSlot:
			b.text(l.t("equal.slot", b.supplier(f.SupplierID), dl.Meetings[f.Meeting].Minutes, f.Minutes))
		case procurement.FindingMaterialHidden:
			b.text(l.t("equal.material", f.DocumentID))
		}
	}
	if len(dl.Learnings) > 0 {
		b.sub(l.t("learnings"))
		for _, x := range dl.Learnings {
			b.text("– " + x.Text)
		}
	}
}

func (b *builder) kept(minutes string) string {
	if strings.TrimSpace(minutes) == "" {
		return b.l.t("minutes.missing")
	}
	return b.l.t("minutes.kept")
}

// names lists suppliers by name, in the order given.
func (b *builder) names(ids []domain.ID) string {
	if len(ids) == 0 {
		return "0"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = b.supplier(id)
	}
	return strconv.Itoa(len(ids)) + ": " + strings.Join(out, ", ")
}

func (b *builder) notice() {
	t, l := b.d.Tender, b.l
	b.heading("s3")
	if len(t.Milestones) == 0 {
		b.text(l.t("milestones.none"))
	} else {
		ms := slices.Clone(t.Milestones)
		slices.SortStableFunc(ms, func(a, c procurement.Milestone) int {
			return slices.Index(procurement.MilestoneKinds, a.Kind) - slices.Index(procurement.MilestoneKinds, c.Kind)
		})
		var rows [][]string
		for _, m := range ms {
			rows = append(rows, []string{l.ui.T("procurement.milestone." + m.Kind), l.when(m.At)})
		}
		b.table([]string{l.t("col.milestone"), l.t("col.start")}, rows)
	}
	b.sub(l.t("deadline_moves"))
	var moves [][]string
	notices := slices.Clone(b.d.Notices)
	slices.SortStableFunc(notices, func(a, c procurement.Notice) int { return a.At.Compare(c.At) })
	for _, n := range notices {
		if n.Kind == "deadline" {
			moves = append(moves, []string{l.when(n.At), b.move(n.Detail)})
		}
	}
	if len(moves) == 0 {
		b.text(l.t("deadline_moves.none"))
	} else {
		b.table(b.cols("start", "change"), moves)
	}
	b.sub(l.t("documents"))
	if len(b.d.Documents) == 0 {
		b.text(l.t("documents.none"))
	} else {
		var rows [][]string
		for _, doc := range b.d.Documents {
			rows = append(rows, []string{b.docKind(doc.Kind), doc.Title, strconv.Itoa(len(doc.Versions)), l.yesNo(doc.Published)})
		}
		b.table(b.cols("kind", "title", "versions", "published"), rows)
	}
	var n, must, should int
	for _, r := range b.d.Specification {
		if r.Removed {
			continue
		}
		n++
		if r.Priority == "should" {
			should++
		} else {
			must++
		}
	}
	b.row("spec", l.t("spec.v", n, must, should))
}

// move reads a deadline notice's detail, "deadline: <bokmål time>
// (<English time>)" as Manager.MoveDeadline writes it, into the record's
// language; another form is shown as it is.
func (b *builder) move(detail string) string {
	kind, when, ok := strings.Cut(detail, ": ")
	if !ok || !slices.Contains(procurement.MilestoneKinds, kind) {
		return detail
	}
	nb, en, ok := strings.Cut(when, " (")
	if b.l.lang == "en" && ok {
		when = strings.TrimSuffix(en, ")")
	} else {
		when = nb
	}
	return b.l.ui.T("procurement.milestone."+kind) + ": " + when
}

func (b *builder) docKind(kind string) string {
	key := "procurement.doc_kind." + kind
	if b.l.ui.Has(key) {
		return b.l.ui.T(key)
	}
	return kind
}

func (b *builder) candidates() {
	t, l := b.d.Tender, b.l
	b.heading("s4")
	if !procurement.Limited(t.Procedure) {
		b.text(l.t("candidates.open"))
	}
	if len(b.d.Candidates) == 0 {
		if procurement.Limited(t.Procedure) {
			b.text(l.t("candidates.none"))
		}
		return
	}
	var rows [][]string
	for _, c := range b.d.Candidates {
		rows = append(rows, []string{b.supplier(c.SupplierID), b.orgNumber(c.SupplierID), l.when(c.InvitedAt), c.InvitedBy})
	}
	b.table(b.cols("supplier", "orgnr", "invited", "by"), rows)
}

func (b *builder) questions() {
	l := b.l
	b.heading("s5")
	if len(b.d.Questions) == 0 {
		b.text(l.t("questions.none"))
	} else {
		b.text(l.t("questions.anon"))
		qs := slices.Clone(b.d.Questions)
		slices.SortStableFunc(qs, func(a, c procurement.Question) int { return a.AskedAt.Compare(c.AskedAt) })
		for i, q := range qs {
			src := l.t("source_portal")
			if q.Source == procurement.SourceConference {
				src = l.t("source_conference")
			}
			b.sub(l.t("question", i+1, l.when(q.AskedAt), src))
			b.text(q.Text)
			if q.Answer == "" {
				b.text(l.t("unanswered"))
			} else {
				b.text(l.t("answer", l.when(cmp.Or(q.PublishedAt, q.AnsweredAt))) + ": " + q.Answer)
			}
		}
	}
	c := b.d.Tender.Conference
	b.sub(l.t("bconf"))
	if c.At.IsZero() {
		b.text(l.t("bconf.none"))
		return
	}
	b.row("col.start", l.when(c.At))
	b.row("attendees", strconv.Itoa(len(c.Attendees)))
	b.row("minutes", b.kept(c.Minutes))
}

func (b *builder) bids() {
	l := b.l
	b.heading("s6")
	if len(b.d.Bids) == 0 {
		b.text(l.t("bids.none"))
		return
	}
	bids := slices.Clone(b.d.Bids)
	slices.SortStableFunc(bids, func(a, c procurement.Bid) int { return a.ReceivedAt.Compare(c.ReceivedAt) })
	var rows [][]string
	count := map[string]int{}
	for i, x := range bids {
		count[x.Status]++
		rows = append(rows, []string{strconv.Itoa(i + 1), b.supplier(x.SupplierID), procurement.Exact(x.ReceivedAt),
			l.t("status." + x.Status), x.Digest})
	}
	b.row("bids.count", l.t("bids.count.v", len(bids), count[procurement.BidSubmitted], count[procurement.BidReplaced], count[procurement.BidWithdrawn]))
	b.table(b.cols("no", "supplier", "received", "status", "sha"), rows)
}

func (b *builder) opening() {
	l := b.l
	b.heading("s7")
	o := b.d.Opening
	if o == nil {
		b.text(l.t("opening.none"))
		return
	}
	b.row("opened_at", l.when(o.OpenedAt))
	var who []string
	for _, c := range o.OpenedBy {
		who = append(who, l.t("confirmed.v", c.Name, l.when(c.At)))
	}
	b.row("confirmed", orDash(l, strings.Join(who, "; ")))
	b.sub(l.t("opening.record"))
	var rows [][]string
	for _, x := range o.Bids {
		rows = append(rows, []string{strconv.Itoa(x.Number), x.Supplier, l.when(x.ReceivedAt), l.nok(x.Price.Total), strconv.Itoa(x.Files), l.yesNo(x.Intact)})
	}
	b.table(b.cols("no", "supplier", "received", "price", "files", "intact"), rows)
	b.row("withdrawn", strconv.Itoa(o.Withdrawn))
}

func (b *builder) evaluation() {
	l := b.l
	b.heading("s8")
	ev := b.d.Evaluation
	if ev == nil {
		b.text(l.t("evaluation_none"))
		return
	}
	b.sub(l.t("criteria"))
	var rows [][]string
	for _, c := range ev.Criteria {
		var subs []string
		for _, s := range c.Sub {
			subs = append(subs, s.Name+" ("+l.pct(s.Weight)+")")
		}
		if c.Price {
			subs = append(subs, l.t("price_criterion"))
		}
		rows = append(rows, []string{c.Name, l.pct(c.Weight), strings.Join(subs, "; ")})
	}
	b.table(b.cols("criterion", "weight", "sub"), rows)
	b.row("price_model", l.t("model."+ev.PriceModel))
	b.row("evaluators", l.t("evaluators.v", len(ev.Evaluators)))
	if len(ev.Presentations) > 0 {
		b.sub(l.t("presentations"))
		var prow [][]string
		for _, p := range ev.Presentations {
			prow = append(prow, []string{b.bidSupplier(p.BidID), l.when(p.Start), l.t("min", p.Minutes), b.kept(p.Notes)})
		}
		b.table(b.cols("supplier", "start", "length", "minutes"), prow)
	}
	b.sub(l.t("musts"))
	fails := procurement.MustFailures(*ev, b.d.Specification)
	if len(fails) == 0 {
		b.text(l.t("musts.ok"))
	}
	failing := slices.Sorted(func(yield func(domain.ID) bool) {
		for id := range fails {
			if !yield(id) {
				return
			}
		}
	})
	for _, bid := range failing {
		var nums []string
		for _, rid := range fails[bid] {
			nums = append(nums, b.reqNumber(rid))
		}
		b.text(l.t("musts.fail", b.bidSupplier(bid), strings.Join(nums, ", ")))
	}
	b.sub(l.t("rejections"))
	if len(ev.Rejections) == 0 {
		b.text(l.t("rejections.none"))
	}
	for _, r := range ev.Rejections {
		b.text(l.t("rejection", b.bidSupplier(r.BidID), l.when(r.At), r.Reason))
	}
	b.sub(l.t("consensus"))
	if len(ev.Consensus) == 0 {
		b.text(l.t("consensus.none"))
	} else {
		names := criterionNames(ev.Criteria)
		var crow [][]string
		for _, c := range ev.Consensus {
			crow = append(crow, []string{b.bidSupplier(c.BidID), cmp.Or(names[c.Criterion], c.Criterion), l.num(c.Points), c.Reason})
		}
		b.table(b.cols("supplier", "criterion", "points", "reason"), crow)
	}
	b.results(*ev)
}

// criterionNames maps score keys ("quality", "quality.understanding") to
// the names a reader knows.
func criterionNames(cs []procurement.Criterion) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		out[c.Key] = c.Name
		for _, s := range c.Sub {
			out[c.Key+"."+s.Key] = c.Name + ": " + s.Name
		}
	}
	return out
}

func (b *builder) reqNumber(id domain.ID) string {
	for _, r := range b.d.Specification {
		if r.ID == id {
			return r.Number
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}

func (b *builder) results(ev procurement.Evaluation) {
	l := b.l
	b.sub(l.t("results"))
	if b.d.Opening == nil {
		b.text(l.t("results.none", l.t("opening.none")))
		return
	}
	res, err := procurement.Compute(ev, *b.d.Opening)
	if err != nil {
		b.text(l.t("results.none", l.ui.T(domain.AsError(err).Code)))
		return
	}
	head := []string{l.t("col.rank"), l.t("col.supplier"), l.t("col.price")}
	for _, c := range res.Criteria {
		head = append(head, c.Name)
	}
	head = append(head, l.t("col.total"))
	var rows [][]string
	for _, r := range res.Ranked() {
		row := []string{strconv.Itoa(r.Rank), r.Supplier, l.nok(r.Price)}
		for _, p := range r.Points {
			row = append(row, l.num(p))
		}
		rows = append(rows, append(row, l.num(r.Total)))
	}
	b.table(head, rows)
	if pc := res.PriceCheck; pc != nil {
		other := l.t("model." + procurement.OtherPriceModel(ev.PriceModel))
		other, _, _ = strings.Cut(other, ":")
		if pc.Changed() {
			b.row("price_check", l.t("price_check.diff", other, b.bidderAt(res, pc.OtherWinner)))
		} else {
			b.row("price_check", l.t("price_check.same", other))
		}
	}
	if len(res.Flips) > 0 {
		b.sub(l.t("flips"))
		names := criterionNames(res.Criteria)
		for _, f := range res.Flips {
			if f.OK {
				b.text(l.t("flip", names[f.Criterion], l.num(f.Delta), b.bidSupplier(f.NewWinner)))
			} else {
				b.text(l.t("flip.none", names[f.Criterion]))
			}
		}
	}
}

// bidderAt names the bidder at index i of the results' bids.
func (b *builder) bidderAt(res procurement.Results, i int) string {
	if i >= 0 && i < len(res.Bids) {
		return res.Bids[i].Supplier
	}
	return b.l.t("unknown")
}

func (b *builder) award() {
	l := b.l
	b.heading("s9")
	a := b.d.Award
	if a == nil {
		b.text(l.t("award.none"))
		return
	}
	b.row("winner", b.bidSupplier(a.WinnerBidID))
	b.row("reasons", a.Reasons)
	b.row("decided", l.t("decided.v", l.when(a.DecidedAt), orDash(l, a.DecidedBy)))
}

func (b *builder) letters() {
	l := b.l
	b.heading("s10")
	a := b.d.Award
	var sent []procurement.Letter
	for _, x := range b.d.Letters {
		if !x.SentAt.IsZero() {
			sent = append(sent, x)
		}
	}
	if len(sent) == 0 {
		b.text(l.t("letters.none"))
	} else {
		how := l.t("paper")
		if a != nil && a.Electronic {
			how = l.t("electronic")
		}
		b.row("letters.sent", l.t("letters.sent.v", l.when(sent[0].SentAt), len(sent), how))
		var rows [][]string
		for _, x := range sent {
			rows = append(rows, []string{b.supplier(x.SupplierID), x.Subject, l.when(x.SentAt), x.Digest})
		}
		b.table(b.cols("supplier", "subject", "sent", "sha"), rows)
	}
	if a == nil {
		return
	}
	if a.StandstillDays > 0 {
		b.row("standstill", l.t("standstill.v", a.StandstillDays, l.when(a.StandstillEnd)))
		if a.MinDays > 0 {
			b.text(l.t("standstill.min", a.MinDays))
		}
	} else {
		b.text(l.t("standstill.none"))
	}
}

func (b *builder) complaints() {
	l := b.l
	b.heading("s11")
	if len(b.d.Complaints) == 0 {
		b.text(l.t("complaints.none"))
		return
	}
	for _, c := range b.d.Complaints {
		b.sub(l.t("complaint", b.supplier(c.SupplierID), l.when(c.ReceivedAt)))
		b.text(c.Text)
		if c.AnsweredAt.IsZero() {
			b.text(l.t("complaint.open"))
			continue
		}
		b.text(l.t("complaint.answer", l.when(c.AnsweredAt), c.AnsweredBy, c.Answer))
		if c.Upheld {
			b.text(l.t("complaint.upheld"))
		}
	}
}

func (b *builder) contract() {
	l := b.l
	b.heading("s12")
	c := b.d.Contract
	if c == nil {
		b.text(l.t("contract.none"))
		return
	}
	b.row("col.supplier", b.supplier(c.SupplierID))
	b.row("contract.ref", orDash(l, c.Reference))
	b.row("signed", l.t("signed.v", l.when(c.SignedAt), orDash(l, c.SignedBy)))
	b.row("value", l.nok(c.Value))
	linked := 0
	for _, x := range c.Commitments {
		if x.IndicatorID != 0 {
			linked++
		}
	}
	b.row("commitments", l.t("commitments.v", len(c.Commitments), linked))
}

// Text writes lines as plain text, the form the golden test reads.
func Text(lines []Line) string {
	var sb strings.Builder
	for _, ln := range lines {
		switch ln.Kind {
		case KindTitle:
			sb.WriteString("# " + ln.Text + "\n")
		case KindHeading:
			sb.WriteString("\n## " + ln.Text + "\n")
		case KindSub:
			sb.WriteString("### " + ln.Text + "\n")
		case KindRow:
			sb.WriteString(ln.Text + ": " + ln.Value + "\n")
		case KindText:
			sb.WriteString(ln.Text + "\n")
		case KindTable:
			sb.WriteString("| " + strings.Join(ln.Head, " | ") + " |\n")
			for _, r := range ln.Rows {
				sb.WriteString("| " + strings.Join(r, " | ") + " |\n")
			}
		}
	}
	return sb.String()
}
