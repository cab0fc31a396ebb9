package procurement

import "strings"

// ruleCodeError is an error whose text is a translation key, so that a caller
// attaches it to its field as it is: domain.Field(path, err.Error()).
type ruleCodeError string

func (e ruleCodeError) Error() string { return string(e) }

// The errors of the parsers in this package; each one's Error() is the
// translation key to show at the field.
var (
	ErrMissing          error = ruleCodeError("field.required")
	ErrOrgNumberInvalid error = ruleCodeError("procurement.orgnr_invalid")
	ErrDateTimeInvalid  error = ruleCodeError("procurement.datetime_invalid")
	ErrDateTimeSkipped  error = ruleCodeError("procurement.datetime_skipped")
)

// orgWeights are the weights of the first eight digits of an organisation
// number. Brønnøysundregistrene, "Construction of the Norwegian
// organization number" (brreg.no/english/coordination/number.html): nine
// digits, the last a modulus 11 check digit over the first eight weighted
// 3, 2, 7, 6, 5, 4, 3, 2; remainder 0 gives check digit 0; a check digit of
// 10 is not valid for an organisation number.
var orgWeights = [8]int{3, 2, 7, 6, 5, 4, 3, 2}

// ParseOrgNumber reads a Norwegian organisation number (organisasjonsnummer)
// as people type it: nine digits, possibly grouped by spaces
// ("974 760 673"; a no-break space counts as a space). It returns the nine
// digits. Only the form and the check digit are checked, not whether the
// Central Coordinating Register knows the number.
//
// Errors: ErrMissing for an empty text, ErrOrgNumberInvalid for anything
// else that is not nine digits with a correct check digit.
func ParseOrgNumber(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t':
		default:
			return "", ErrOrgNumberInvalid
		}
	}
	digits := b.String()
	switch {
	case digits == "":
		return "", ErrMissing
	case len(digits) != 9:
		return "", ErrOrgNumberInvalid
	}
	sum := 0
	for i, w := range orgWeights {
		sum += int(digits[i]-'0') * w
	}
	check := (11 - sum%11) % 11
	if check == 10 || int(digits[8]-'0') != check {
		return "", ErrOrgNumberInvalid
	}
	return digits, nil
}
