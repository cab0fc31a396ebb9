package procurement

import (
	"errors"
	"testing"
)

func TestParseOrgNumber(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      error
	}{
		{"974760673", "974760673", nil},   // Registerenheten i Brønnøysund
		{"974 760 673", "974760673", nil}, // grouped as printed
		{" 974\u00a0760\u00a0673 ", "974760673", nil},
		{"123456785", "123456785", nil}, // Brønnøysundregistrene's worked example
		{"921981368", "921981368", nil}, // a valid check digit (owner not verified here)
		{"", "", ErrMissing},
		{"   ", "", ErrMissing},
		{"974760674", "", ErrOrgNumberInvalid}, // wrong check digit
		{"974760637", "", ErrOrgNumberInvalid}, // two digits swapped
		{"97476067", "", ErrOrgNumberInvalid},  // eight digits
		{"9747606730", "", ErrOrgNumberInvalid},
		{"97476067A", "", ErrOrgNumberInvalid},
		{"974-760-673", "", ErrOrgNumberInvalid},
		{"NO 974760673 MVA", "", ErrOrgNumberInvalid},
		{"100000130", "", ErrOrgNumberInvalid}, // check digit would be 10: never issued
		{"９７４７６０６７３", "", ErrOrgNumberInvalid}, // full-width digits
	} {
		got, err := ParseOrgNumber(c.in)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("ParseOrgNumber(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
	if _, err := ParseOrgNumber("1"); err.Error() != "procurement.orgnr_invalid" {
		t.Errorf("the error is not the translation key: %q", err)
	}
}
