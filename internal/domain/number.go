package domain

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The codes ParseNumber and ParseInt give for text they cannot read. They
// are translation keys, so a caller attaches them to its field (form field,
// JSON path, spreadsheet cell) as they are.
const (
	CodeRequired     = "field.required"
	CodeNotANumber   = "field.not_a_number"
	CodeNotAnInteger = "field.not_an_integer"
	CodeOutOfRange   = "field.out_of_range"
)

// ParseNumber reads a number the way it reaches the application through
// every door: typed in a form, written in a CSV file, stored in a
// spreadsheet cell. One grammar for all of them, so that a number one door
// accepts is never refused by another:
//
//   - plain notation as programs write it: "12.5", "-3", Excel's stored
//     "1E-3" (an exponent only in this notation);
//   - Norwegian notation: a decimal comma ("12,5") and digits grouped in
//     threes by a space, a no-break space (U+00A0) or a narrow no-break
//     space (U+202F): "6 619", "1 234 567,5";
//   - a leading "-" or the typographic minus "−" (U+2212).
//
// Surrounding white space is ignored. Refused, with CodeNotANumber: NaN,
// infinities, hexadecimal, "12,5,3", a comma and a point in one number
// ("1.234,5" is ambiguous), groups not in threes ("12 34"), a leading "+".
// A number beyond float64 ("1e400") gives CodeOutOfRange, an empty text
// CodeRequired. code is "" when s is read.
func ParseNumber(s string) (v float64, code string) {
	n, code := scanNumber(s)
	if code != "" {
		return 0, code
	}
	v, err := strconv.ParseFloat(n.plain, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, CodeOutOfRange
	}
	return v, ""
}

// ParseInt reads a whole number in ParseNumber's grammar. A zero decimal
// part ("12,0", as a spreadsheet may write one) and an exponent that makes
// a whole number ("1E3") are accepted. Codes: CodeRequired, CodeNotANumber,
// CodeNotAnInteger (a fraction), CodeOutOfRange (beyond int64).
func ParseInt(s string) (n int64, code string) {
	num, code := scanNumber(s)
	if code != "" {
		return 0, code
	}
	if !num.exponent {
		whole, frac, _ := strings.Cut(num.plain, ".")
		if strings.Trim(frac, "0") != "" {
			return 0, CodeNotAnInteger
		}
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, CodeOutOfRange
		}
		return n, ""
	}
	f, err := strconv.ParseFloat(num.plain, 64)
	switch {
	case err != nil || math.IsInf(f, 0):
		return 0, CodeOutOfRange
	case f != math.Trunc(f):
		return 0, CodeNotAnInteger
	case f < math.MinInt64 || f >= math.MaxInt64:
		return 0, CodeOutOfRange
	}
	return int64(f), ""
}

// scanned is a number that passed the grammar, rewritten for strconv.
type scanned struct {
	plain    string // digits, an optional "-", "." and exponent
	exponent bool
}

// scanNumber checks s against ParseNumber's grammar and rewrites it in the
// notation strconv reads. Text in plain notation, as most cells and JSON
// hold it, is passed on without a copy: an import reads many numbers.
func scanNumber(s string) (scanned, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return scanned{}, CodeRequired
	}
	i, rewrite := 0, false
	switch {
	case s[0] == '-':
		i = 1
	case strings.HasPrefix(s, "−"):
		i, rewrite = len("−"), true
	}
	// The whole part: digits, grouped in threes when grouped at all.
	grouped, group := false, 0
	for i < len(s) {
		if c := s[i]; c >= '0' && c <= '9' {
			group++
			i++
			continue
		}
		w := groupSeparator(s[i:])
		if w == 0 {
			break
		}
		if group == 0 || group > 3 || (grouped && group != 3) {
			return scanned{}, CodeNotANumber
		}
		grouped, group, rewrite = true, 0, true
		i += w
	}
	if group == 0 || (grouped && group != 3) {
		return scanned{}, CodeNotANumber
	}
	// The fraction: a comma or a point and at least one digit.
	comma := false
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		comma = s[i] == ','
		rewrite = rewrite || comma
		i++
		if i = skipDigits(s, i); s[i-1] < '0' || s[i-1] > '9' {
			return scanned{}, CodeNotANumber
		}
	}
	// The exponent, in plain notation only.
	exponent := false
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') && !grouped && !comma {
		exponent = true
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i = skipDigits(s, i); s[i-1] < '0' || s[i-1] > '9' {
			return scanned{}, CodeNotANumber
		}
	}
	if i != len(s) {
		return scanned{}, CodeNotANumber
	}
	if !rewrite {
		return scanned{plain: s, exponent: exponent}, ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch c {
		case '−':
			b.WriteByte('-')
		case ',':
			b.WriteByte('.')
		case ' ', '\u00a0', '\u202f':
		default:
			b.WriteRune(c)
		}
	}
	return scanned{plain: b.String(), exponent: exponent}, ""
}

// skipDigits returns the index of the first byte from i on that is not an
// ASCII digit.
func skipDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// groupSeparator returns the length in bytes of the thousands separator s
// starts with, 0 when it starts with none.
func groupSeparator(s string) int {
	if s[0] == ' ' {
		return 1
	}
	switch r, w := utf8.DecodeRuneInString(s); r {
	case '\u00a0', '\u202f':
		return w
	}
	return 0
}
