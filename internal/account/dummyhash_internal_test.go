package account

import (
	"encoding/base64"
	"strings"
	"testing"
)

// The hash checked for an unknown e-mail must cost what a real check
// costs: the same parameters and key length as HashPassword writes, and a
// form CheckPassword reads through to the hash (not refused early).
func TestDummyHashCostsARealCheck(t *testing.T) {
	real, err := HashPassword("x")
	if err != nil {
		t.Fatal(err)
	}
	rp, dp := strings.Split(real, "$"), strings.Split(dummyHash, "$")
	if len(dp) != 6 || strings.Join(dp[:4], "$") != strings.Join(rp[:4], "$") {
		t.Fatalf("dummy hash %q has other parameters than %q", dummyHash, real)
	}
	for i, want := range []int{argonSaltLen, argonKeyLen} {
		b, err := base64.RawStdEncoding.DecodeString(dp[4+i])
		if err != nil || len(b) != want {
			t.Errorf("dummy hash field %d: %d bytes, %v; want %d", 4+i, len(b), err, want)
		}
	}
	for _, pw := range []string{"", "no such user", "x"} {
		if CheckPassword(dummyHash, pw) {
			t.Errorf("the dummy hash matches %q", pw)
		}
	}
}
