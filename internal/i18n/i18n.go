// Package i18n translates the user interface. Every string a user reads
// goes through a key in the message files (nb.json, en.json); bokmål is the
// default and the fallback.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo on every machine, whatever its zoneinfo
)

//go:embed *.json
var files embed.FS

// Default is the language used when nothing else is chosen.
const Default = "nb"

// Supported lists the UI languages.
var Supported = []string{"nb", "en"}

var catalogs = map[string]map[string]string{}

func init() {
	for _, lang := range Supported {
		b, err := files.ReadFile(lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n %s.json: %v", lang, err))
		}
		catalogs[lang] = m
	}
}

// Keys returns the keys of one language's catalogue, sorted; for tests
// that check the languages are complete.
func Keys(lang string) []string { return slices.Sorted(maps.Keys(catalogs[lang])) }

// Match returns the supported language best matching s (a language tag or
// an Accept-Language header), or Default.
func Match(s string) string {
	for part := range strings.SplitSeq(s, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		switch base {
		case "nb", "no", "nn":
			return "nb"
		case "en":
			return "en"
		}
	}
	return Default
}

// Lang translates into one language.
type Lang string

// Code returns the language code, for the html lang attribute.
func (l Lang) Code() string { return string(l) }

// T returns the message for key with params filled in (fmt verbs in the
// message); float64 params are written as numbers in the language. A missing key falls back to bokmål, then to the key itself so
// a gap shows instead of breaking the page.
func (l Lang) T(key string, params ...any) string {
	msg, ok := catalogs[string(l)][key]
	if !ok {
		if msg, ok = catalogs[Default][key]; !ok {
			return key
		}
	}
	if len(params) == 0 {
		return msg
	}
	local := make([]any, len(params))
	for i, p := range params {
		local[i] = p
		if f, ok := p.(float64); ok {
			local[i] = l.Number(f, decimals(f))
		}
	}
	return fmt.Sprintf(msg, local...)
}

// decimals is how many decimals (at most two) f needs.
func decimals(f float64) int {
	for d := 0; d < 2; d++ {
		p := math.Pow10(d)
		if math.Abs(math.Round(f*p)-f*p) < 1e-9 {
			return d
		}
	}
	return 2
}

// Has reports whether key is translated.
func (l Lang) Has(key string) bool {
	_, ok := catalogs[string(l)][key]
	return ok
}

// Number formats n the way the language writes numbers: "6 619" and
// "12,5" in bokmål, "6,619" and "12.5" in English.
func (l Lang) Number(f float64, decimals int) string {
	var buf [32]byte
	return string(l.AppendNumber(buf[:0], f, decimals))
}

// AppendNumber appends f as Number writes it, for the writers of large
// tables that format thousands of numbers a page without a string each.
func (l Lang) AppendNumber(dst []byte, f float64, decimals int) []byte {
	var scratch [32]byte
	s := strconv.AppendFloat(scratch[:0], f, 'f', decimals, 64)
	if len(s) > 0 && s[0] == '-' {
		dst = append(dst, "−"...)
		s = s[1:]
	}
	intLen := len(s)
	for i, c := range s {
		if c == '.' {
			intLen = i
			break
		}
	}
	sep, dec := "\u00a0", byte(',')
	if l == "en" {
		sep, dec = ",", '.'
	}
	for i := 0; i < intLen; i++ {
		if i > 0 && (intLen-i)%3 == 0 {
			dst = append(dst, sep...)
		}
		dst = append(dst, s[i])
	}
	if intLen < len(s) {
		dst = append(dst, dec)
		dst = append(dst, s[intLen+1:]...)
	}
	return dst
}

// Date formats a date: 26.11.2026 in bokmål, 2026-11-26 in English.
func (l Lang) Date(t time.Time) string {
	if l == "en" {
		return t.Format(time.DateOnly)
	}
	return t.Format("02.01.2006")
}

// DateTime formats a time of day in Norway's time zone.
func (l Lang) DateTime(t time.Time) string {
	t = t.In(oslo)
	if l == "en" {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("02.01.2006 kl. 15.04")
}

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()
