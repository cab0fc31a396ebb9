package eforms

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// The translation keys of this package's field errors beyond the shared
// ones (field.required, field.one_of, field.between).
const (
	codeUUID      = "eforms.uuid_invalid"
	codeOrgNumber = "procurement.orgnr_invalid"
	codeCPV       = "eforms.cpv_invalid"
	codeNUTS      = "eforms.nuts_invalid"
	codeURL       = "eforms.url_invalid"
	codeEmail     = "eforms.email_invalid"
	codeAmount    = "eforms.amount_invalid"
	codeWeights   = "eforms.weights_sum"
	codeLotID     = "eforms.lot_id_invalid"
	codeDateOrder = "eforms.date_order"
)

var (
	// The SDK's pattern for BT-701 and BT-04 (BR-BT-00004-0052): a
	// lower-case UUID version 4.
	uuidV4 = regexp.MustCompile(`^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$`)
	// The codelist cpv holds the eight digits; the check digit after the
	// hyphen is not written.
	cpvCode = regexp.MustCompile(`^[0-9]{8}(-[0-9])?$`)
	// Norwegian NUTS 2021 level-3 regions (codelist nuts, SDK 1.15.1):
	// "NO" and three characters such as NO060 Trøndelag, NO0A2 Vestland.
	nutsNO = regexp.MustCompile(`^NO0[0-9A-Z][0-9]$`)
	lotID  = regexp.MustCompile(`^LOT-[0-9]{4}$`)
)

// validate checks that n holds everything the notice needs; award adds the
// lots' results. Fields are named by their JSON path.
//
// Errors: domain.KindInvalid naming every wrong field.
func (n Notice) validate(award bool) error {
	var fs []domain.FieldError
	add := func(path, code string, params ...any) { fs = append(fs, domain.Field(path, code, params...)) }
	text := func(path, v string, most int) { checkText(path, v, most, add) }
	if !uuidV4.MatchString(n.ID) {
		add("id", codeUUID)
	}
	if n.Version < 1 || n.Version > 99 {
		add("version", "field.between", 1, 99)
	}
	if n.Issued.IsZero() {
		add("issued", "field.required")
	}
	switch {
	case n.National && n.Language != "NOR" && n.Language != "ENG":
		add("language", "field.one_of", "NOR, ENG")
	case !n.National && n.Language != "ENG":
		// TED takes only EU official languages (SDK rule BR-BT-00702-0102).
		add("language", "field.one_of", "ENG")
	}
	n.Buyer.Organisation.check("buyer", add, true)
	if !oneOf(n.Buyer.LegalType, buyerLegalTypes) {
		add("buyer.legal_type", "field.one_of", strings.Join(buyerLegalTypes, ", "))
	}
	if !oneOf(n.Buyer.Activity, authorityActivities) {
		add("buyer.activity", "field.one_of", strings.Join(authorityActivities, ", "))
	}
	n.ReviewBody.check("review_body", add, false)
	if !n.National {
		text("review_info", n.ReviewInfo, 6000)
	}

	p := n.Procedure
	if !uuidV4.MatchString(p.ID) {
		add("procedure.id", codeUUID)
	}
	text("procedure.title", p.Title, 400)
	text("procedure.description", p.Description, 6000)
	if !oneOf(p.Type, procedureTypes) {
		add("procedure.type", "field.one_of", strings.Join(procedureTypes, ", "))
	}
	if !oneOf(p.Nature, natures) {
		add("procedure.nature", "field.one_of", strings.Join(natures, ", "))
	}
	if !cpvCode.MatchString(p.CPV) {
		add("procedure.cpv", codeCPV)
	}
	if !positive(p.EstimatedValue) {
		add("procedure.estimated_value", codeAmount)
	}
	if !nutsNO.MatchString(p.PlaceNUTS) {
		add("procedure.place_nuts", codeNUTS)
	}

	if len(n.Lots) == 0 {
		add("lots", "field.required")
	}
	seen := map[string]bool{}
	for i, l := range n.Lots {
		at := fmt.Sprintf("lots[%d]", i)
		if !lotID.MatchString(l.ID) || seen[l.ID] {
			add(at+".id", codeLotID)
		}
		seen[l.ID] = true
		text(at+".title", l.Title, 400)
		text(at+".description", l.Description, 6000)
		if !cpvCode.MatchString(l.CPV) {
			add(at+".cpv", codeCPV)
		}
		if !positive(l.EstimatedValue) {
			add(at+".estimated_value", codeAmount)
		}
		if len(l.Criteria) == 0 {
			add(at+".criteria", "field.required")
		}
		sum := 0
		for j, c := range l.Criteria {
			cat := fmt.Sprintf("%s.criteria[%d]", at, j)
			if !oneOf(c.Type, criterionTypes) {
				add(cat+".type", "field.one_of", strings.Join(criterionTypes, ", "))
			}
			text(cat+".name", c.Name, 400)
			text(cat+".description", c.Description, 6000)
			if c.Weight < 1 || c.Weight > 100 {
				add(cat+".weight", "field.between", 1, 100)
			}
			sum += c.Weight
		}
		if len(l.Criteria) > 0 && sum != 100 {
			add(at+".criteria", codeWeights, sum)
		}
		if l.Deadline.IsZero() {
			add(at+".deadline", "field.required")
		} else if !award && !n.Issued.IsZero() && !l.Deadline.After(n.Issued) {
			add(at+".deadline", codeDateOrder)
		}
		// Directive 2014/24/EU art. 65(2): at least five candidates in a
		// restricted procedure, three in the others (SDK rule
		// BR-BT-00050-0106 checks the five in subtype 16).
		least := 1
		if !n.National {
			least = 3
			if p.Type == "restricted" {
				least = 5
			}
		}
		if !award && p.Type != "open" && (l.MinCandidates < least || l.MinCandidates > 999) {
			add(at+".min_candidates", "field.between", least, 999)
		}
		if l.MaxCandidates != 0 && (l.MaxCandidates < l.MinCandidates || l.MaxCandidates > 999) {
			add(at+".max_candidates", "field.between", l.MinCandidates, 999)
		}
		if !award && !n.National && p.Type == "open" && (l.ValidityDays < 1 || l.ValidityDays > 999) {
			add(at+".validity_days", "field.between", 1, 999)
		}
		if !award && (l.DurationMonths < 1 || l.DurationMonths > 999) {
			add(at+".duration_months", "field.between", 1, 999)
		}
		if !webURL(l.DocumentsURL) {
			add(at+".documents_url", codeURL)
		}
		if !webURL(l.SubmissionURL) {
			add(at+".submission_url", codeURL)
		}
		if award {
			l.Result.check(at+".result", add)
		}
	}
	if len(fs) > 0 {
		return domain.Invalid("error.invalid_fields", fs...)
	}
	return nil
}

func (o Organisation) check(at string, add func(string, string, ...any), contact bool) {
	checkText(at+".name", o.Name, 400, add)
	if !orgNumber(o.OrgNumber) {
		add(at+".org_number", codeOrgNumber)
	}
	checkText(at+".town", o.Town, 400, add)
	checkText(at+".post_code", o.PostCode, 400, add)
	if o.Country != "NOR" {
		add(at+".country", "field.one_of", "NOR")
	}
	if !nutsNO.MatchString(o.NUTS) {
		add(at+".nuts", codeNUTS)
	}
	if contact {
		checkText(at+".email", o.Email, 400, add)
		if o.Email != "" && !strings.Contains(o.Email, "@") {
			add(at+".email", codeEmail)
		}
		checkText(at+".phone", o.Phone, 30, add)
	}
}

func (r *Result) check(at string, add func(string, string, ...any)) {
	if r == nil {
		add(at, "field.required")
		return
	}
	r.Winner.check(at+".winner", add, false)
	checkText(at+".tender_id", r.TenderID, 100, add)
	if !positive(r.TenderValue) {
		add(at+".tender_value", codeAmount)
	}
	if r.TendersReceived < 1 || r.TendersReceived > 9999 {
		add(at+".tenders_received", "field.between", 1, 9999)
	}
	part := func(path string, v int) {
		if v < 0 || v > r.TendersReceived {
			add(at+path, "field.between", 0, r.TendersReceived)
		}
	}
	part(".tenders_sme", r.TendersSME)
	part(".tenders_other_eea", r.TendersOtherEEA)
	part(".tenders_non_eea", r.TendersNonEEA)
	if r.TendersOtherEEA+r.TendersNonEEA > r.TendersReceived {
		add(at+".tenders_non_eea", "field.between", 0, r.TendersReceived-r.TendersOtherEEA)
	}
	if !oneOf(r.WinnerSize, companySizes) {
		add(at+".winner_size", "field.one_of", strings.Join(companySizes, ", "))
	}
	if !oneOf(r.Subcontracting, subcontracting) {
		add(at+".subcontracting", "field.one_of", strings.Join(subcontracting, ", "))
	}
	if r.AwardDecision.IsZero() {
		add(at+".award_decision", "field.required")
	}
	if r.ContractSigned.IsZero() {
		add(at+".contract_signed", "field.required")
	} else if !r.AwardDecision.IsZero() && r.ContractSigned.Before(r.AwardDecision) {
		add(at+".contract_signed", codeDateOrder)
	}
	checkText(at+".contract_id", r.ContractID, 100, add)
}

// checkText requires a text of at most most characters after white space
// is collapsed, the limits of the SDK's *_length rules.
func checkText(path, v string, most int, add func(string, string, ...any)) {
	norm := strings.Join(strings.Fields(v), " ")
	switch {
	case norm == "":
		add(path, "field.required")
	case utf8.RuneCountInString(norm) > most:
		add(path, "field.too_long", most)
	}
}

// orgNumber checks a Norwegian organisation number: nine digits (spaces
// allowed), the last a modulus 11 check digit over the first eight weighted
// 3, 2, 7, 6, 5, 4, 3, 2 (Brønnøysundregistrene, "Construction of the
// Norwegian organization number").
func orgNumber(s string) bool {
	d := digits(s)
	if len(d) != 9 {
		return false
	}
	w := [8]int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	check := (11 - sum%11) % 11
	return check != 10 && int(d[8]-'0') == check
}

// digits returns s without spaces, or "" when s holds anything else.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0':
		default:
			return ""
		}
	}
	return b.String()
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= 400
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// The codes a Notice may use, a subset of the SDK 1.15.1 codelists that fits
// a Norwegian public buyer.
var (
	procedureTypes = []string{"open", "restricted", "neg-w-call", "comp-dial"}
	natures        = []string{"services", "supplies", "works"}
	criterionTypes = []string{"price", "quality", "cost"}
	// buyer-legal-type: Doffin's national tailoring allows only the
	// specific types below the thresholds (eforms-sdk-nor,
	// docs/procurements-beneath-threshold.md, BT-11).
	buyerLegalTypes = []string{"la", "ra", "cga", "body-pl-la", "body-pl-ra", "body-pl-cga", "pub-undert-la", "pub-undert-ra", "pub-undert-cga"}
	companySizes    = []string{"micro", "small", "medium", "large"}
	subcontracting  = []string{"yes", "no", "not-known"}
	// authority-activity.
	authorityActivities = []string{"gen-pub", "defence", "econ-aff", "education", "env-pro", "hc-am", "health", "pub-os", "rcr", "soc-pro"}
)
