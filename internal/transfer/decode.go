package transfer

import (
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// Problem codes for a header row.
const (
	codeUnknownColumn   = "import.unknown_column"   // [header name]
	codeMissingColumn   = "import.missing_column"   // [column name]
	codeDuplicateColumn = "import.duplicate_column" // [column name]
	codeUnknownHeader   = "import.unknown_header"   // the header fits no kind
)

// layout is where a sheet keeps its columns, read from its header row: the
// order of columns is the user's choice.
type layout struct {
	sheet   string
	kind    Kind
	columns []column
	at      []int // at[c] is the index of column c's cell, -1 when the sheet lacks it
	// complete is false when a required column is missing. Rows are then
	// still read, to report their cells' problems, but not kept: without
	// the key the manager could only add one problem per row about it.
	complete bool
	present  []string // the columns the sheet has, for the rows' Columns
	excel    bool     // cells are Excel's stored values: serial dates
	date1904 bool     // serial dates count from 1904
	// strs keeps one copy of the texts that repeat down a facts sheet
	// (slugs, numbers, systems), so that a row's kept fields do not hold
	// the whole row's text in memory: 82 110 rows of it were 15 MB.
	strs map[string]string
}

// maxInterned bounds strs: a file of distinct texts only fills it.
const maxInterned = 1 << 14

// intern returns the kept copy of s, keeping one when there is room.
func (l *layout) intern(s string) string {
	if k, ok := l.strs[s]; ok {
		return k
	}
	if l.strs == nil {
		l.strs = map[string]string{}
	}
	if len(l.strs) < maxInterned {
		s = strings.Clone(s)
		l.strs[s] = s
	}
	return s
}

// newLayout reads a header row found on line. With kind "" the kind is
// recognised from the column names. Problems with the header go into b;
// it returns nil when the header fits no kind, as no row can then be read.
func newLayout(sheet string, kind Kind, header []string, line int, b *catalogue.Batch) *layout {
	names := make([]string, len(header))
	has := make(map[string]bool, len(header))
	for i, h := range header {
		names[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		has[names[i]] = true
	}
	if kind == "" {
		kind = recognise(has)
	}
	problem := func(code string, params ...any) {
		b.AddProblem(catalogue.Problem{Sheet: sheet, Line: line, Code: code, Params: params})
	}
	columns, ok := columnsOf(kind)
	if !ok {
		problem(codeUnknownHeader)
		return nil
	}
	l := &layout{sheet: sheet, kind: kind, columns: columns, at: make([]int, len(columns)), complete: true}
	for c := range l.at {
		l.at[c] = -1
	}
	for i, name := range names {
		if name == "" {
			continue // an empty header cell, such as a spreadsheet's unused column
		}
		c := columnIndex(columns, name)
		switch {
		case c < 0:
			problem(codeUnknownColumn, strings.TrimSpace(header[i]))
		case l.at[c] >= 0:
			problem(codeDuplicateColumn, name)
		default:
			l.at[c] = i
		}
	}
	for c, col := range columns {
		if col.required && l.at[c] < 0 {
			problem(codeMissingColumn, col.name)
			l.complete = false
		}
		if l.at[c] >= 0 {
			l.present = append(l.present, col.name)
		}
	}
	return l
}

// recognise tells the kind of a table from its column names. A header with
// only one of service and municipality is taken as facts, so the user hears
// which column is missing instead of that the file is not recognised.
func recognise(has map[string]bool) Kind {
	switch {
	case has["slug"]:
		return KindServices
	case has["service"] && has["municipality"]:
		return KindFacts
	case has["number"] && !has["service"]:
		return KindMunicipalities
	case has["service"] || has["municipality"]:
		return KindFacts
	}
	return ""
}

func columnIndex(columns []column, name string) int {
	for i, c := range columns {
		if c.name == name {
			return i
		}
	}
	return -1
}

// read turns one row of cells into a row of b, its unreadable cells into
// problems. Rows without any text are skipped.
func (l *layout) read(cells []string, line int, b *catalogue.Batch) {
	if blank(cells) {
		return
	}
	r := record{layout: l, cells: cells, row: catalogue.Row{Sheet: l.sheet, Line: line, Columns: l.present}, batch: b}
	switch l.kind {
	case KindServices:
		s := r.service()
		if l.complete {
			b.Services = append(b.Services, s)
		}
	case KindMunicipalities:
		m := r.municipality()
		if l.complete {
			b.Municipalities = append(b.Municipalities, m)
		}
	case KindFacts:
		f := r.fact()
		if l.complete {
			b.Facts = append(b.Facts, f)
		}
	}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// record is one row being read.
type record struct {
	*layout
	cells []string
	row   catalogue.Row
	batch *catalogue.Batch
}

func (r *record) fail(c int, code string, params ...any) {
	r.batch.AddProblem(r.row.Problem(r.columns[c].name, code, params...))
}

// text returns column c's cell, trimmed; "" when the sheet lacks the column.
func (r *record) text(c int) string {
	i := r.at[c]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	v := strings.TrimSpace(r.cells[i])
	if len(v) > 1 && v[0] == '\'' && formulaLike(v[1:]) {
		v = v[1:] // the apostrophe an export put before formula-like text
	}
	return v
}

func (r *record) float(c int) *float64 {
	s := r.text(c)
	if s == "" {
		return nil
	}
	f, ok := parseFloat(s)
	if !ok {
		r.fail(c, codeNotANumber, s)
		return nil
	}
	return &f
}

func (r *record) integer(c int) *int64 {
	s := r.text(c)
	if s == "" {
		return nil
	}
	n, code := parseInt(s)
	if code != "" {
		r.fail(c, code, s)
		return nil
	}
	return &n
}

func (r *record) boolean(c int) bool {
	s := r.text(c)
	if s == "" {
		return false
	}
	v, ok := parseBool(s)
	if !ok {
		r.fail(c, codeNotABoolean, s)
	}
	return v
}

func (r *record) date(c int) *time.Time {
	s := r.text(c)
	if s == "" {
		return nil
	}
	t, ok := parseDate(s, r.excel, r.date1904)
	if !ok {
		r.fail(c, codeNotADate, s)
		return nil
	}
	return &t
}

func (r *record) service() catalogue.ServiceRow {
	s := catalogue.Service{
		Slug:           r.text(svcSlug),
		NameNB:         r.text(svcNameNB),
		NameEN:         r.text(svcNameEN),
		Description:    r.text(svcDescription),
		Area:           strings.ToLower(r.text(svcArea)),
		KostraFunction: padDigits(r.text(svcKostra), 3),
		Mandated:       r.boolean(svcMandated),
		TargetGroup:    strings.ToLower(r.text(svcTargetGroup)),
		LifeEvent:      strings.ToLower(r.text(svcLifeEvent)),
		Notes:          r.text(svcNotes),
	}
	if s.TargetGroup == "" {
		s.TargetGroup = "innbygger"
	}
	// The references are checked by the catalogue's validation, as from
	// every other door.
	refs := catalogue.ParseLegalBasis(r.text(svcLegalBasis))
	s.LegalBasis = refs
	return catalogue.ServiceRow{Row: r.row, Service: s}
}

func (r *record) municipality() catalogue.MunicipalityRow {
	m := catalogue.Municipality{
		Number:         padDigits(r.text(munNumber), 4),
		Name:           r.text(munName),
		Population:     r.integer(munPopulation),
		PopulationYear: r.integer(munPopulationYear),
		ValidFrom:      r.date(munValidFrom),
		ValidTo:        r.date(munValidTo),
		Illustrative:   r.boolean(munIllustrative),
	}
	return catalogue.MunicipalityRow{Row: r.row, Municipality: m, SuccessorNumber: padDigits(r.text(munSuccessor), 4)}
}

// factSources pairs each fact with the column holding its provenance.
var factSources = []struct {
	fact   catalogue.Fact
	column int
}{
	{catalogue.FactAnnualCases, factAnnualCasesSource},
	{catalogue.FactLeadTimeDays, factLeadTimeDaysSource},
	{catalogue.FactEmployeeMinutes, factEmployeeMinutesSource},
	{catalogue.FactCitizenMinutes, factCitizenMinutesSource},
	{catalogue.FactHourlyCost, factHourlyCostSource},
	{catalogue.FactMaturity, factMaturitySource},
	{catalogue.FactChannels, factChannelsSource},
}

func (r *record) fact() catalogue.FactRow {
	ms := catalogue.MunicipalService{
		Offered:         parseOffered(r.text(factOffered)),
		DeliveredBy:     r.intern(r.text(factDeliveredBy)),
		AnnualCases:     r.integer(factAnnualCases),
		EmployeeMinutes: r.float(factEmployeeMinutes),
		CitizenMinutes:  r.float(factCitizenMinutes),
		HourlyCost:      r.float(factHourlyCost),
		LeadTimeDays:    r.float(factLeadTimeDays),
		Maturity:        r.integer(factMaturity),
		Channels: catalogue.Channels{
			Paper:   r.float(factSharePaper),
			Email:   r.float(factShareEmail),
			Phone:   r.float(factSharePhone),
			Digital: r.float(factShareDigital),
		},
		Systems: r.intern(r.text(factSystems)),
	}
	for _, src := range factSources {
		if s := r.text(src.column); s != "" {
			if ms.Provenance == nil {
				ms.Provenance = make(map[catalogue.Fact]catalogue.Provenance, len(factSources))
			}
			ms.Provenance[src.fact] = parseProvenance(s)
		}
	}
	return catalogue.FactRow{
		Row:                r.row,
		ServiceSlug:        r.intern(r.text(factService)),
		MunicipalityNumber: r.intern(padDigits(r.text(factMunicipality), 4)),
		Facts:              ms,
	}
}
