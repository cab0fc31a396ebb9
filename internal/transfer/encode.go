package transfer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// errUnknownKind is returned for a kind other than the three.
func errUnknownKind(kind Kind) error {
	return domain.Invalid("export.unknown_kind", domain.Field("kind", "export.unknown_kind", string(kind)))
}

// eachRow calls fn with the values of each row of kind, in column order.
// A value is a string, int64, float64, bool, time.Time (a date) or nil for
// an empty cell, so each format can write it in its own way. vals is
// reused between calls. It returns an internal error when a fact or a
// successor refers to a record missing from d, and fn's errors.
func eachRow(kind Kind, d Data, fn func(vals []any) error) error {
	columns, ok := columnsOf(kind)
	if !ok {
		return errUnknownKind(kind)
	}
	vals := make([]any, len(columns))
	switch kind {
	case KindServices:
		for _, s := range d.Services {
			serviceValues(vals, s)
			if err := fn(vals); err != nil {
				return err
			}
		}
	case KindMunicipalities:
		numbers := make(map[domain.ID]string, len(d.Municipalities))
		for _, m := range d.Municipalities {
			numbers[m.ID] = m.Number
		}
		for _, m := range d.Municipalities {
			successor, ok := numbers[m.SuccessorID]
			if m.SuccessorID != 0 && !ok {
				return domain.Internal(fmt.Errorf("transfer: municipality %s: successor %v not in data", m.Number, m.SuccessorID))
			}
			municipalityValues(vals, m, successor)
			if err := fn(vals); err != nil {
				return err
			}
		}
	case KindFacts:
		slugs := make(map[domain.ID]string, len(d.Services))
		for _, s := range d.Services {
			slugs[s.ID] = s.Slug
		}
		numbers := make(map[domain.ID]string, len(d.Municipalities))
		for _, m := range d.Municipalities {
			numbers[m.ID] = m.Number
		}
		for _, f := range d.Facts {
			slug, ok := slugs[f.ServiceID]
			if !ok {
				return domain.Internal(fmt.Errorf("transfer: fact %v: service %v not in data", f.ID, f.ServiceID))
			}
			number, ok := numbers[f.MunicipalityID]
			if !ok {
				return domain.Internal(fmt.Errorf("transfer: fact %v: municipality %v not in data", f.ID, f.MunicipalityID))
			}
			factValues(vals, f, slug, number)
			if err := fn(vals); err != nil {
				return err
			}
		}
	}
	return nil
}

func serviceValues(vals []any, s catalogue.Service) {
	vals[svcSlug] = text(s.Slug)
	vals[svcNameNB] = text(s.NameNB)
	vals[svcNameEN] = text(s.NameEN)
	vals[svcDescription] = text(s.Description)
	vals[svcArea] = text(s.Area)
	vals[svcKostra] = text(s.KostraFunction)
	vals[svcMandated] = s.Mandated
	vals[svcLegalBasis] = text(catalogue.FormatLegalBasis(s.LegalBasis))
	vals[svcTargetGroup] = text(s.TargetGroup)
	vals[svcLifeEvent] = text(s.LifeEvent)
	vals[svcNotes] = text(s.Notes)
}

func municipalityValues(vals []any, m catalogue.Municipality, successor string) {
	vals[munNumber] = text(m.Number)
	vals[munName] = text(m.Name)
	vals[munPopulation] = optInt(m.Population)
	vals[munPopulationYear] = optInt(m.PopulationYear)
	vals[munValidFrom] = optDate(m.ValidFrom)
	vals[munValidTo] = optDate(m.ValidTo)
	vals[munSuccessor] = text(successor)
	vals[munIllustrative] = m.Illustrative
}

func factValues(vals []any, f catalogue.MunicipalService, slug, number string) {
	vals[factService] = text(slug)
	vals[factMunicipality] = text(number)
	vals[factOffered] = text(string(f.Offered))
	vals[factDeliveredBy] = text(f.DeliveredBy)
	vals[factAnnualCases] = optInt(f.AnnualCases)
	vals[factEmployeeMinutes] = optFloat(f.EmployeeMinutes)
	vals[factCitizenMinutes] = optFloat(f.CitizenMinutes)
	vals[factHourlyCost] = optFloat(f.HourlyCost)
	vals[factLeadTimeDays] = optFloat(f.LeadTimeDays)
	vals[factMaturity] = optInt(f.Maturity)
	vals[factSharePaper] = optFloat(f.Channels.Paper)
	vals[factShareEmail] = optFloat(f.Channels.Email)
	vals[factSharePhone] = optFloat(f.Channels.Phone)
	vals[factShareDigital] = optFloat(f.Channels.Digital)
	vals[factSystems] = text(f.Systems)
	for _, src := range factSources {
		vals[src.column] = text(string(f.Provenance[src.fact]))
	}
}

// text, optInt, optFloat and optDate return nil for what is not there, so
// that a spreadsheet gets an empty cell rather than an empty string or 0.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func optFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// optDate keeps the calendar date only: the catalogue's dates are days.
func optDate(p *time.Time) any {
	if p == nil {
		return nil
	}
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
}

// formatCSV writes a value of eachRow as CSV text: numbers with a decimal
// point and all their digits, so they read back exactly; text that a
// spreadsheet would take for a formula gets a leading apostrophe, which
// reading removes again.
func formatCSV(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if formulaLike(v) {
			return "'" + v
		}
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(dateLayout)
	}
	return fmt.Sprint(v)
}

// formulaLike reports whether a spreadsheet opening the CSV file would read
// s as a formula (CSV injection).
func formulaLike(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}
