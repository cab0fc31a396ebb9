package transfer

import (
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Problem codes for cells that cannot be read; each takes the cell's text
// as its parameter.
const (
	codeNotANumber   = "import.not_a_number"
	codeNotAnInteger = "import.not_an_integer"
	codeNotABoolean  = "import.not_a_boolean"
	codeNotADate     = "import.not_a_date"
)

const dateLayout = "2006-01-02"

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseFloat reads a number in the domain's one grammar (domain.ParseNumber):
// Norwegian notation as people type it and Excel's stored notation alike.
func parseFloat(s string) (float64, bool) {
	v, code := domain.ParseNumber(s)
	return v, code == ""
}

// parseInt reads a whole number (domain.ParseInt). code is the problem to
// report, "" when s is read; a number beyond int64 is not an integer here,
// as the cell's text says what it is.
func parseInt(s string) (n int64, code string) {
	n, c := domain.ParseInt(s)
	switch c {
	case "":
		return n, ""
	case domain.CodeNotAnInteger, domain.CodeOutOfRange:
		return 0, codeNotAnInteger
	}
	return 0, codeNotANumber
}

// parseBool reads the ways people write yes and no in a spreadsheet,
// English and Norwegian, and Excel's stored booleans (1 and 0).
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "true", "ja", "yes", "1", "sann":
		return true, true
	case "false", "nei", "no", "0", "usann":
		return false, true
	}
	return false, false
}

// parseDate reads an ISO date or a Norwegian one (31.12.2019). With excel
// it also reads Excel's stored dates: a serial day number, in the 1904
// system when date1904, or an ISO timestamp of a date-typed cell. The
// result is midnight UTC, as the catalogue keeps dates.
func parseDate(s string, excel, date1904 bool) (time.Time, bool) {
	if t, err := time.Parse(dateLayout, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2.1.2006", s); err == nil {
		return t, true
	}
	if !excel {
		return time.Time{}, false
	}
	if len(s) > len(dateLayout) && s[len(dateLayout)] == 'T' {
		t, err := time.Parse(dateLayout, s[:len(dateLayout)])
		return t, err == nil
	}
	if serial, ok := parseFloat(s); ok && serial >= 1 {
		t, err := excelize.ExcelDateToTime(serial, date1904)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// parseOffered reads yes, no and other in English or Norwegian; anything
// else is passed on for catalogue's validation to name.
func parseOffered(s string) catalogue.Offered {
	switch strings.ToLower(s) {
	case "", "yes", "ja":
		return catalogue.OfferedYes
	case "no", "nei":
		return catalogue.OfferedNo
	case "other", "annen", "annet":
		return catalogue.OfferedOther
	}
	return catalogue.Offered(s)
}

// parseProvenance accepts the Norwegian names of the provenances; anything
// else is passed on (lower-cased) for catalogue's validation to name.
func parseProvenance(s string) catalogue.Provenance {
	switch v := strings.ToLower(s); v {
	case "estimert":
		return catalogue.ProvenanceEstimated
	case "målt", "malt":
		return catalogue.ProvenanceMeasured
	case "importert":
		return catalogue.ProvenanceImported
	case "illustrativ":
		return catalogue.ProvenanceIllustrative
	default:
		return catalogue.Provenance(v)
	}
}

// padDigits restores the leading zeros a spreadsheet drops from codes
// typed as numbers: municipality 0301 arrives as 301.
func padDigits(s string, width int) string {
	if s == "" || len(s) >= width || !allDigits(s) {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}
