package eforms

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo must load on hosts without a zone database
)

// SDKVersion is the eForms SDK the notices follow (OPT-002).
const SDKVersion = "eforms-sdk-1.15"

// Doffin's CustomizationID suffixes (eforms-sdk-nor README): ProfileEU for
// notices above the thresholds that Doffin passes on to TED, ProfileNational
// for the national notices below them.
const (
	ProfileEU       = "#extended#urn:fdc:anskaffelser.no:2023:eforms:eu"
	ProfileNational = "#extended#urn:fdc:anskaffelser.no:2023:eforms:national"
)

// regulationELI identifies the Public Procurement Regulations (forskrift om
// offentlige anskaffelser, FOR-2016-08-12-974) after the template Lovdata
// registered with EUR-Lex (ELI register, Norway:
// /eli/{jurisdiction}/{type}/{year}/{month}/{day}/{natural_identifier}, the
// jurisdiction left out for national law). The exact URI is not checked
// against Lovdata, and Doffin's list of legal bases for BT-01(d) was not
// found; Doffin wants the national legal basis as an ELI (BT-01(c),
// eforms-sdk-nor docs/procurements-beneath-threshold.md).
const regulationELI = "https://lovdata.no/eli/forskrift/2016/08/12/974"

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic("eforms: Europe/Oslo: " + err.Error())
	}
	return loc
}()

// ContractNotice writes the contract notice: subtype 16 (Directive
// 2014/24/EU) or, for a national procedure, E3.
//
// Errors: domain.KindInvalid naming every field of n the notice needs and
// lacks.
func ContractNotice(n Notice) ([]byte, error) {
	if err := n.validate(false); err != nil {
		return nil, err
	}
	w := writer{n: n, award: false}
	return w.document(), nil
}

// AwardNotice writes the contract award notice: subtype 29 or, for a
// national procedure, E4. Every lot needs its Result.
//
// Errors: domain.KindInvalid naming every field of n the notice needs and
// lacks.
func AwardNotice(n Notice) ([]byte, error) {
	if err := n.validate(true); err != nil {
		return nil, err
	}
	w := writer{n: n, award: true}
	return w.document(), nil
}

// OfficialForm returns a notice as the official SDK expects it: Doffin's
// profile suffix taken off the CustomizationID (what Doffin's filter does
// before TED validates a notice). Nothing else changes.
func OfficialForm(notice []byte) []byte {
	out := notice
	for _, p := range []string{ProfileEU, ProfileNational} {
		out = bytes.Replace(out, []byte(SDKVersion+p+"<"), []byte(SDKVersion+"<"), 1)
	}
	return out
}

// Subtype returns the notice subtype (OPP-070) the notice of n is written
// as: "16" or "E3" for a contract notice, "29" or "E4" for an award notice.
func Subtype(n Notice, award bool) string {
	switch {
	case award && n.National:
		return "E4"
	case award:
		return "29"
	case n.National:
		return "E3"
	}
	return "16"
}

// Organisation ids inside the notice (OPT-200): the buyer, the review body,
// then one per winner.
const (
	orgBuyer  = "ORG-0001"
	orgReview = "ORG-0002"
)

type writer struct {
	n     Notice
	award bool
}

func seq(prefix string, i int) string { return fmt.Sprintf("%s-%04d", prefix, i+1) }

func (w writer) lang() attr { return at("languageID", w.n.Language) }

func (w writer) document() []byte {
	n := w.n
	root := "ContractNotice"
	typeCode := el("cbc:NoticeTypeCode", at("listName", "competition"), "cn-standard")
	if w.award {
		root = "ContractAwardNotice"
		typeCode = el("cbc:NoticeTypeCode", at("listName", "result"), "can-standard")
	}
	profile, domainCode := ProfileEU, "32014L0024"
	if n.National {
		profile, domainCode = ProfileNational, "other"
	}
	doc := el(root,
		at("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:"+root+"-2"),
		at("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
		at("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
		at("xmlns:ext", "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"),
		at("xmlns:efac", "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"),
		at("xmlns:efbc", "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"),
		at("xmlns:efext", "http://data.europa.eu/p27/eforms-ubl-extensions/1"),
		extensions(el("efext:EformsExtension",
			w.noticeResult(),
			el("efac:NoticeSubType", el("cbc:SubTypeCode", at("listName", "notice-subtype"), Subtype(n, w.award))),
			w.organisations(),
		)),
		el("cbc:UBLVersionID", "2.3"),
		el("cbc:CustomizationID", SDKVersion+profile),
		el("cbc:ID", at("schemeName", "notice-id"), n.ID),
		el("cbc:ContractFolderID", n.Procedure.ID),
		el("cbc:IssueDate", date(n.Issued)),
		el("cbc:IssueTime", clock(n.Issued)),
		el("cbc:VersionID", fmt.Sprintf("%02d", n.Version)),
		el("cbc:RegulatoryDomain", domainCode),
		typeCode,
		el("cbc:NoticeLanguageCode", n.Language),
		el("cac:ContractingParty",
			el("cac:ContractingPartyType", el("cbc:PartyTypeCode", at("listName", "buyer-legal-type"), n.Buyer.LegalType)),
			el("cac:ContractingActivity", el("cbc:ActivityTypeCode", at("listName", "authority-activity"), n.Buyer.Activity)),
			el("cac:Party", partyID("cac:PartyIdentification", orgBuyer)),
		),
		w.procedureTerms(),
		w.procedureProcess(),
		w.project(n.Procedure.Title, n.Procedure.Description, n.Procedure.CPV, n.Procedure.EstimatedValue, 0),
		w.lots(),
		w.tenderResult(),
	)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	doc.write(&b, 0)
	return b.Bytes()
}

func extensions(content *node) *node {
	return el("ext:UBLExtensions", el("ext:UBLExtension", el("ext:ExtensionContent", content)))
}

func partyID(wrapper, id string) *node {
	return el(wrapper, el("cbc:ID", at("schemeName", "organization"), id))
}

func (w writer) organisations() *node {
	orgs := el("efac:Organizations",
		w.company(orgBuyer, w.n.Buyer.Organisation, true),
		w.company(orgReview, w.n.ReviewBody, false),
	)
	if w.award {
		written := map[string]bool{}
		for i, l := range w.n.Lots {
			id := w.winnerID(i)
			if written[id] {
				continue
			}
			written[id] = true
			c := w.company(id, l.Result.Winner, false)
			company := c.children[0]
			company.children = append([]*node{el("efbc:CompanySizeCode", at("listName", "economic-operator-size"), l.Result.WinnerSize)}, company.children...)
			orgs.children = append(orgs.children, c)
		}
	}
	return orgs
}

// winnerID is the organisation id of lot i's winner: a supplier that wins
// several lots is one organisation, numbered after the buyer and the review
// body in the order of the lots it first wins.
func (w writer) winnerID(i int) string {
	ids := map[string]string{}
	for j, l := range w.n.Lots[:i+1] {
		key := digits(l.Result.Winner.OrgNumber)
		if _, ok := ids[key]; !ok {
			ids[key] = seq("ORG", len(ids)+2)
		}
		if j == i {
			return ids[key]
		}
	}
	return ""
}

func (w writer) company(id string, o Organisation, contact bool) *node {
	var c *node
	if contact {
		c = el("cac:Contact",
			el("cbc:Telephone", o.Phone),
			el("cbc:ElectronicMail", o.Email),
		)
	}
	return el("efac:Organization", el("efac:Company",
		partyID("cac:PartyIdentification", id),
		el("cac:PartyName", el("cbc:Name", w.lang(), o.Name)),
		el("cac:PostalAddress",
			el("cbc:CityName", o.Town),
			el("cbc:PostalZone", o.PostCode),
			el("cbc:CountrySubentityCode", at("listName", "nuts"), o.NUTS),
			el("cac:Country", el("cbc:IdentificationCode", at("listName", "country"), o.Country)),
		),
		el("cac:PartyLegalEntity", el("cbc:CompanyID", digits(o.OrgNumber))),
		c,
	))
}

// procedureTerms holds the legal basis of a national notice and, in a
// contract notice, where the exclusion grounds are (the procurement
// documents).
func (w writer) procedureTerms() *node {
	var legal, exclusion *node
	if w.n.National {
		legal = el("cac:ProcurementLegislationDocumentReference",
			el("cbc:ID", at("schemeName", "ELI"), regulationELI),
			el("cbc:DocumentDescription", w.lang(), w.text(
				"Forskrift om offentlige anskaffelser (anskaffelsesforskriften) del I og II",
				"Public Procurement Regulations (anskaffelsesforskriften), Parts I and II")),
		)
	}
	if !w.award {
		exclusion = requirement("exclusion-grounds-source", "epo-procurement-document")
	}
	if legal == nil && exclusion == nil {
		return nil
	}
	return el("cac:TenderingTerms", legal, exclusion)
}

func (w writer) text(nor, eng string) string {
	if w.n.Language == "NOR" {
		return nor
	}
	return eng
}

func requirement(list, code string) *node {
	return el("cac:TendererQualificationRequest", el("cac:SpecificTendererRequirement",
		el("cbc:TendererRequirementTypeCode", at("listName", list), code)))
}

func (w writer) procedureProcess() *node {
	var accelerated *node
	// The accelerated procedure (BT-106) exists only in these three.
	if !w.award && !w.n.National && oneOf(w.n.Procedure.Type, []string{"open", "restricted", "neg-w-call"}) {
		accelerated = el("cac:ProcessJustification",
			el("cbc:ProcessReasonCode", at("listName", "accelerated-procedure"), "false"))
	}
	return el("cac:TenderingProcess",
		el("cbc:ProcedureCode", at("listName", "procurement-procedure-type"), w.n.Procedure.Type),
		accelerated,
	)
}

// project describes the procedure or a lot; months > 0 adds the duration
// (BT-36), which only a lot has.
func (w writer) project(title, description, cpv string, value float64, months int) *node {
	var period *node
	if months > 0 {
		period = el("cac:PlannedPeriod", el("cbc:DurationMeasure", at("unitCode", "MONTH"), strconv.Itoa(months)))
	}
	return el("cac:ProcurementProject",
		el("cbc:Name", w.lang(), title),
		el("cbc:Description", w.lang(), description),
		el("cbc:ProcurementTypeCode", at("listName", "contract-nature"), w.n.Procedure.Nature),
		el("cac:RequestedTenderTotal", el("cbc:EstimatedOverallContractAmount", at("currencyID", "NOK"), amount(value))),
		el("cac:MainCommodityClassification", el("cbc:ItemClassificationCode", at("listName", "cpv"), cpv8(cpv))),
		el("cac:RealizedLocation", el("cac:Address",
			el("cbc:CountrySubentityCode", at("listName", "nuts"), w.n.Procedure.PlaceNUTS),
			el("cac:Country", el("cbc:IdentificationCode", at("listName", "country"), "NOR")),
		)),
		period,
	)
}

func (w writer) lots() []*node {
	out := make([]*node, 0, len(w.n.Lots))
	for _, l := range w.n.Lots {
		out = append(out, el("cac:ProcurementProjectLot",
			el("cbc:ID", at("schemeName", "Lot"), l.ID),
			w.lotTerms(l),
			w.lotProcess(l),
			w.project(l.Title, l.Description, l.CPV, l.EstimatedValue, l.DurationMonths),
		))
	}
	return out
}

func (w writer) lotTerms(l Lot) *node {
	t := el("cac:TenderingTerms")
	add := func(c ...*node) { t.children = append(t.children, c...) }
	if !w.n.National {
		add(el("cbc:FundingProgramCode", at("listName", "eu-funded"), "no-eu-funds"))
	}
	if !w.award {
		add(el("cac:CallForTendersDocumentReference",
			el("cbc:ID", l.ID+"-DOC"),
			el("cbc:DocumentType", "non-restricted-document"),
			el("cac:Attachment", el("cac:ExternalReference", el("cbc:URI", l.DocumentsURL))),
		))
		if !w.n.National {
			add(requirement("reserved-procurement", "none"))
		}
		add(requirement("selection-criteria-source", "epo-procurement-document"))
		if !w.n.National {
			add(
				el("cac:ContractExecutionRequirement", el("cbc:ExecutionRequirementCode", at("listName", "reserved-execution"), "no")),
				el("cac:ContractExecutionRequirement", el("cbc:ExecutionRequirementCode", at("listName", "einvoicing"), "required")),
				el("cac:ContractExecutionRequirement", el("cbc:ExecutionRequirementCode", at("listName", "ecatalog-submission"), "not-allowed")),
			)
		}
	}
	add(w.criteria(l, !w.award && !w.n.National && w.n.Procedure.Type == "neg-w-call"))
	if !w.award {
		add(el("cac:TenderRecipientParty", el("cbc:EndpointID", l.SubmissionURL)))
		// Only an open procedure states the validity (BR-BT-00098-0052);
		// the national notices leave it to the documents.
		if l.ValidityDays > 0 && !w.n.National && w.n.Procedure.Type == "open" {
			add(el("cac:TenderValidityPeriod", el("cbc:DurationMeasure", at("unitCode", "DAY"), strconv.Itoa(l.ValidityDays))))
		}
	}
	var review *node
	if w.n.ReviewInfo != "" {
		review = el("cac:PresentationPeriod", el("cbc:Description", w.lang(), w.n.ReviewInfo))
	}
	add(el("cac:AppealTerms", review, el("cac:AppealReceiverParty", partyID("cac:PartyIdentification", orgReview))))
	if !w.award {
		add(el("cac:Language", el("cbc:ID", w.n.Language)))
		if !w.n.National {
			// Electronic ordering and payment (BT-92, BT-93): Norwegian
			// public buyers must receive e-invoices (EHF).
			add(el("cac:PostAwardProcess",
				el("cbc:ElectronicOrderUsageIndicator", "false"),
				el("cbc:ElectronicPaymentUsageIndicator", "true"),
			))
		}
	}
	return t
}

// criteria writes the award criteria; negotiated adds whether the buyer
// may award without negotiating (BT-120).
func (w writer) criteria(l Lot, negotiated bool) *node {
	var noNegotiation *node
	if negotiated {
		noNegotiation = el("cbc:NoFurtherNegotiationIndicator", strconv.FormatBool(l.AwardWithoutNegotiation))
	}
	ac := el("cac:AwardingCriterion")
	for _, c := range l.Criteria {
		ac.children = append(ac.children, el("cac:SubordinateAwardingCriterion",
			extensions(el("efext:EformsExtension", el("efac:AwardCriterionParameter",
				el("efbc:ParameterCode", at("listName", "number-weight"), "per-exa"),
				el("efbc:ParameterNumeric", strconv.Itoa(c.Weight)),
			))),
			el("cbc:AwardingCriterionTypeCode", at("listName", "award-criterion-type"), c.Type),
			el("cbc:Name", w.lang(), c.Name),
			el("cbc:Description", w.lang(), c.Description),
		))
	}
	return el("cac:AwardingTerms", noNegotiation, ac)
}

func (w writer) lotProcess(l Lot) *node {
	p := el("cac:TenderingProcess")
	add := func(c ...*node) { p.children = append(p.children, c...) }
	if !w.award {
		add(el("cbc:SubmissionMethodCode", at("listName", "esubmission"), "required"))
		if !w.n.National && oneOf(w.n.Procedure.Type, []string{"neg-w-call", "comp-dial"}) {
			add(el("cbc:CandidateReductionConstraintIndicator", strconv.FormatBool(l.SuccessiveReduction)))
		}
	}
	if !w.n.National {
		// Norway is a party to the WTO Government Procurement Agreement,
		// which covers municipalities' procurement above the thresholds.
		add(el("cbc:GovernmentAgreementConstraintIndicator", "true"))
	}
	open := w.n.Procedure.Type == "open"
	if !w.award {
		period := "cac:ParticipationRequestReceptionPeriod"
		if open {
			period = "cac:TenderSubmissionDeadlinePeriod"
		}
		add(el(period,
			el("cbc:EndDate", date(l.Deadline)),
			el("cbc:EndTime", clock(l.Deadline)),
		))
		if !open {
			limited, most := "false", (*node)(nil)
			if l.MaxCandidates > 0 {
				limited, most = "true", el("cbc:MaximumQuantity", strconv.Itoa(l.MaxCandidates))
			}
			add(el("cac:EconomicOperatorShortList",
				el("cbc:LimitationDescription", limited),
				most,
				el("cbc:MinimumQuantity", strconv.Itoa(l.MinCandidates)),
			))
		}
	}
	if !w.n.National {
		add(el("cac:AuctionTerms", el("cbc:AuctionConstraintIndicator", "false")))
	}
	add(el("cac:ContractingSystem", el("cbc:ContractingSystemTypeCode", at("listName", "framework-agreement"), "none")))
	if !w.n.National {
		add(el("cac:ContractingSystem", el("cbc:ContractingSystemTypeCode", at("listName", "dps-usage"), "none")))
	}
	return p
}

// noticeResult is the award notice's result section: per lot the result,
// the winning tender, the contract and the winner as tendering party.
func (w writer) noticeResult() *node {
	if !w.award {
		return nil
	}
	total := 0.0
	var results, tenders, contracts, parties []*node
	for i, l := range w.n.Lots {
		r := l.Result
		total += r.TenderValue
		ten, con, tpa := seq("TEN", i), seq("CON", i), seq("TPA", i)
		results = append(results, el("efac:LotResult",
			el("cbc:ID", at("schemeName", "result"), seq("RES", i)),
			el("cbc:TenderResultCode", at("listName", "winner-selection-status"), "selec-w"),
			el("efac:LotTender", el("cbc:ID", at("schemeName", "tender"), ten)),
			statistics(r),
			el("efac:SettledContract", el("cbc:ID", at("schemeName", "contract"), con)),
			el("efac:TenderLot", el("cbc:ID", at("schemeName", "Lot"), l.ID)),
		))
		tenders = append(tenders, el("efac:LotTender",
			el("cbc:ID", at("schemeName", "tender"), ten),
			el("cac:LegalMonetaryTotal", el("cbc:PayableAmount", at("currencyID", "NOK"), amount(r.TenderValue))),
			el("efac:SubcontractingTerm", el("efbc:TermCode", at("listName", "applicability"), r.Subcontracting)),
			el("efac:TenderingParty", el("cbc:ID", at("schemeName", "tendering-party"), tpa)),
			el("efac:TenderLot", el("cbc:ID", at("schemeName", "Lot"), l.ID)),
			el("efac:TenderReference", el("cbc:ID", r.TenderID)),
		))
		contracts = append(contracts, el("efac:SettledContract",
			el("cbc:ID", at("schemeName", "contract"), con),
			el("cbc:AwardDate", date(r.AwardDecision)),
			el("cbc:IssueDate", date(r.ContractSigned)),
			el("efac:ContractReference", el("cbc:ID", r.ContractID)),
			el("efac:LotTender", el("cbc:ID", at("schemeName", "tender"), ten)),
		))
		parties = append(parties, el("efac:TenderingParty",
			el("cbc:ID", at("schemeName", "tendering-party"), tpa),
			el("efac:Tenderer", el("cbc:ID", at("schemeName", "organization"), w.winnerID(i))),
		))
	}
	return el("efac:NoticeResult",
		el("cbc:TotalAmount", at("currencyID", "NOK"), amount(total)),
		results, tenders, contracts, parties,
	)
}

// statistics breaks the tenders received down the way the SDK wants once
// any count is given (rules BR-BT-13713-0117 to -0123): by size (SME or
// large), by origin (other EEA country, outside the EEA) and electronic.
func statistics(r *Result) []*node {
	stat := func(code string, v int) *node {
		return el("efac:ReceivedSubmissionsStatistics",
			el("efbc:StatisticsCode", at("listName", "received-submission-type"), code),
			el("efbc:StatisticsNumeric", strconv.Itoa(v)),
		)
	}
	return []*node{
		stat("tenders", r.TendersReceived),
		stat("t-sme", r.TendersSME),
		stat("t-large", r.TendersReceived-r.TendersSME),
		stat("t-oth-eea", r.TendersOtherEEA),
		stat("t-no-eea", r.TendersNonEEA),
		stat("t-esubm", r.TendersReceived),
	}
}

// tenderResult is the award date of the notice (OPT-999): the earliest
// award decision of its lots.
func (w writer) tenderResult() *node {
	if !w.award {
		return nil
	}
	first := w.n.Lots[0].Result.AwardDecision
	for _, l := range w.n.Lots[1:] {
		if l.Result.AwardDecision.Before(first) {
			first = l.Result.AwardDecision
		}
	}
	return el("cac:TenderResult", el("cbc:AwardDate", date(first)))
}

// date and clock write an instant as its Oslo date and time with the UTC
// offset, the form the SDK's date and time patterns take.
func date(t time.Time) string {
	t = t.In(oslo)
	return t.Format("2006-01-02") + offset(t)
}

func clock(t time.Time) string {
	t = t.In(oslo)
	return t.Format("15:04:05") + offset(t)
}

func offset(t time.Time) string {
	_, secs := t.Zone()
	if secs == 0 {
		return "Z"
	}
	return t.Format("-07:00")
}

// amount writes NOK rounded to øre, without trailing zeros.
func amount(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// cpv8 drops the check digit: the SDK's cpv codelist holds the eight
// digits.
func cpv8(s string) string {
	code, _, _ := strings.Cut(s, "-")
	return code
}
