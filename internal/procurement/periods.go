package procurement

import "time"

// Time limits under the procurement regulation are computed by the EEA
// rules on time limits: FOA § 7-6 ("Fristberegning") refers to forskrift om
// tidsfrister i EØS-avtalen (FOR-1992-12-04-910, lovdata.no), which gives
// Regulation (EEC, Euratom) No 1182/71 effect in Norway. The ministry's page
// "Frister" (regjeringen.no id2570287) says all limits in the procurement
// rules are counted that way, in calendar days unless a rule says working
// days. What the code below takes from the regulation, and where it was read:
//
//   - art. 2(2): working days are all days other than public holidays,
//     Sundays and Saturdays (read in FOR-1992-12-04-910 on lovdata.no);
//   - art. 3(1) second subparagraph: for a period in days counted from an
//     event, the day of the event does not count (English text quoted on
//     wordscope.be);
//   - art. 3(2)(b): such a period starts at the beginning of the first hour
//     of its first day and ends with the expiry of the last hour of its last
//     day — NOT read in a source here, from the regulation as commonly
//     cited;
//   - art. 3(3): periods include public holidays, Sundays and Saturdays
//     unless expressly excepted or expressed in working days — NOT read in a
//     source here; the ministry's "calendar days as the rule" agrees;
//   - art. 3(4): if the last day of a period expressed otherwise than in
//     hours is a public holiday, Sunday or Saturday, the period ends with the
//     expiry of the last hour of the following working day (English text
//     quoted on wordscope.be and in EUR-Lex documents on glosbe.com);
//   - art. 3(5): a period of two days or more includes at least two working
//     days — NOT read in a source here.
//
// Days are Oslo calendar days (art. 2(1): the public holidays of the state
// where the act is to be done; see Holidays).

// PeriodEnd returns the instant a period of days calendar days counted from
// event expires, as an exclusive end in UTC: the start (00:00 in Oslo) of
// the day after the period's last day. Everything strictly before it is
// within the period; at it and after, the period has run out. For a
// standstill that is the first instant the contract may be concluded.
//
// The last day is the event's Oslo day plus days (art. 3(1), 3(2)(b), 3(3));
// if it is not a working day the period runs to the end of the next working
// day (art. 3(4)), and it is extended until it contains two working days
// when days >= 2 (art. 3(5), unverified). With days <= 0 there is no period
// and event itself is returned (in UTC).
func PeriodEnd(event time.Time, days int) time.Time {
	if days <= 0 {
		return event.UTC()
	}
	y, m, d := event.In(Oslo()).Date()
	last := time.Date(y, m, d+days, 0, 0, 0, 0, Oslo())
	for !IsWorkingDay(last) {
		last = nextDay(last)
	}
	if days >= 2 {
		for workingDaysIn(nextDay(time.Date(y, m, d, 0, 0, 0, 0, Oslo())), last) < 2 {
			last = nextDay(last)
			for !IsWorkingDay(last) {
				last = nextDay(last)
			}
		}
	}
	return nextDay(last).UTC()
}

// nextDay returns midnight in Oslo of the calendar day after day (itself
// midnight in Oslo). Oslo's clock changes happen at 02:00 and 03:00, so
// midnight always exists.
func nextDay(day time.Time) time.Time {
	y, m, d := day.In(Oslo()).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Oslo())
}

// workingDaysIn counts the working days from first to last, both included
// (both midnight in Oslo).
func workingDaysIn(first, last time.Time) int {
	n := 0
	for day := first; !day.After(last); day = nextDay(day) {
		if IsWorkingDay(day) {
			n++
		}
	}
	return n
}

// The standstill periods (karensperiode) the regulation sets, in days, by
// how the notice of award is sent. FOA § 25-2 (part III): at least 10 days
// when the notice is sent electronically, 15 when it is sent by other
// means. § 10-2 (part II) asks only for a "reasonable" period; the
// ministry's guide (regjeringen.no id2581234 ch. 13.2) holds 10 and 15 days
// always reasonable, so part II uses the same figures as its default.
// These figures come from the project's FACTS.md; the text of §§ 25-2 and
// 10-2 itself was not found by the search tool and is not verified here.
const (
	StandstillElectronicDays = 10
	StandstillOtherDays      = 15
)

// Standstill returns the length in days and the exclusive end (see
// PeriodEnd) of the standstill after a notice of award sent at notifiedAt.
// Parts II and III have the regulation's minimum (StandstillElectronicDays
// or StandstillOtherDays by electronic); a buyer may set a longer period,
// minDays (the seed's tender used 14), and a minDays below the minimum is
// ignored, never shortening it. Part I and procurements below it have no
// standstill duty: days is minDays when the buyer chose one (KOFA advises
// informing the bidders anyway), else 0 with end = notifiedAt.
//
// The count starts the day after the notice is sent (art. 3(1) second
// subparagraph of Regulation 1182/71); whether § 25-2 counts from sending or
// from receipt was not verified — FACTS.md and the issue say "sent".
func Standstill(part Part, notifiedAt time.Time, electronic bool, minDays int) (days int, end time.Time) {
	switch part {
	case PartII, PartIII:
		days = StandstillOtherDays
		if electronic {
			days = StandstillElectronicDays
		}
	}
	days = max(days, minDays, 0)
	return days, PeriodEnd(notifiedAt, days)
}
