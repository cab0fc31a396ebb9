package procurement

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/eforms"
)

// Log actions of the notices and exports.
const (
	ActNotice      = "notice.write"
	ActNoticeFacts = "notice.facts"
	ActExport      = "tender.export"
)

// Notice kinds (Manager.Notice).
const (
	NoticeContract = "contract"
	NoticeAward    = "award"
)

// NoticeFacts are what the eForms notices state that the rest of the
// tender does not record: the contract's duration (BT-36), how long a bid
// stays binding (BT-98, asked only of an open procedure above the
// thresholds), whether the winner subcontracts (BT-773), and each bidder's
// address and size (the award notice names the winner with its town, post
// code and NUTS region, and counts the SMEs among the tenderers).
type NoticeFacts struct {
	ContractMonths int `json:"contract_months,omitempty"`
	ValidityDays   int `json:"validity_days,omitempty"`
	// Subcontracting is "yes", "no" or "not-known" (empty: not known).
	Subcontracting string          `json:"subcontracting,omitempty"`
	Suppliers      []SupplierFacts `json:"suppliers,omitempty"`
}

// SupplierFacts is a bidder's address and size as the notices state them.
type SupplierFacts struct {
	SupplierID domain.ID `json:"supplier_id"`
	PostCode   string    `json:"post_code,omitempty"`
	Town       string    `json:"town,omitempty"`
	// NUTS is the NUTS 2021 region (NO060 Trøndelag).
	NUTS string `json:"nuts,omitempty"`
	// Size is the eForms economic-operator size: "micro", "small",
	// "medium" or "large" (empty: not known, counted as not an SME).
	Size string `json:"size,omitempty"`
}

// SupplierSizes are the sizes a SupplierFacts may name.
var SupplierSizes = []string{"micro", "small", "medium", "large"}

// Validate checks the facts at their JSON paths.
func (f NoticeFacts) Validate() []domain.FieldError {
	var errs []domain.FieldError
	if f.ContractMonths < 0 || f.ContractMonths > 999 {
		errs = append(errs, domain.Field("contract_months", "field.between", 0, 999))
	}
	if f.ValidityDays < 0 || f.ValidityDays > 999 {
		errs = append(errs, domain.Field("validity_days", "field.between", 0, 999))
	}
	if f.Subcontracting != "" {
		errs = domain.OneOf(errs, "subcontracting", f.Subcontracting, []string{"yes", "no", "not-known"})
	}
	seen := map[domain.ID]bool{}
	for i, s := range f.Suppliers {
		path := "suppliers[" + strconv.Itoa(i) + "]"
		if s.SupplierID <= 0 || seen[s.SupplierID] {
			errs = append(errs, domain.Field(path+".supplier_id", "procurement.supplier_not_found"))
		}
		seen[s.SupplierID] = true
		if s.Size != "" {
			errs = domain.OneOf(errs, path+".size", s.Size, SupplierSizes)
		}
		if s.NUTS != "" && !nutsCode.MatchString(s.NUTS) {
			errs = append(errs, domain.Field(path+".nuts", "eforms.nuts_invalid"))
		}
		errs = domain.MaxLen(errs, path+".town", s.Town, maxTitle)
		errs = domain.MaxLen(errs, path+".post_code", s.PostCode, 20)
	}
	return errs
}

// nutsCode is a NUTS 2021 code of Norway: "NO" and up to three more
// characters (NO0, NO06, NO060).
var nutsCode = regexp.MustCompile(`^NO[0-9A-Z]{1,3}$`)

// SaveNoticeFacts stores the tender's NoticeFacts (CanEdit persons), at
// any stage: the winner's details are known only after the award.
//
// Errors: unauthorized, forbidden, not found, invalid (NoticeFacts.Validate,
// "suppliers[i].supplier_id" for a supplier not in the collaboration),
// conflict "error.stale"; each refusal logged.
func (m *Manager) SaveNoticeFacts(ctx context.Context, p domain.Principal, tender domain.ID, version int, f NoticeFacts) (Tender, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActNoticeFacts)
	if err != nil {
		return Tender{}, err
	}
	for i := range f.Suppliers {
		s := &f.Suppliers[i]
		s.PostCode, s.Town, s.NUTS = strings.TrimSpace(s.PostCode), strings.TrimSpace(s.Town), strings.TrimSpace(s.NUTS)
	}
	errs := f.Validate()
	sups, err := m.store.Suppliers(ctx, p.CollaborationID)
	if err != nil {
		return Tender{}, err
	}
	for i, s := range f.Suppliers {
		if s.SupplierID > 0 && !slices.ContainsFunc(sups, func(x Supplier) bool { return x.ID == s.SupplierID }) {
			errs = append(errs, domain.Field("suppliers["+strconv.Itoa(i)+"].supplier_id", "procurement.supplier_not_found"))
		}
	}
	if len(errs) > 0 {
		return Tender{}, m.refuse(ctx, p, tender, ActNoticeFacts, obj("tender", tender), domain.Invalid("error.invalid_fields", errs...))
	}
	t.NoticeFacts, t.Version = f, version
	return m.save(ctx, p, t, ActNoticeFacts, "", nil)
}

// reviewBody is the body that hears procurement complaints in Norway:
// Klagenemnda for offentlige anskaffelser (KOFA), whose secretariat is in
// Bergen. The organisation number is Klagenemndssekretariatet's as listed
// publicly (918 195 548); it was NOT checked against the Central
// Coordinating Register here (the search tool found no source).
var reviewBody = eforms.Organisation{
	Name:      "Klagenemnda for offentlige anskaffelser (KOFA)",
	OrgNumber: "918 195 548",
	Town:      "Bergen",
	PostCode:  "5805",
	Country:   "NOR",
	NUTS:      "NO0A2",
}

// noticeWords are the few texts the manager words itself in a notice.
var noticeWords = map[string]map[string]string{
	"ENG": {
		"review": "A supplier may complain to KOFA or ask the district court for a temporary injunction; an injunction must be sought " +
			"before the contract is signed, within the standstill period stated in the notification of the award.",
		"price":        "Price, scored from the evaluated total price by the %s model.",
		"linear":       "linear",
		"proportional": "proportional",
		"sub":          "Sub-criteria: %s.",
	},
	"NOR": {
		"review": "En leverandør kan klage til KOFA eller be tingretten om midlertidig forføyning; forføyning må begjæres før " +
			"kontrakten inngås, innen karensperioden som står i meldingen om tildeling.",
		"price":        "Pris, poeng fra evaluert totalpris etter %s modell.",
		"linear":       "lineær",
		"proportional": "proporsjonal",
		"sub":          "Underkriterier: %s.",
	},
}

// Notice writes the tender's eForms notice of kind NoticeContract (the
// contract notice: subtype 16, or E3 below the EEA thresholds) or
// NoticeAward (the contract award notice: 29, or E4) in lang ("ENG" or
// "NOR"; empty: NOR below the thresholds, ENG above), for the tender's
// CanEdit persons; logged. National (Doffin's national profile) is a tender
// whose derived part is below part III.
//
// What the notice says comes from the dossier: the tender's Buyer (a
// municipality: legal type "la", activity "gen-pub"), procedure
// (EFormsProcedureType), CPV and value; one lot per tender lot, or one for
// the whole tender; the award criteria of the evaluation set-up, weights
// rounded to whole percent by the largest remainder; the bid deadline; the
// NoticeFacts; KOFA as review body; and for the award the winner, its
// tender's price from the opening record, the award decision and the
// contract. The free texts (title, description, criteria names) are the
// tender's own: a notice in ENG should be written from a tender typed in
// English. The contract notice is dated at the tender's notice milestone
// (else now), the award notice now. Document and submission links point at
// the supplier portal under Config.BaseURL.
//
// Errors: unauthorized, forbidden (logged), not found; invalid "type"
// (field.one_of), "lang" (field.one_of), and the notice's own field errors
// at the eForms JSON paths (package eforms: "buyer.org_number",
// "lots[0].duration_months" …); conflict "procurement.notice_no_criteria"
// (no award criteria set up), "procurement.notice_no_contract" (an award
// notice before the contract is signed).
func (m *Manager) Notice(ctx context.Context, p domain.Principal, tender domain.ID, kind, lang string) ([]byte, error) {
	var errs []domain.FieldError
	errs = domain.OneOf(errs, "type", kind, []string{NoticeContract, NoticeAward})
	if lang != "" {
		errs = domain.OneOf(errs, "lang", lang, []string{"ENG", "NOR"})
	}
	if len(errs) > 0 {
		return nil, domain.Invalid("error.invalid_fields", errs...)
	}
	d, err := m.Dossier(ctx, p, tender)
	if err != nil {
		return nil, err
	}
	n, err := m.noticeOf(d, kind == NoticeAward, lang)
	if err != nil {
		return nil, err
	}
	var out []byte
	if kind == NoticeAward {
		out, err = eforms.AwardNotice(n)
	} else {
		out, err = eforms.ContractNotice(n)
	}
	if err != nil {
		return nil, err
	}
	err = m.logged(ctx, p, tender, ActNotice, obj("tender", tender), func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActNotice, obj("tender", tender),
			kind+" "+n.Language+" subtype "+eforms.Subtype(n, kind == NoticeAward), OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// noticeOf maps the dossier into the eForms notice.
func (m *Manager) noticeOf(d Dossier, award bool, lang string) (eforms.Notice, error) {
	t := d.Tender
	national := d.Part < PartIII
	if lang == "" {
		lang = "ENG"
		if national {
			lang = "NOR"
		}
	}
	words := noticeWords[lang]
	if d.Evaluation == nil || len(d.Evaluation.Criteria) == 0 {
		return eforms.Notice{}, domain.Conflict("procurement.notice_no_criteria")
	}
	if award && (d.Award == nil || d.Contract == nil || t.Opening == nil) {
		return eforms.Notice{}, domain.Conflict("procurement.notice_no_contract")
	}
	kind := NoticeContract
	issued := t.At(MilestoneNotice)
	if award || issued.IsZero() {
		issued = m.now()
	}
	if award {
		kind = NoticeAward
	}
	n := eforms.Notice{
		ID:       m.noticeUUID(t.ID, "notice "+kind),
		Version:  1,
		Issued:   issued,
		Language: lang,
		National: national,
		Buyer: eforms.Buyer{
			Organisation: eforms.Organisation{Name: t.Buyer.Name, OrgNumber: t.Buyer.OrgNumber, Town: t.Buyer.Town,
				PostCode: t.Buyer.PostCode, Country: "NOR", NUTS: t.Buyer.NUTS, Email: t.Buyer.Email, Phone: t.Buyer.Phone},
			// The app's buyers are municipalities and their joint bodies
			// acting for them: a local authority for general public services.
			LegalType: "la",
			Activity:  "gen-pub",
		},
		ReviewBody: reviewBody,
		ReviewInfo: words["review"],
		Procedure: eforms.Procedure{
			ID:             m.noticeUUID(t.ID, "procedure"),
			Title:          t.Title,
			Description:    t.Description,
			Type:           EFormsProcedureType(t.Procedure),
			Nature:         nature(t),
			CPV:            t.CPV,
			EstimatedValue: t.EstimatedValue,
			PlaceNUTS:      t.Buyer.NUTS,
		},
	}
	criteria := noticeCriteria(d.Evaluation, words)
	base := strings.TrimSuffix(m.cfg.BaseURL, "/") + "/portal/tenders/" + idText(t.ID)
	lot := func(i int, title string, value float64) eforms.Lot {
		l := eforms.Lot{ID: "LOT-" + pad4(i+1), Title: title, Description: t.Description, CPV: t.CPV,
			EstimatedValue: value, Criteria: criteria, Deadline: t.Deadline(),
			ValidityDays: t.NoticeFacts.ValidityDays, DurationMonths: t.NoticeFacts.ContractMonths,
			DocumentsURL: base, SubmissionURL: base}
		if EFormsProcedureType(t.Procedure) != "open" {
			l.MinCandidates = max(len(d.Candidates), 1)
		}
		return l
	}
	if len(t.Lots) == 0 {
		n.Lots = []eforms.Lot{lot(0, t.Title, t.EstimatedValue)}
	}
	for i, l := range t.Lots {
		n.Lots = append(n.Lots, lot(i, l.Title, l.EstimatedValue))
	}
	if award {
		r := m.noticeResult(d)
		for i := range n.Lots {
			n.Lots[i].Result = &r
		}
	}
	return n, nil
}

// noticeResult is the award's result: the winner as the opening record and
// the NoticeFacts describe it. Every supplier has a Norwegian organisation
// number, so none is counted as from another EEA country or outside it.
func (m *Manager) noticeResult(d Dossier) eforms.Result {
	facts := func(id domain.ID) SupplierFacts {
		for _, f := range d.Tender.NoticeFacts.Suppliers {
			if f.SupplierID == id {
				return f
			}
		}
		return SupplierFacts{SupplierID: id}
	}
	r := eforms.Result{Subcontracting: d.Tender.NoticeFacts.Subcontracting, AwardDecision: d.Award.DecidedAt,
		ContractSigned: d.Contract.SignedAt, ContractID: d.Contract.Reference}
	if r.Subcontracting == "" {
		r.Subcontracting = "not-known"
	}
	for _, b := range d.Tender.Opening.Bids {
		r.TendersReceived++
		f := facts(b.SupplierID)
		if f.Size == "micro" || f.Size == "small" || f.Size == "medium" {
			r.TendersSME++
		}
		if b.BidID != d.Award.WinnerBidID {
			continue
		}
		var org string
		for _, s := range d.Suppliers {
			if s.ID == b.SupplierID {
				org = s.OrgNumber
			}
		}
		r.Winner = eforms.Organisation{Name: b.Supplier, OrgNumber: org, Town: f.Town, PostCode: f.PostCode, Country: "NOR", NUTS: f.NUTS}
		r.WinnerSize = f.Size
		r.TenderID = d.Tender.Reference + "-BID-" + strconv.Itoa(b.Number)
		r.TenderValue = b.Price.Total
	}
	return r
}

// noticeCriteria are the evaluation's award criteria with whole-percent
// weights that sum to 100: each weight rounded down, then the points left
// over given to the criteria with the largest remainders (ties in the
// criteria's order).
func noticeCriteria(ev *Evaluation, words map[string]string) []eforms.Criterion {
	out := make([]eforms.Criterion, len(ev.Criteria))
	rest := 100
	for i, c := range ev.Criteria {
		w := int(math.Floor(c.Weight))
		rest -= w
		out[i] = eforms.Criterion{Type: "quality", Name: c.Name, Description: c.Name, Weight: w}
		if c.Price {
			out[i].Type = "price"
			out[i].Description = strings.Replace(words["price"], "%s", words[ev.PriceModel], 1)
		} else if len(c.Sub) > 0 {
			var names []string
			for _, s := range c.Sub {
				names = append(names, s.Name+" ("+strconv.FormatFloat(s.Weight, 'f', -1, 64)+" %)")
			}
			out[i].Description = c.Name + ". " + strings.Replace(words["sub"], "%s", strings.Join(names, "; "), 1)
		}
	}
	order := make([]int, len(ev.Criteria))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra := ev.Criteria[a].Weight - math.Floor(ev.Criteria[a].Weight)
		rb := ev.Criteria[b].Weight - math.Floor(ev.Criteria[b].Weight)
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return 0
	})
	for i := 0; rest > 0 && len(order) > 0; i = (i + 1) % len(order) {
		out[order[i]].Weight++
		rest--
	}
	return out
}

// nature is the contract's main nature (BT-23): works for a building and
// construction contract, supplies for a CPV code in the goods divisions
// (below 45, the works division), services otherwise.
func nature(t Tender) string {
	if t.Works {
		return "works"
	}
	if div, err := strconv.Atoi(strings.TrimSpace(t.CPV)[:min(2, len(strings.TrimSpace(t.CPV)))]); err == nil && div < 45 {
		return "supplies"
	}
	return "services"
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", max(0, 4-len(s))) + s
}

// noticeUUID is a UUID version 4 in form, stable for the tender and what:
// every version of a notice keeps its identifier (BT-701) and every notice
// of the procedure repeats the procedure's (BT-04). It is derived with the
// server key so that two installations with the same tender id do not give
// the same identifiers.
func (m *Manager) noticeUUID(tender domain.ID, what string) string {
	mac := hmac.New(sha256.New, m.cfg.ServerKey)
	mac.Write([]byte("tjenestevalg eforms " + what + " " + idText(tender)))
	b := mac.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// BaseURL is the app's public address (Config.BaseURL), which exports link
// to.
func (m *Manager) BaseURL() string { return m.cfg.BaseURL }

// RecordExport logs that p exported the tender in format (e.g. "ocds"),
// for the tender's CanEdit persons: an export carries the opened bids'
// prices, so it is an access like any other (Annex IV (g)).
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) RecordExport(ctx context.Context, p domain.Principal, tender domain.ID, format string) error {
	if _, err := m.buyerTender(ctx, p, tender, true, ActExport); err != nil {
		return err
	}
	return m.logged(ctx, p, tender, ActExport, obj("tender", tender), func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActExport, obj("tender", tender), format, OutcomeOK)
	})
}
