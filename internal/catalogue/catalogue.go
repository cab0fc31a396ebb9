// Package catalogue is the service catalogue: the services a municipality
// delivers, the municipalities of a collaboration with their merger history,
// and each municipality's facts about each service, with where each number
// came from.
package catalogue

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Areas are the service areas (tjenesteområder) of the open catalogue.
// Names are translated under "area.<slug>".
var Areas = []string{
	"styring", "barnehage", "skole", "helse", "omsorg", "sosial", "barnevern",
	"integrering", "kultur", "plan-bygg", "landbruk-miljo", "teknisk",
	"brann-beredskap", "naering", "skatt-eiendom",
}

// TargetGroups are who a service is for.
var TargetGroups = []string{"innbygger", "naeringsliv", "intern"}

// LifeEvents group services by what happens in a person's or business's life.
var LifeEvents = []string{
	"barn-og-familie", "skole-og-utdanning", "bolig-og-eiendom", "bygge", "helse",
	"alderdom", "arbeid-og-velferd", "ny-i-norge", "starte-og-drive-bedrift",
	"kultur-og-fritid", "flytte", "dodsfall-og-arv", "miljo-og-natur", "beredskap", "demokrati",
}

// LegalRef is one legal basis: a law and a section, e.g.
// "Plan- og bygningsloven § 20-1".
type LegalRef struct {
	Law     string `json:"law"`
	Section string `json:"section"`
}

func (r LegalRef) String() string {
	if r.Section == "" {
		return r.Law
	}
	return r.Law + " § " + r.Section
}

var sectionPattern = regexp.MustCompile(`^[0-9]+[a-z]?(-[0-9]+[a-z]?)?( (første|andre|tredje|fjerde|femte) ledd)?$`)

// ParseLegalRef reads "Law § section" as a form or a spreadsheet cell
// writes it. It only splits the text: whether the reference is a valid one
// is Service.Validate's to say, so that a reference is checked the same
// way whichever door it came through.
func ParseLegalRef(s string) LegalRef {
	law, section, _ := strings.Cut(s, "§")
	return LegalRef{Law: strings.TrimSpace(law), Section: strings.TrimSpace(section)}
}

// ParseLegalBasis reads references separated by ";" or new lines, the
// notation of the service form and the spreadsheet column. Blank lines and
// a ";" ending a line separate nothing; an empty reference between two
// separators is kept, for Service.Validate to refuse.
func ParseLegalBasis(s string) []LegalRef {
	var refs []LegalRef
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimSuffix(line, ";"))
		if line == "" {
			continue
		}
		for part := range strings.SplitSeq(line, ";") {
			refs = append(refs, ParseLegalRef(part))
		}
	}
	return refs
}

// FormatLegalBasis writes refs the way ParseLegalBasis reads them.
func FormatLegalBasis(refs []LegalRef) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

// check reports what is wrong with the reference at index i, by the JSON
// paths of the service: "legal_basis[i]" when it is empty,
// "legal_basis[i].law" and "legal_basis[i].section" otherwise. A law may not
// hold a line break or another control character, ";" or "§": the form
// and the store separate references by them, so such a law would read back
// as other references.
func (r LegalRef) check(errs []domain.FieldError, i int) []domain.FieldError {
	path := fmt.Sprintf("legal_basis[%d]", i)
	if strings.TrimSpace(r.Law) == "" && strings.TrimSpace(r.Section) == "" {
		return append(errs, domain.Field(path, "catalogue.legal_ref_empty", i+1))
	}
	text := strings.TrimSpace(r.String())
	switch {
	case strings.TrimSpace(r.Law) == "":
		errs = append(errs, domain.Field(path+".law", "catalogue.legal_ref_format", printable(text)))
	case strings.ContainsFunc(r.Law, func(c rune) bool {
		return unicode.IsControl(c) || c == ';' || c == '§' || c == '\u2028' || c == '\u2029'
	}):
		errs = append(errs, domain.Field(path+".law", "catalogue.legal_law_chars", printable(r.Law)))
	case utf8.RuneCountInString(r.Law) > 200:
		errs = append(errs, domain.Field(path+".law", "field.too_long", 200))
	}
	if !sectionPattern.MatchString(r.Section) {
		errs = append(errs, domain.Field(path+".section", "catalogue.legal_ref_format", printable(text)))
	}
	return errs
}

// printable shows a text in a message on one line.
func printable(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(c rune) bool { return unicode.IsControl(c) || unicode.IsSpace(c) }), " ")
}

// Service is a service in the collaboration's catalogue.
type Service struct {
	ID              domain.ID  `json:"id"`
	CollaborationID domain.ID  `json:"-"`
	Slug            string     `json:"slug"`
	NameNB          string     `json:"name_nb"`
	NameEN          string     `json:"name_en,omitempty"`
	Description     string     `json:"description"`
	Area            string     `json:"area"`
	KostraFunction  string     `json:"kostra_function"`
	Mandated        bool       `json:"mandated"`
	LegalBasis      []LegalRef `json:"legal_basis"`
	TargetGroup     string     `json:"target_group"`
	LifeEvent       string     `json:"life_event,omitempty"`
	Notes           string     `json:"notes,omitempty"`
	Version         int        `json:"version"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Name returns the name in lang, falling back to bokmål.
func (s Service) Name(lang string) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.NameNB
}

var (
	slugPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	kostraPattern = regexp.MustCompile(`^[0-9]{3}$`)
	numberPattern = regexp.MustCompile(`^[0-9]{4}$`)
)

// Validate checks a service's own fields and returns an invalid error
// naming every wrong field by its JSON path ("description",
// "legal_basis[2].law"); a door with other field names maps them. The
// Manager runs it on every create, update and import.
func (s Service) Validate() error {
	var fe []domain.FieldError
	if !slugPattern.MatchString(s.Slug) || len(s.Slug) > 80 {
		fe = append(fe, domain.Field("slug", "catalogue.slug_format"))
	}
	if strings.TrimSpace(s.NameNB) == "" {
		fe = append(fe, domain.Field("name_nb", "field.required"))
	} else if len(s.NameNB) > 200 {
		fe = append(fe, domain.Field("name_nb", "field.too_long", 200))
	}
	if len(s.NameEN) > 200 {
		fe = append(fe, domain.Field("name_en", "field.too_long", 200))
	}
	if len(s.Description) > 4000 {
		fe = append(fe, domain.Field("description", "field.too_long", 4000))
	}
	if !slices.Contains(Areas, s.Area) {
		fe = append(fe, domain.Field("area", "field.one_of", strings.Join(Areas, ", ")))
	}
	if !kostraPattern.MatchString(s.KostraFunction) {
		fe = append(fe, domain.Field("kostra_function", "catalogue.kostra_format"))
	}
	if s.Mandated && len(s.LegalBasis) == 0 {
		fe = append(fe, domain.Field("legal_basis", "catalogue.mandated_needs_basis"))
	}
	for i, r := range s.LegalBasis {
		fe = r.check(fe, i)
	}
	if !slices.Contains(TargetGroups, s.TargetGroup) {
		fe = append(fe, domain.Field("target_group", "field.one_of", strings.Join(TargetGroups, ", ")))
	}
	if s.LifeEvent != "" && !slices.Contains(LifeEvents, s.LifeEvent) {
		fe = append(fe, domain.Field("life_event", "field.one_of", strings.Join(LifeEvents, ", ")))
	}
	if len(fe) > 0 {
		return domain.Invalid("error.invalid_fields", fe...)
	}
	return nil
}

// Municipality is a municipality with its merger history: one that merged
// away has ValidTo set and a successor.
type Municipality struct {
	ID              domain.ID  `json:"id"`
	CollaborationID domain.ID  `json:"-"`
	Number          string     `json:"number"` // kommunenummer
	Name            string     `json:"name"`
	Population      *int64     `json:"population,omitempty"`
	PopulationYear  *int64     `json:"population_year,omitempty"`
	ValidFrom       *time.Time `json:"valid_from,omitempty"`
	ValidTo         *time.Time `json:"valid_to,omitempty"`
	SuccessorID     domain.ID  `json:"successor_id,omitempty"`
	Illustrative    bool       `json:"illustrative"` // demo data, not real figures
	Version         int        `json:"version"`
	HasFacts        bool       `json:"has_facts"` // read only: some service has facts for it
}

// ActiveOn reports whether the municipality existed on day t.
func (m Municipality) ActiveOn(t time.Time) bool {
	if m.ValidFrom != nil && t.Before(*m.ValidFrom) {
		return false
	}
	return m.ValidTo == nil || t.Before(*m.ValidTo)
}

// Validate checks a municipality's own fields.
func (m Municipality) Validate() error {
	var fe []domain.FieldError
	if !numberPattern.MatchString(m.Number) {
		fe = append(fe, domain.Field("number", "catalogue.municipality_number_format"))
	}
	if strings.TrimSpace(m.Name) == "" {
		fe = append(fe, domain.Field("name", "field.required"))
	}
	if m.Population != nil && *m.Population < 0 {
		fe = append(fe, domain.Field("population", "field.not_negative"))
	}
	if m.PopulationYear != nil && (*m.PopulationYear < 1800 || *m.PopulationYear > 2200) {
		fe = append(fe, domain.Field("population_year", "field.year"))
	}
	if m.ValidFrom != nil && m.ValidTo != nil && !m.ValidTo.After(*m.ValidFrom) {
		fe = append(fe, domain.Field("valid_to", "catalogue.valid_to_before_from"))
	}
	if len(fe) > 0 {
		return domain.Invalid("error.invalid_fields", fe...)
	}
	return nil
}

// Offered says whether and how a municipality delivers a service.
type Offered string

// The ways a service is offered.
const (
	OfferedYes   Offered = "yes"   // delivered by the municipality itself
	OfferedNo    Offered = "no"    // not delivered
	OfferedOther Offered = "other" // delivered by another municipality or an IKS
)

// Provenance says where a number came from.
type Provenance string

// The provenances of a number.
const (
	ProvenanceEstimated    Provenance = "estimated"
	ProvenanceMeasured     Provenance = "measured" // from an event log
	ProvenanceImported     Provenance = "imported"
	ProvenanceIllustrative Provenance = "illustrative" // demo data
)

// Provenances lists the valid provenances.
var Provenances = []Provenance{ProvenanceEstimated, ProvenanceMeasured, ProvenanceImported, ProvenanceIllustrative}

// Fact names the numbers of a municipal service that carry a provenance.
type Fact string

// The facts with provenance.
const (
	FactAnnualCases     Fact = "annual_cases"
	FactLeadTimeDays    Fact = "lead_time_days"
	FactEmployeeMinutes Fact = "employee_minutes"
	FactCitizenMinutes  Fact = "citizen_minutes"
	FactHourlyCost      Fact = "hourly_cost"
	FactMaturity        Fact = "maturity"
	FactChannels        Fact = "channels"
)

// Facts lists the facts with provenance in display order.
var Facts = []Fact{FactAnnualCases, FactLeadTimeDays, FactEmployeeMinutes, FactCitizenMinutes, FactHourlyCost, FactMaturity, FactChannels}

// Channels is the share of cases arriving by each channel, in percent.
type Channels struct {
	Paper   *float64 `json:"paper,omitempty"`
	Email   *float64 `json:"email,omitempty"`
	Phone   *float64 `json:"phone,omitempty"`
	Digital *float64 `json:"digital,omitempty"`
}

// MunicipalService is one municipality's facts about one service.
type MunicipalService struct {
	ID             domain.ID `json:"id"`
	ServiceID      domain.ID `json:"service_id"`
	MunicipalityID domain.ID `json:"municipality_id"`
	Offered        Offered   `json:"offered"`
	DeliveredBy    string    `json:"delivered_by,omitempty"` // host municipality or IKS when Offered is other
	AnnualCases    *int64    `json:"annual_cases,omitempty"`
	// LeadTimeDays is the median time from a case's first to its last
	// event, in days.
	LeadTimeDays      *float64            `json:"lead_time_days,omitempty"`
	EmployeeMinutes   *float64            `json:"employee_minutes,omitempty"` // per case
	CitizenMinutes    *float64            `json:"citizen_minutes,omitempty"`  // per case
	HourlyCost        *float64            `json:"hourly_cost,omitempty"`      // NOK per employee hour
	Maturity          *int64              `json:"maturity,omitempty"`         // 1 information … 5 proactive
	Channels          Channels            `json:"channels"`
	Systems           string              `json:"systems,omitempty"`
	ResponsibleUserID domain.ID           `json:"responsible_user_id,omitempty"`
	Provenance        map[Fact]Provenance `json:"provenance"`
	// Measured says which event log a measured fact came from; only
	// facts whose provenance is measured have one. It is set by applying
	// an event log (Manager.SaveMeasured) and read only otherwise.
	Measured  map[Fact]Measurement `json:"measured,omitempty"`
	Version   int                  `json:"version"`
	UpdatedAt time.Time            `json:"updated_at"`
}

// Measurement is where a measured fact came from: the event log, its
// file name, the time frame of its events and the number of cases.
type Measurement struct {
	LogID domain.ID `json:"log_id"`
	File  string    `json:"file"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Cases int       `json:"cases"`
}

// MeasuredFrom returns the measurement behind the named fact (nil when
// none), for templates: the provenance text "measured from <file>, <time
// frame>, n cases" shown wherever the value is shown.
func (ms MunicipalService) MeasuredFrom(fact string) *Measurement {
	m, ok := ms.Measured[Fact(fact)]
	if !ok {
		return nil
	}
	return &m
}

// MaturityLevels are the five levels of digital maturity (FACTS.md),
// translated under "maturity.<n>".
const MaturityLevels = 5

// Validate checks the facts, naming wrong fields by their JSON paths
// ("channels.paper", "provenance.maturity"). NaN and infinities are
// refused whichever door they come through.
func (ms MunicipalService) Validate() error {
	var fe []domain.FieldError
	switch ms.Offered {
	case OfferedYes, OfferedNo:
	case OfferedOther:
		if strings.TrimSpace(ms.DeliveredBy) == "" {
			fe = append(fe, domain.Field("delivered_by", "catalogue.delivered_by_required"))
		}
	default:
		fe = append(fe, domain.Field("offered", "field.one_of", "yes, no, other"))
	}
	if ms.AnnualCases != nil && *ms.AnnualCases < 0 {
		fe = append(fe, domain.Field("annual_cases", "field.not_negative"))
	}
	for _, f := range []struct {
		name string
		v    *float64
		max  float64
	}{{"employee_minutes", ms.EmployeeMinutes, 100000}, {"citizen_minutes", ms.CitizenMinutes, 100000}, {"hourly_cost", ms.HourlyCost, 100000},
		{"lead_time_days", ms.LeadTimeDays, 100000}} {
		if f.v == nil {
			continue
		}
		if math.IsNaN(*f.v) || math.IsInf(*f.v, 0) {
			fe = append(fe, domain.Field(f.name, domain.CodeNotANumber))
		} else if *f.v < 0 {
			fe = append(fe, domain.Field(f.name, "field.not_negative"))
		} else if *f.v > f.max {
			fe = append(fe, domain.Field(f.name, "field.at_most", f.max))
		}
	}
	if ms.Maturity != nil && (*ms.Maturity < 1 || *ms.Maturity > MaturityLevels) {
		fe = append(fe, domain.Field("maturity", "field.between", 1, MaturityLevels))
	}
	var sum float64
	var given int
	for _, c := range []struct {
		name string
		v    *float64
	}{{"channels.paper", ms.Channels.Paper}, {"channels.email", ms.Channels.Email}, {"channels.phone", ms.Channels.Phone}, {"channels.digital", ms.Channels.Digital}} {
		if c.v == nil {
			continue
		}
		given++
		if math.IsNaN(*c.v) || math.IsInf(*c.v, 0) {
			fe = append(fe, domain.Field(c.name, domain.CodeNotANumber))
			continue
		}
		if *c.v < 0 || *c.v > 100 {
			fe = append(fe, domain.Field(c.name, "field.between", 0, 100))
		}
		sum += *c.v
	}
	if given == 4 && (sum < 99.5 || sum > 100.5) {
		fe = append(fe, domain.Field("channels.digital", "catalogue.channels_sum", sum))
	} else if given > 0 && given < 4 && sum > 100.5 {
		fe = append(fe, domain.Field("channels.digital", "catalogue.channels_sum", sum))
	}
	for f, p := range ms.Provenance {
		if !slices.Contains(Facts, f) {
			fe = append(fe, domain.Field("provenance", "field.one_of", f))
		} else if p != "" && !slices.Contains(Provenances, p) {
			fe = append(fe, domain.Field("provenance."+string(f), "field.one_of", "estimated, measured, imported, illustrative"))
		}
	}
	if len(fe) > 0 {
		return domain.Invalid("error.invalid_fields", fe...)
	}
	return nil
}

// HasFact reports whether the number behind fact f is given.
func (ms MunicipalService) HasFact(f Fact) bool {
	switch f {
	case FactAnnualCases:
		return ms.AnnualCases != nil
	case FactLeadTimeDays:
		return ms.LeadTimeDays != nil
	case FactEmployeeMinutes:
		return ms.EmployeeMinutes != nil
	case FactCitizenMinutes:
		return ms.CitizenMinutes != nil
	case FactHourlyCost:
		return ms.HourlyCost != nil
	case FactMaturity:
		return ms.Maturity != nil
	case FactChannels:
		c := ms.Channels
		return c.Paper != nil || c.Email != nil || c.Phone != nil || c.Digital != nil
	}
	return false
}

// EmployeeHoursPerYear is the employee time the service takes in a year, if
// cases and minutes are both known.
func (ms MunicipalService) EmployeeHoursPerYear() (float64, bool) {
	if ms.AnnualCases == nil || ms.EmployeeMinutes == nil {
		return 0, false
	}
	return float64(*ms.AnnualCases) * *ms.EmployeeMinutes / 60, true
}

// Source returns the provenance of the named fact ("" when unknown), for templates.
func (ms MunicipalService) Source(fact string) Provenance { return ms.Provenance[Fact(fact)] }
