package account_test

import (
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
)

func TestPassword(t *testing.T) {
	const pw = "Blåbærsyltetøy på skiva"
	hash, err := account.HashPassword(pw)
	must(t, err)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id with the expected parameters", hash)
	}
	again, err := account.HashPassword(pw)
	must(t, err)
	if again == hash {
		t.Error("two hashes of one password are equal: no salt")
	}

	parts := strings.Split(hash, "$") // "", argon2id, v=19, m=…, salt, key
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	// flip changes the first character of a base64 field to another valid one.
	flip := func(s string) string {
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	for _, tc := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"right password", hash, pw, true},
		{"right password, second hash", again, pw, true},
		{"wrong password", hash, pw + " ", false},
		{"other case", hash, strings.ToUpper(pw), false},
		{"tampered key", with(5, flip(parts[5])), pw, false},
		{"tampered salt", with(4, flip(parts[4])), pw, false},
		{"tampered parameters", with(3, "m=19456,t=3,p=1"), pw, false},
		{"other algorithm", with(1, "argon2i"), pw, false},
		{"other version", with(2, "v=16"), pw, false},
		{"zero parameters", with(3, "m=0,t=0,p=0"), pw, false},
		{"key not base64", with(5, "!!!"), pw, false},
		{"empty key", with(5, ""), pw, false},
		{"empty hash", "", pw, false},
		{"garbage", "$argon2id$", pw, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := account.CheckPassword(tc.hash, tc.password); got != tc.want {
				t.Errorf("CheckPassword = %v, want %v", got, tc.want)
			}
		})
	}
}
