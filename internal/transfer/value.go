package transfer

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
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

// groupSeparatorWidth returns the length in bytes of the thousands
// separator s starts with, 0 when it starts with none. Norwegian spreadsheets
// group digits with a space, a no-break space or a narrow no-break space.
func groupSeparatorWidth(s string) int {
	switch {
	case s[0] == ' ':
		return 1
	case strings.HasPrefix(s, "\u00a0"):
		return len("\u00a0")
	case strings.HasPrefix(s, "\u202f"):
		return len("\u202f")
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// plainNumber rewrites a number as Norwegian users write it ("6 619",
// "1234,5") into the form strconv reads ("6619", "1234.5"). Grouped digits
// must come in threes, so "12 34" is refused rather than guessed at. ok is
// false when s is not such a number; s comes back unchanged when it needs
// no rewriting.
func plainNumber(s string) (plain string, ok bool) {
	i := 0
	if strings.HasPrefix(s, "-") {
		i = 1
	}
	grouped, group := false, 0
	for i < len(s) {
		if c := s[i]; c >= '0' && c <= '9' {
			group++
			i++
			continue
		}
		w := groupSeparatorWidth(s[i:])
		if w == 0 {
			break
		}
		if group == 0 || group > 3 || (grouped && group != 3) {
			return "", false
		}
		grouped, group = true, 0
		i += w
	}
	if group == 0 || (grouped && group != 3) {
		return "", false
	}
	intPart, rest := s[:i], s[i:]
	comma := false
	if rest != "" {
		if rest[0] != '.' && rest[0] != ',' || len(rest) == 1 || !allDigits(rest[1:]) {
			return "", false
		}
		comma = rest[0] == ','
	}
	if !grouped && !comma {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for j := 0; j < len(intPart); {
		if c := intPart[j]; c == '-' || (c >= '0' && c <= '9') {
			b.WriteByte(c)
			j++
			continue
		}
		j += groupSeparatorWidth(intPart[j:])
	}
	if rest != "" {
		b.WriteByte('.')
		b.WriteString(rest[1:])
	}
	return b.String(), true
}

// excelNumber reports whether s looks like a number as Excel stores it,
// which may use an exponent ("1E-3"); Inf, NaN and hexadecimal are refused.
func excelNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// parseFloat reads a decimal number; excel also accepts Excel's stored form.
func parseFloat(s string, excel bool) (float64, bool) {
	plain, ok := plainNumber(s)
	if !ok && excel && excelNumber(s) {
		plain, ok = s, true
	}
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(plain, 64)
	if err != nil { // out of range
		return 0, false
	}
	return f, true
}

// parseInt reads a whole number, accepting a zero decimal part ("12,0") as
// Excel may write one. code is the problem to report, "" when s is read.
func parseInt(s string, excel bool) (n int64, code string) {
	plain, ok := plainNumber(s)
	if !ok {
		f, ok := parseFloat(s, excel)
		switch {
		case !ok:
			return 0, codeNotANumber
		case f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64:
			return 0, codeNotAnInteger
		}
		return int64(f), ""
	}
	whole, frac, _ := strings.Cut(plain, ".")
	if strings.Trim(frac, "0") != "" {
		return 0, codeNotAnInteger
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, codeNotAnInteger
	}
	return n, ""
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
	if serial, ok := parseFloat(s, true); ok && serial >= 1 {
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
