package procurement

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Text limits of the values people type.
const (
	maxReference = 40
	maxTitle     = 200
	maxText      = 20000
	maxQuestion  = 4000
)

// Validate checks a tender's own fields, every error at once, at the JSON
// paths of the values; publishing adds what a published tender must have
// (a bid deadline). The services bought (Items) are checked by the
// Manager, which can read the catalogue.
//
// Rules: reference required, at most 40 characters, without spaces at
// either end; title required; the procedure allowed for the regulation
// part the estimated value falls in (CheckProcedure, DerivePart); the value
// a finite number ≥ 0; the CPV code in the form "NNNNNNNN-N"; lots numbered
// 1..n with titles; milestones of known kinds, each once, in the order of
// MilestoneKinds (equal times allowed); the opening not before the deadline;
// the buyer as Buyer.Validate says.
//
// The CPV check digit is not verified: the Publications Office, which
// maintains the CPV, confirms that the published check digits of the 2008
// revision do not follow the rule its documentation gives (OP-TED/ePO
// discussion 589, 2024), so a computed digit would refuse real codes.
func (t Tender) Validate(th Thresholds, publishing bool) []domain.FieldError {
	var errs []domain.FieldError
	switch {
	case t.Reference == "":
		errs = append(errs, domain.Field("reference", "field.required"))
	case strings.TrimSpace(t.Reference) != t.Reference:
		errs = append(errs, domain.Field("reference", "procurement.reference_spaces"))
	}
	errs = domain.MaxLen(errs, "reference", t.Reference, maxReference)
	errs = domain.Required(errs, "title", strings.TrimSpace(t.Title))
	errs = domain.MaxLen(errs, "title", t.Title, maxTitle)
	errs = domain.MaxLen(errs, "description", t.Description, maxText)
	valueOK := !math.IsNaN(t.EstimatedValue) && !math.IsInf(t.EstimatedValue, 0) && t.EstimatedValue >= 0
	if !valueOK {
		errs = append(errs, domain.Field("estimated_value", "procurement.value_negative"))
		errs = append(errs, domain.OneOf(nil, "procedure", t.Procedure, Procedures)...)
	} else {
		errs = append(errs, CheckProcedure("procedure", t.Procedure, DerivePart(t.EstimatedValue, t.Works, th))...)
	}
	if t.CPV != "" && !validCPV(t.CPV) {
		errs = append(errs, domain.Field("cpv", "procurement.cpv_invalid"))
	}
	for i, l := range t.Lots {
		path := fmt.Sprintf("lots[%d]", i)
		if l.Number != i+1 {
			errs = append(errs, domain.Field(path+".number", "procurement.lot_number", i+1))
		}
		errs = domain.Required(errs, path+".title", strings.TrimSpace(l.Title))
		if l.EstimatedValue < 0 || math.IsNaN(l.EstimatedValue) || math.IsInf(l.EstimatedValue, 0) {
			errs = append(errs, domain.Field(path+".estimated_value", "procurement.value_negative"))
		}
	}
	errs = append(errs, checkMilestones(t.Milestones)...)
	errs = append(errs, t.Buyer.Validate()...)
	if publishing && t.Deadline().IsZero() {
		errs = append(errs, domain.Field("milestones", "procurement.deadline_required"))
	}
	return errs
}

// Validate checks the contracting authority at the tender's paths
// ("buyer.name" …). A tender may leave the buyer empty while it is planned;
// once any field is given the name is required, and what is given must be
// of its form: the organisation number by ParseOrgNumber, the e-mail a
// single address (net/mail), the NUTS code a Norwegian level-3 region
// ("NO" and three characters, e.g. NO060 Trøndelag, NO0A2 Vestland: the
// level the eForms notices ask for, package eforms), the URL an https
// address.
func (b Buyer) Validate() []domain.FieldError {
	if b == (Buyer{}) {
		return nil
	}
	var errs []domain.FieldError
	errs = domain.Required(errs, "buyer.name", strings.TrimSpace(b.Name))
	errs = domain.MaxLen(errs, "buyer.name", b.Name, maxTitle)
	if b.OrgNumber != "" {
		if _, err := ParseOrgNumber(b.OrgNumber); err != nil {
			errs = append(errs, domain.Field("buyer.org_number", err.Error()))
		}
	}
	errs = domain.MaxLen(errs, "buyer.street", b.Street, maxTitle)
	errs = domain.MaxLen(errs, "buyer.post_code", b.PostCode, 20)
	errs = domain.MaxLen(errs, "buyer.town", b.Town, maxTitle)
	if b.NUTS != "" && !buyerNUTS.MatchString(b.NUTS) {
		errs = append(errs, domain.Field("buyer.nuts", "eforms.nuts_invalid"))
	}
	if b.Email != "" {
		if a, err := mail.ParseAddress(b.Email); err != nil || a.Address != b.Email {
			errs = append(errs, domain.Field("buyer.email", "procurement.email_invalid"))
		}
	}
	errs = domain.MaxLen(errs, "buyer.phone", b.Phone, 30)
	if b.URL != "" {
		if u, err := url.Parse(b.URL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, domain.Field("buyer.url", "eforms.url_invalid"))
		}
	}
	return errs
}

// buyerNUTS is a Norwegian NUTS 2021 level-3 code.
var buyerNUTS = regexp.MustCompile(`^NO0[0-9A-Z][0-9]$`)

// normBuyer trims the buyer's fields, upper-cases the NUTS code and
// writes a valid organisation number as its nine digits.
func normBuyer(b *Buyer) {
	for _, f := range []*string{&b.Name, &b.OrgNumber, &b.Street, &b.PostCode, &b.Town, &b.NUTS, &b.Email, &b.Phone, &b.URL} {
		*f = strings.TrimSpace(*f)
	}
	b.NUTS = strings.ToUpper(b.NUTS)
	if n, err := ParseOrgNumber(b.OrgNumber); err == nil {
		b.OrgNumber = n
	}
}

// validCPV reports whether s has the form of a CPV main vocabulary code:
// eight digits, a dash and a check digit.
func validCPV(s string) bool {
	if len(s) != 10 || s[8] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 8 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// checkMilestones checks kinds, duplicates and timeline order.
func checkMilestones(ms []Milestone) []domain.FieldError {
	var errs []domain.FieldError
	seen := map[string]bool{}
	lastRank, lastAt := -1, time.Time{}
	for i, m := range ms {
		path := fmt.Sprintf("milestones[%d]", i)
		rank := slices.Index(MilestoneKinds, m.Kind)
		switch {
		case rank < 0:
			errs = append(errs, domain.Field(path+".kind", "field.one_of", strings.Join(MilestoneKinds, ", ")))
			continue
		case seen[m.Kind]:
			errs = append(errs, domain.Field(path+".kind", "procurement.milestone_duplicate"))
			continue
		}
		seen[m.Kind] = true
		if m.At.IsZero() {
			errs = append(errs, domain.Field(path+".at", "field.required"))
			continue
		}
		if rank < lastRank {
			errs = append(errs, domain.Field(path+".kind", "procurement.milestone_order"))
			continue
		}
		if m.At.Before(lastAt) {
			errs = append(errs, domain.Field(path+".at", "procurement.milestone_order"))
			continue
		}
		lastRank, lastAt = rank, m.At
	}
	return errs
}

// Validate checks a supplier and normalises its organisation number to
// nine digits: name required, a valid organisation number
// (ParseOrgNumber), and the contact e-mail, when given, a single address.
func (s *Supplier) Validate() []domain.FieldError {
	var errs []domain.FieldError
	s.Name = strings.TrimSpace(s.Name)
	s.ContactName = strings.TrimSpace(s.ContactName)
	s.ContactEmail = strings.TrimSpace(s.ContactEmail)
	errs = domain.Required(errs, "name", s.Name)
	errs = domain.MaxLen(errs, "name", s.Name, maxTitle)
	if n, err := ParseOrgNumber(s.OrgNumber); err != nil {
		errs = append(errs, domain.Field("org_number", err.Error()))
	} else {
		s.OrgNumber = n
	}
	if s.ContactEmail != "" {
		a, err := mail.ParseAddress(s.ContactEmail)
		if err != nil || a.Address != s.ContactEmail {
			errs = append(errs, domain.Field("contact_email", "procurement.email_invalid"))
		}
	}
	return errs
}

// Validate checks the market dialogue's own fields: every supplier named
// once among the interested, meetings with a supplier, a start and a
// positive length, learnings with text. Whether the dialogue treats the
// suppliers equally is EqualTreatment's question, shown as warnings.
func (d Dialogue) Validate() []domain.FieldError {
	var errs []domain.FieldError
	seen := map[domain.ID]bool{}
	for i, id := range d.Interested {
		if id == 0 || seen[id] {
			errs = append(errs, domain.Field(fmt.Sprintf("interested[%d]", i), "procurement.supplier_duplicate"))
		}
		seen[id] = true
	}
	for i, m := range d.Meetings {
		path := fmt.Sprintf("meetings[%d]", i)
		if m.SupplierID == 0 {
			errs = append(errs, domain.Field(path+".supplier_id", "field.required"))
		}
		if m.Start.IsZero() {
			errs = append(errs, domain.Field(path+".start", "field.required"))
		}
		if m.Minutes <= 0 || m.Minutes > 24*60 {
			errs = append(errs, domain.Field(path+".minutes", "procurement.minutes_range"))
		}
		errs = domain.MaxLen(errs, path+".notes", m.Notes, maxText)
	}
	for i, l := range d.Learnings {
		errs = domain.Required(errs, fmt.Sprintf("learnings[%d].text", i), strings.TrimSpace(l.Text))
	}
	errs = domain.MaxLen(errs, "conference.minutes", d.Conference.Minutes, maxText)
	errs = domain.MaxLen(errs, "conference.invitation", d.Conference.Invitation, maxText)
	return errs
}

// Validate checks the bidders' conference: minutes within the text limit.
func (c BiddersConference) Validate() []domain.FieldError {
	return domain.MaxLen(nil, "minutes", c.Minutes, maxText)
}

// Validate checks a specification requirement as edited: text required,
// priority "must" or "should".
func (r SpecRequirement) Validate() []domain.FieldError {
	var errs []domain.FieldError
	errs = domain.Required(errs, "text", strings.TrimSpace(r.Text))
	errs = domain.MaxLen(errs, "text", r.Text, maxText)
	errs = domain.OneOf(errs, "priority", r.Priority, SpecPriorities)
	return errs
}

// SpecPriorities are a requirement's priorities: skal (must), bør (should).
var SpecPriorities = []string{"must", "should"}

// checkQuestion checks a question's or answer's text at path.
func checkQuestion(path, text string) []domain.FieldError {
	errs := domain.Required(nil, path, strings.TrimSpace(text))
	return domain.MaxLen(errs, path, text, maxQuestion)
}
