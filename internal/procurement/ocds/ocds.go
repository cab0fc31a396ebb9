// Package ocds writes a tender's dossier as an Open Contracting Data
// Standard (OCDS) 1.1.5 release package, with the bids extension for the
// bids received and opened and the enquiries extension for the published
// questions and answers. It is pure: it reads a procurement.Dossier and
// returns bytes, the same bytes for the same dossier and options.
//
// Sources: the schemas and codelists in shared/data/ocds-1.1.5 (release and
// release-package schema 1.1.5, the bids extension); FACTS.md "Procurement"
// (begrenset anbudskonkurranse is procurementMethod "selective" with the
// Norwegian name in procurementMethodDetails; the standstill as a milestone;
// enquiries as tender.enquiries). Organisation identifiers use the org-id
// scheme NO-BRC (Brønnøysundregistrene, org-id.guide register entry
// lists/no/no-brc.json, "confirmed"), whose identifiers are the nine-digit
// organisation numbers.
package ocds

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// ExamplePrefix is an ILLUSTRATIVE ocid prefix, registered to no one. OCDS
// requires every publisher to register its own ocid prefix ("ocds-" and six
// characters) with the Open Contracting Partnership so that its ocids do not
// clash with another publisher's (standard.open-contracting.org, "Identifiers"
// and "Registration": prefixes are requested by e-mail and listed publicly);
// only the registrant may assign ocids with it. A municipality publishing for
// real replaces this with the prefix it was given.
const ExamplePrefix = "ocds-xxxxxx"

// The extension.json files the package declares (the OCDS extension registry's
// release tags for OCDS 1.1.5).
const (
	BidsExtension      = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
	EnquiriesExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json"
	LotsExtension      = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)

// SchemeNOBRC is the org-id scheme of Norwegian organisation numbers.
const SchemeNOBRC = "NO-BRC"

// Options are what the dossier does not say: who publishes, under which
// ocid prefix, when, where the package lives and in which language.
type Options struct {
	// PublisherName is required; PublisherURI is optional.
	PublisherName string
	PublisherURI  string
	// OCIDPrefix is the registered prefix, "ocds-" and six letters or digits
	// (ExamplePrefix in demos and tests).
	OCIDPrefix string
	// PublishedDate is the package's publishedDate and the release's date;
	// zero means the dossier's latest event (a package made on demand then
	// carries the date of the last change, as the schema asks).
	PublishedDate time.Time
	// BaseURI is where packages are published (an absolute http(s) URI);
	// the package uri is BaseURI/<ocid>.json.
	BaseURI string
	// Language is the release's language (BCP 47), "nb" when empty.
	Language string
}

var prefixRE = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)

// OCID is the contracting process identifier of tender t: the prefix and the
// tender's id, which is unique within the installation (a case reference is
// unique only within its collaboration).
func OCID(prefix string, t procurement.Tender) string {
	return strings.TrimSuffix(prefix, "-") + "-" + strconv.FormatInt(t.ID, 10)
}

// Package writes d as a release package with one release whose tags say
// what the dossier holds (planning for a draft; tender; award; contract),
// indented JSON with stable order.
//
// What is written: the buyer and every tenderer as parties (NO-BRC ids);
// the tender with its method, category, estimated value, periods (tender
// period ending at the bid deadline, enquiry period ending at the question
// deadline, award period from the opening to the decision), items (CPV),
// lots, published documents, milestones (dialogue, bidders' conference,
// presentations and the standstill), published enquiries without their
// author (the asker is kept private), and the tenderers; bids only after the
// opening (statistics and details with the opened price); the award (pending
// during the standstill, active once the contract is signed) and the
// contract.
//
// Errors: domain.Invalid "procurement.ocds_options" with field errors
// (publisher_name "field.required", ocid_prefix
// "procurement.ocds_prefix_invalid", base_uri "procurement.ocds_uri_invalid");
// domain.Conflict "procurement.ocds_award_before_deadline",
// "procurement.ocds_contract_without_award",
// "procurement.ocds_contract_before_award",
// "procurement.ocds_winner_not_opened" when the dossier's dates or records do
// not fit together; domain.Internal when two objects would share an id.
func Package(d procurement.Dossier, o Options) ([]byte, error) {
	if err := checkOptions(o); err != nil {
		return nil, err
	}
	if err := checkDossier(d); err != nil {
		return nil, err
	}
	b := builder{d: d, o: o, ocid: OCID(o.OCIDPrefix, d.Tender)}
	b.asOf = o.PublishedDate.UTC()
	if b.asOf.IsZero() {
		b.asOf = latest(d)
	}
	r := b.release()
	if err := uniqueIDs(r); err != nil {
		return nil, domain.Internal(err)
	}
	// The release id is derived from its content: a changed dossier gives a
	// new release id within the same ocid, the same dossier the same id.
	digest, err := encode(r)
	if err != nil {
		return nil, domain.Internal(err)
	}
	sum := sha256.Sum256(digest)
	r.ID = r.Tag[len(r.Tag)-1] + "-" + hex.EncodeToString(sum[:6])

	exts := []string{BidsExtension, EnquiriesExtension}
	if len(d.Tender.Lots) > 0 {
		exts = append(exts, LotsExtension)
	}
	slices.Sort(exts)
	p := releasePackage{
		URI:           strings.TrimSuffix(o.BaseURI, "/") + "/" + url.PathEscape(b.ocid) + ".json",
		Version:       "1.1",
		Extensions:    exts,
		PublishedDate: stamp(b.asOf),
		Publisher:     publisher{Name: o.PublisherName, URI: o.PublisherURI},
		Releases:      []release{r},
	}
	out, err := encode(p)
	if err != nil {
		return nil, domain.Internal(err)
	}
	return out, nil
}

func checkOptions(o Options) error {
	var fields []domain.FieldError
	if strings.TrimSpace(o.PublisherName) == "" {
		fields = append(fields, domain.Field("publisher_name", "field.required"))
	}
	if !prefixRE.MatchString(strings.TrimSuffix(o.OCIDPrefix, "-")) {
		fields = append(fields, domain.Field("ocid_prefix", "procurement.ocds_prefix_invalid"))
	}
	if !absoluteHTTP(o.BaseURI) {
		fields = append(fields, domain.Field("base_uri", "procurement.ocds_uri_invalid"))
	}
	if o.PublisherURI != "" && !absoluteHTTP(o.PublisherURI) {
		fields = append(fields, domain.Field("publisher_uri", "procurement.ocds_uri_invalid"))
	}
	if len(fields) > 0 {
		return domain.Invalid("procurement.ocds_options", fields...)
	}
	return nil
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// checkDossier refuses a dossier whose dates contradict the order the law
// gives them: bids by the deadline, then the award, then the contract.
func checkDossier(d procurement.Dossier) error {
	deadline := d.Tender.Deadline()
	if d.Award != nil {
		if !deadline.IsZero() && d.Award.DecidedAt.Before(deadline) {
			return domain.Conflict("procurement.ocds_award_before_deadline")
		}
		if openedBid(d, d.Award.WinnerBidID) == nil {
			return domain.Conflict("procurement.ocds_winner_not_opened")
		}
	}
	if d.Contract != nil {
		if d.Award == nil {
			return domain.Conflict("procurement.ocds_contract_without_award")
		}
		if d.Contract.SignedAt.Before(d.Award.DecidedAt) {
			return domain.Conflict("procurement.ocds_contract_before_award")
		}
	}
	return nil
}

func openedBid(d procurement.Dossier, bidID domain.ID) *procurement.OpenedBid {
	if d.Opening == nil {
		return nil
	}
	for i := range d.Opening.Bids {
		if d.Opening.Bids[i].BidID == bidID {
			return &d.Opening.Bids[i]
		}
	}
	return nil
}

// latest is the time of the dossier's last recorded event.
func latest(d procurement.Dossier) time.Time {
	var t time.Time
	see := func(x time.Time) {
		if x.After(t) {
			t = x
		}
	}
	see(d.Tender.UpdatedAt)
	see(d.Tender.OpenedAt)
	for _, doc := range d.Documents {
		for _, v := range doc.Versions {
			see(v.At)
		}
	}
	for _, q := range d.Questions {
		see(q.PublishedAt)
	}
	if d.Opening != nil {
		see(d.Opening.OpenedAt)
	}
	if d.Award != nil {
		see(d.Award.DecidedAt)
		see(d.Award.NotifiedAt)
	}
	if d.Contract != nil {
		see(d.Contract.SignedAt)
	}
	return t.UTC()
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stamp writes t as an RFC 3339 date-time in UTC; nil for zero.
func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func nok(amount float64) *value { return &value{Amount: amount, Currency: "NOK"} }

// procedureNames are the Norwegian names of the procedures, as
// internal/i18n/nb.json has them ("procurement.procedure.*").
var procedureNames = map[string]string{
	procurement.ProcOpen:                "Åpen anbudskonkurranse",
	procurement.ProcRestricted:          "Begrenset anbudskonkurranse",
	procurement.ProcNegotiated:          "Konkurranse med forhandling",
	procurement.ProcCompetitiveDialogue: "Konkurransepreget dialog",
	procurement.ProcNationalOpen:        "Åpen tilbudskonkurranse",
	procurement.ProcNationalRestricted:  "Begrenset tilbudskonkurranse",
	procurement.ProcBelowThreshold:      "Under nasjonal terskelverdi",
}

// documentTypes maps the tender's document kinds to the documentType
// codelist: the tender documents to biddingDocuments, the generated
// requirement specification to technicalSpecifications, the Q&A log and the
// minutes (of the bidders' conference) to clarifications ("replies to issues
// raised in pre-bid conferences or an enquiry process"), the market
// dialogue's material to marketStudies, the signed contract to
// contractSigned.
var documentTypes = map[string]string{
	procurement.DocTender:        "biddingDocuments",
	procurement.DocSpecification: "technicalSpecifications",
	procurement.DocQA:            "clarifications",
	procurement.DocMinutes:       "clarifications",
	procurement.DocDialogue:      "marketStudies",
	"contract":                   "contractSigned",
}

type builder struct {
	d    procurement.Dossier
	o    Options
	ocid string
	asOf time.Time
}

func (b *builder) release() release {
	d := b.d
	r := release{
		OCID:           b.ocid,
		Date:           stamp(b.asOf),
		InitiationType: "tender",
		Language:       cmp.Or(b.o.Language, "nb"),
	}
	if d.Tender.Status == procurement.StatusDraft {
		r.Tag = []string{"planning"}
	} else {
		r.Tag = []string{"tender"}
	}
	if d.Award != nil {
		r.Tag = append(r.Tag, "award")
	}
	if d.Contract != nil {
		r.Tag = append(r.Tag, "contract")
	}
	buyer := b.buyerParty()
	r.Buyer = &orgRef{ID: buyer.ID, Name: buyer.Name}
	r.Parties = append([]party{buyer}, b.supplierParties()...)
	r.Tender = b.tender(r.Buyer)
	if d.Opening != nil {
		r.Bids = b.bids()
	}
	if d.Award != nil {
		r.Awards = []award{b.award()}
	}
	if d.Contract != nil {
		r.Contracts = []contract{b.contract()}
	}
	return r
}

func (b *builder) buyerParty() party {
	by := b.d.Tender.Buyer
	p := party{Name: by.Name, Roles: []string{"buyer", "procuringEntity"}}
	if n, err := procurement.ParseOrgNumber(by.OrgNumber); err == nil {
		p.ID = SchemeNOBRC + "-" + n
		p.Identifier = &identifier{Scheme: SchemeNOBRC, ID: n, LegalName: by.Name}
	} else {
		p.ID = "buyer"
	}
	if by.Street != "" || by.PostCode != "" || by.Town != "" {
		p.Address = &address{StreetAddress: by.Street, PostalCode: by.PostCode, Locality: by.Town, Region: by.NUTS, CountryName: "Norge"}
	}
	if by.Email != "" || by.Phone != "" || by.URL != "" {
		p.ContactPoint = &contactPoint{Email: by.Email, Telephone: by.Phone}
		if absoluteHTTP(by.URL) {
			p.ContactPoint.URL = by.URL
		}
	}
	return p
}

// supplierID is a supplier's party id: NO-BRC and its organisation number,
// or its id here when the number is missing or not valid.
func (b *builder) supplierID(id domain.ID) string {
	for _, s := range b.d.Suppliers {
		if s.ID == id {
			if n, err := procurement.ParseOrgNumber(s.OrgNumber); err == nil {
				return SchemeNOBRC + "-" + n
			}
		}
	}
	return "supplier-" + strconv.FormatInt(id, 10)
}

func (b *builder) supplierRef(id domain.ID) orgRef {
	return orgRef{ID: b.supplierID(id), Name: b.d.SupplierName(id)}
}

// tendererIDs are the suppliers who bid, from the opening record (after the
// opening only: until then who bid is sealed with the bids).
func (b *builder) tendererIDs() []domain.ID {
	if b.d.Opening == nil {
		return nil
	}
	var ids []domain.ID
	for _, ob := range b.d.Opening.Bids {
		if !slices.Contains(ids, ob.SupplierID) {
			ids = append(ids, ob.SupplierID)
		}
	}
	return ids
}

func (b *builder) winnerSupplier() domain.ID {
	if b.d.Award == nil {
		return 0
	}
	if ob := openedBid(b.d, b.d.Award.WinnerBidID); ob != nil {
		return ob.SupplierID
	}
	return 0
}

func (b *builder) supplierParties() []party {
	var out []party
	winner := b.winnerSupplier()
	for _, id := range b.tendererIDs() {
		p := party{ID: b.supplierID(id), Name: b.d.SupplierName(id), Roles: []string{"tenderer"}}
		if id == winner {
			p.Roles = append(p.Roles, "supplier")
		}
		for _, s := range b.d.Suppliers {
			if s.ID == id {
				if n, err := procurement.ParseOrgNumber(s.OrgNumber); err == nil {
					p.Identifier = &identifier{Scheme: SchemeNOBRC, ID: n, LegalName: s.Name}
				}
			}
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, c party) int { return strings.Compare(a.ID, c.ID) })
	return out
}

func (b *builder) tender(buyer *orgRef) *tender {
	d := b.d
	t := d.Tender
	out := &tender{
		ID:                       t.Reference,
		Title:                    t.Title,
		Description:              t.Description,
		Status:                   b.tenderStatus(),
		ProcuringEntity:          buyer,
		Value:                    nok(t.EstimatedValue),
		ProcurementMethod:        procurement.OCDSMethod(t.Procedure),
		ProcurementMethodDetails: b.methodDetails(),
		MainProcurementCategory:  "services",
		SubmissionMethod:         []string{"electronicSubmission"},
	}
	if t.Works {
		out.MainProcurementCategory = "works"
	}
	if t.Deadline().IsZero() && t.At(procurement.MilestoneNotice).IsZero() {
		out.TenderPeriod = nil
	} else {
		out.TenderPeriod = &period{StartDate: stamp(t.At(procurement.MilestoneNotice)), EndDate: stamp(t.Deadline())}
	}
	if q := t.At(procurement.MilestoneQuestions); !q.IsZero() {
		out.EnquiryPeriod = &period{StartDate: stamp(t.At(procurement.MilestoneNotice)), EndDate: stamp(q)}
	}
	if d.Opening != nil {
		ap := &period{StartDate: stamp(d.Opening.OpenedAt)}
		if d.Award != nil {
			ap.EndDate = stamp(d.Award.DecidedAt)
		}
		out.AwardPeriod = ap
	}
	if d.Evaluation != nil && len(d.Evaluation.Criteria) > 0 {
		out.AwardCriteria, out.AwardCriteriaDetails = criteria(d.Evaluation.Criteria)
	}
	out.Items = b.items()
	for _, l := range t.Lots {
		lt := lot{ID: lotID(l.Number), Title: l.Title}
		if l.EstimatedValue > 0 {
			lt.Value = nok(l.EstimatedValue)
		}
		out.Lots = append(out.Lots, lt)
	}
	var contractDoc domain.ID
	if d.Contract != nil {
		contractDoc = d.Contract.DocumentID
	}
	out.Documents = b.documents(func(doc procurement.Document) bool {
		return doc.Kind != "contract" && (contractDoc == 0 || doc.ID != contractDoc)
	})
	out.Milestones = b.milestones()
	out.Enquiries = b.enquiries()
	if len(out.Enquiries) > 0 {
		yes := true
		out.HasEnquiries = &yes
	}
	if ids := b.tendererIDs(); len(ids) > 0 {
		for _, id := range ids {
			out.Tenderers = append(out.Tenderers, b.supplierRef(id))
		}
		slices.SortFunc(out.Tenderers, func(a, c orgRef) int { return strings.Compare(a.ID, c.ID) })
		n := len(ids)
		out.NumberOfTenderers = &n
	}
	return out
}

func lotID(n int) string { return "lot-" + strconv.Itoa(n) }

// tenderStatus: a draft is being planned; a published tender is active
// until its contract is signed, which completes it.
func (b *builder) tenderStatus() string {
	switch {
	case b.d.Tender.Status == procurement.StatusDraft:
		return "planning"
	case b.d.Contract != nil:
		return "complete"
	}
	return "active"
}

// methodDetails is the procedure's Norwegian name and the regulation part
// (FOA del I/II/III).
func (b *builder) methodDetails() string {
	name := procedureNames[b.d.Tender.Procedure]
	if name == "" {
		return ""
	}
	switch b.d.Part {
	case procurement.PartI, procurement.PartII, procurement.PartIII:
		return name + " (anskaffelsesforskriften del " + b.d.Part.String() + ")"
	}
	return name
}

// criteria returns awardCriteria (priceOnly when price is the only
// criterion, ratedCriteria otherwise) and the criteria with their weights in
// Norwegian.
func criteria(cs []procurement.Criterion) (string, string) {
	kind := "priceOnly"
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		if !c.Price {
			kind = "ratedCriteria"
		}
		parts = append(parts, c.Name+" "+strconv.FormatFloat(c.Weight, 'f', -1, 64)+" %")
	}
	return kind, "Tildelingskriterier: " + strings.Join(parts, ", ") + "."
}

func (b *builder) items() []item {
	t := b.d.Tender
	var cls *classification
	if t.CPV != "" {
		cls = &classification{Scheme: "CPV", ID: t.CPV}
	}
	var out []item
	for _, s := range b.d.Services {
		out = append(out, item{ID: "item-" + strconv.FormatInt(s.ID, 10), Description: s.Name, Classification: cls})
	}
	if len(out) == 0 {
		out = append(out, item{ID: "item-1", Description: t.Title, Classification: cls})
	}
	slices.SortFunc(out, func(a, c item) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// documents are the published documents keep accepts, one entry per
// document (first and latest version's dates), without a URL: files are
// served to the suppliers who may see the tender, not publicly.
func (b *builder) documents(keep func(procurement.Document) bool) []document {
	var out []document
	for _, doc := range b.d.Documents {
		if !doc.Published || !keep(doc) || len(doc.Versions) == 0 {
			continue
		}
		first, last := doc.Versions[0], doc.Versions[len(doc.Versions)-1]
		out = append(out, document{
			ID:            "doc-" + strconv.FormatInt(doc.ID, 10),
			DocumentType:  documentTypes[doc.Kind],
			Title:         doc.Title,
			DatePublished: stamp(first.At),
			DateModified:  stamp(last.At),
			Format:        last.ContentType,
			Language:      cmp.Or(b.o.Language, "nb"),
		})
	}
	slices.SortFunc(out, func(a, c document) int { return cmp.Compare(docNum(a.ID), docNum(c.ID)) })
	return out
}

func docNum(id string) int64 {
	n, _ := strconv.ParseInt(strings.TrimPrefix(id, "doc-"), 10, 64)
	return n
}

// milestones are the tender's dated steps that are not periods: the
// dialogue conference, the bidders' conference, the presentations, and the
// standstill, whose end is when the contract may first be signed. A
// milestone is met when its date has passed at the release's date.
func (b *builder) milestones() []milestone {
	t := b.d.Tender
	var out []milestone
	add := func(id, typ, code, title string, due time.Time, desc string) {
		if due.IsZero() {
			return
		}
		m := milestone{ID: id, Title: title, Type: typ, Code: code, Description: desc, DueDate: stamp(due), Status: "scheduled"}
		if !due.After(b.asOf) {
			m.Status, m.DateMet = "met", stamp(due)
		}
		out = append(out, m)
	}
	add("milestone-dialogue", "preProcurement", "dialogueConference", "Dialogkonferanse",
		cmp.Or(t.Dialogue.Conference.At, t.At(procurement.MilestoneDialogue)), "")
	add("milestone-conference", "engagement", "biddersConference", "Tilbudskonferanse",
		cmp.Or(t.Conference.At, t.At(procurement.MilestoneConference)), "")
	add("milestone-presentations", "assessment", "presentations", "Presentasjoner",
		t.At(procurement.MilestonePresentations), "")
	if a := b.d.Award; a != nil && !a.StandstillEnd.IsZero() {
		add("milestone-standstill", "approval", "standstillEnd", "Karensperioden utløper", a.StandstillEnd,
			fmt.Sprintf("Karensperiode på %d dager fra meddelelsen om tildeling; kontrakten kan tidligst inngås ved periodens utløp.", a.StandstillDays))
	} else {
		add("milestone-standstill", "approval", "standstillEnd", "Karensperioden utløper",
			t.At(procurement.MilestoneStandstillEnd), "")
	}
	slices.SortStableFunc(out, func(a, c milestone) int { return strings.Compare(*a.DueDate, *c.DueDate) })
	return out
}

// enquiries are the questions whose answers were published to every
// supplier, without the asker: the question is private between the asker and
// the buyer, the answer public.
func (b *builder) enquiries() []enquiry {
	qs := slices.Clone(b.d.Questions)
	slices.SortFunc(qs, func(a, c procurement.Question) int {
		return cmp.Or(a.AskedAt.Compare(c.AskedAt), cmp.Compare(a.ID, c.ID))
	})
	var out []enquiry
	for _, q := range qs {
		if q.PublishedAt.IsZero() {
			continue
		}
		out = append(out, enquiry{
			ID:           "enquiry-" + strconv.FormatInt(q.ID, 10),
			Date:         stamp(q.AskedAt),
			Title:        "Spørsmål " + strconv.Itoa(len(out)+1),
			Description:  q.Text,
			Answer:       q.Answer,
			DateAnswered: stamp(q.PublishedAt),
		})
	}
	return out
}

func bidID(id domain.ID) string { return "bid-" + strconv.FormatInt(id, 10) }

// bids are written after the opening only: the opened bids with their
// prices (pending until the award, valid after it; a bid whose sealed
// content did not open intact stays pending), the withdrawn ones, and the
// statistics.
func (b *builder) bids() *bids {
	d := b.d
	op := d.Opening
	out := &bids{}
	for _, ob := range op.Bids {
		status := "pending"
		if d.Award != nil && ob.Intact {
			status = "valid"
		}
		out.Details = append(out.Details, bidDetail{
			ID: bidID(ob.BidID), Date: stamp(ob.ReceivedAt), Status: status,
			Tenderers: []orgRef{b.supplierRef(ob.SupplierID)}, Value: nok(ob.Price.Total),
		})
	}
	withdrawn := 0
	for _, bd := range d.Bids {
		if bd.Status != procurement.BidWithdrawn {
			continue
		}
		withdrawn++
		out.Details = append(out.Details, bidDetail{
			ID: bidID(bd.ID), Date: stamp(bd.ReceivedAt), Status: "withdrawn",
			Tenderers: []orgRef{b.supplierRef(bd.SupplierID)},
		})
	}
	slices.SortFunc(out.Details, func(a, c bidDetail) int { return cmp.Compare(bidNum(a.ID), bidNum(c.ID)) })
	at := stamp(op.OpenedAt)
	n := float64(len(op.Bids))
	out.Statistics = []statistic{
		{ID: "statistic-bids", Measure: "bids", Date: at, Value: n},
		{ID: "statistic-bidders", Measure: "bidders", Date: at, Value: float64(len(b.tendererIDs()))},
		// Every bid is received through the supplier portal.
		{ID: "statistic-electronic-bids", Measure: "electronicBids", Date: at, Value: n},
	}
	return out
}

func bidNum(id string) int64 {
	n, _ := strconv.ParseInt(strings.TrimPrefix(id, "bid-"), 10, 64)
	return n
}

func (b *builder) awardID() string { return "award-" + strconv.FormatInt(b.d.Tender.ID, 10) }

// award: pending during the standstill (the codelist: "proposed, but not
// yet in force ... due to a cooling off period"), active once the contract
// is signed.
func (b *builder) award() award {
	a := b.d.Award
	ob := openedBid(b.d, a.WinnerBidID)
	status := "pending"
	if b.d.Contract != nil {
		status = "active"
	}
	return award{
		ID:          b.awardID(),
		Title:       "Tildeling: " + b.d.Tender.Title,
		Description: a.Reasons,
		Status:      status,
		Date:        stamp(a.DecidedAt),
		Value:       nok(ob.Price.Total),
		Suppliers:   []orgRef{b.supplierRef(ob.SupplierID)},
		RelatedBid:  bidID(a.WinnerBidID),
	}
}

func (b *builder) contract() contract {
	c := b.d.Contract
	out := contract{
		ID:         "contract-" + strconv.FormatInt(b.d.Tender.ID, 10),
		AwardID:    b.awardID(),
		Title:      cmp.Or(c.Reference, b.d.Tender.Title),
		Status:     "active",
		Value:      nok(c.Value),
		DateSigned: stamp(c.SignedAt),
	}
	out.Documents = b.documents(func(doc procurement.Document) bool { return c.DocumentID != 0 && doc.ID == c.DocumentID })
	for i := range out.Documents {
		out.Documents[i].ID = "contract-" + out.Documents[i].ID
		out.Documents[i].DocumentType = "contractSigned"
	}
	return out
}

// uniqueIDs checks that no two objects of the release share an id, so that
// a reference (awardID, relatedBid, a party id) names one thing.
func uniqueIDs(r release) error {
	seen := map[string]string{}
	var dup []string
	see := func(kind, id string) {
		if prev, ok := seen[id]; ok {
			dup = append(dup, fmt.Sprintf("%s %q (also %s)", kind, id, prev))
			return
		}
		seen[id] = kind
	}
	for _, p := range r.Parties {
		see("party", p.ID)
	}
	if t := r.Tender; t != nil {
		see("tender", t.ID)
		for _, x := range t.Items {
			see("item", x.ID)
		}
		for _, x := range t.Lots {
			see("lot", x.ID)
		}
		for _, x := range t.Documents {
			see("document", x.ID)
		}
		for _, x := range t.Milestones {
			see("milestone", x.ID)
		}
		for _, x := range t.Enquiries {
			see("enquiry", x.ID)
		}
	}
	if r.Bids != nil {
		for _, x := range r.Bids.Statistics {
			see("statistic", x.ID)
		}
		for _, x := range r.Bids.Details {
			see("bid", x.ID)
		}
	}
	for _, x := range r.Awards {
		see("award", x.ID)
	}
	for _, x := range r.Contracts {
		see("contract", x.ID)
		for _, doc := range x.Documents {
			see("contract document", doc.ID)
		}
	}
	if len(dup) > 0 {
		return fmt.Errorf("ocds: duplicate ids: %s", strings.Join(dup, "; "))
	}
	return nil
}
