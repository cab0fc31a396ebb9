package procurement

import (
	"time"
)

// Holiday is one Norwegian public holiday of a year.
type Holiday struct {
	// Date is the civil date at midnight UTC; only its year, month and day
	// mean anything (the day is a day in Oslo).
	Date time.Time
	// Name is the translation key of the holiday's name,
	// "procurement.holiday." + a code such as "easter_monday".
	Name string
}

// Holidays returns Norway's public holidays in year, in date order: the
// holidays (helligdager) of lov 24. februar 1995 nr. 12 om helligdager og
// helligdagsfred § 2 (b)–(k), without the ordinary Sundays of § 2 (a), and
// the public holidays (høgtidsdager) 1 and 17 May of lov om 1. og 17. mai som
// høgtidsdager § 1, which puts them on a par with Sundays (text read at
// arbeidstilsynet.no; the Act's date and number were not checked). Whit Monday and 17 May fall on the same day in some years (2027,
// 2032); both are listed.
//
// The moving days follow § 2 (c)–(i) from Easter Sunday: Maundy Thursday and
// Good Friday are the last Thursday and Friday before it, Easter Monday the
// Monday after, Ascension Day the sixth Thursday after (39 days), Whit
// Sunday the seventh Sunday after (49 days) and Whit Monday the Monday after
// that. Easter Sunday itself is the Gregorian Easter (see easterSunday);
// Prop. 81 L (2010–2011) ch. 5 confirms the Act means the ecclesiastical
// rule, not a literal full moon.
func Holidays(year int) []Holiday {
	easter := easterSunday(year)
	day := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	rel := func(days int) time.Time { return easter.AddDate(0, 0, days) }
	hs := []Holiday{
		{day(time.January, 1), "procurement.holiday.new_year"},
		{rel(-3), "procurement.holiday.maundy_thursday"},
		{rel(-2), "procurement.holiday.good_friday"},
		{easter, "procurement.holiday.easter_sunday"},
		{rel(1), "procurement.holiday.easter_monday"},
		{day(time.May, 1), "procurement.holiday.may_1"},
		{day(time.May, 17), "procurement.holiday.may_17"},
		{rel(39), "procurement.holiday.ascension"},
		{rel(49), "procurement.holiday.whit_sunday"},
		{rel(50), "procurement.holiday.whit_monday"},
		{day(time.December, 25), "procurement.holiday.christmas"},
		{day(time.December, 26), "procurement.holiday.boxing_day"},
	}
	// Easter can fall as late as 25 April, putting Ascension Day (3 June at
	// the latest) and Whitsun after 1 and 17 May, or as early as 22 March,
	// putting Ascension before 17 May; sort so the order is the calendar's.
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
	return hs
}

// easterSunday returns the Gregorian Easter Sunday of year (midnight UTC),
// by the anonymous Gregorian algorithm (Meeus/Jones/Butcher): the computus
// the churches use, which gives the same date as the Act's "first Sunday
// after the first full moon on or after 21 March" read as the
// ecclesiastical moon.
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// HolidayOn returns the public holiday on the Oslo calendar day of t, if
// any: the key of its name and true. Ordinary Sundays are not named here.
func HolidayOn(t time.Time) (name string, ok bool) {
	y, m, d := t.In(Oslo()).Date()
	for _, h := range Holidays(y) {
		if hm, hd := h.Date.Month(), h.Date.Day(); hm == m && hd == d {
			return h.Name, true
		}
	}
	return "", false
}

// IsWorkingDay reports whether the Oslo calendar day of t is a working day
// (virkedag) in the sense of Regulation (EEC, Euratom) No 1182/71 art. 2(2),
// which FOA § 7-6 applies: not a Saturday, a Sunday or a public holiday.
func IsWorkingDay(t time.Time) bool {
	switch t.In(Oslo()).Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := HolidayOn(t)
	return !holiday
}
