package transfer

import "strings"

// column is one column of a kind's table.
type column struct {
	name     string
	required bool // a file without it cannot be matched to the catalogue
}

// The columns of each kind, in the order they are written. The names are
// the field names that catalogue's Validate methods and Manager.Import
// report problems under, so a problem found while reading and one found
// while validating point at the same column. The index constants below
// must follow the same order; a test checks the names.
var (
	serviceColumns = []column{
		{"slug", true}, {"name_nb", true}, {"name_en", false}, {"description_nb", false},
		{"area", true}, {"kostra_function", true}, {"mandated", true}, {"legal_basis", false},
		{"target_group", false}, {"life_event", false}, {"notes", false},
	}
	municipalityColumns = []column{
		{"number", true}, {"name", true}, {"population", false}, {"population_year", false},
		{"valid_from", false}, {"valid_to", false}, {"successor", false}, {"illustrative", false},
	}
	factColumns = []column{
		{"service", true}, {"municipality", true}, {"offered", false}, {"delivered_by", false},
		{"annual_cases", false}, {"annual_cases_source", false},
		{"employee_minutes", false}, {"employee_minutes_source", false},
		{"citizen_minutes", false}, {"citizen_minutes_source", false},
		{"hourly_cost", false}, {"hourly_cost_source", false},
		{"maturity", false}, {"maturity_source", false},
		{"share_paper", false}, {"share_email", false}, {"share_phone", false}, {"share_digital", false},
		{"channels_source", false}, {"systems", false},
		{"lead_time_days", false}, {"lead_time_days_source", false},
	}
)

// Positions in serviceColumns.
const (
	svcSlug = iota
	svcNameNB
	svcNameEN
	svcDescription
	svcArea
	svcKostra
	svcMandated
	svcLegalBasis
	svcTargetGroup
	svcLifeEvent
	svcNotes
)

// Positions in municipalityColumns.
const (
	munNumber = iota
	munName
	munPopulation
	munPopulationYear
	munValidFrom
	munValidTo
	munSuccessor
	munIllustrative
)

// Positions in factColumns.
const (
	factService = iota
	factMunicipality
	factOffered
	factDeliveredBy
	factAnnualCases
	factAnnualCasesSource
	factEmployeeMinutes
	factEmployeeMinutesSource
	factCitizenMinutes
	factCitizenMinutesSource
	factHourlyCost
	factHourlyCostSource
	factMaturity
	factMaturitySource
	factSharePaper
	factShareEmail
	factSharePhone
	factShareDigital
	factChannelsSource
	factSystems
	factLeadTimeDays
	factLeadTimeDaysSource
)

// sheets names the workbook sheet of each kind, bokmål first as written;
// the English name is accepted when reading.
var sheets = []struct {
	kind   Kind
	nb, en string
}{
	{KindServices, "Tjenester", "Services"},
	{KindMunicipalities, "Kommuner", "Municipalities"},
	{KindFacts, "Fakta", "Facts"},
}

// columnsOf returns the columns of kind, false for an unknown kind.
func columnsOf(kind Kind) ([]column, bool) {
	switch kind {
	case KindServices:
		return serviceColumns, true
	case KindMunicipalities:
		return municipalityColumns, true
	case KindFacts:
		return factColumns, true
	}
	return nil, false
}

// sheetKind returns the kind a workbook sheet holds, false for sheets the
// import ignores (a read-me sheet, the user's own notes).
func sheetKind(name string) (Kind, bool) {
	name = strings.TrimSpace(name)
	for _, s := range sheets {
		if strings.EqualFold(name, s.nb) || strings.EqualFold(name, s.en) {
			return s.kind, true
		}
	}
	return "", false
}

// sheetNames lists the sheet names an import looks for, for the problem
// reported when a workbook has none of them.
func sheetNames() string {
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = s.nb
	}
	return strings.Join(names, ", ")
}
