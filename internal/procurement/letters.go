package procurement

import (
	"math"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
)

// LetterLang is the language award letters are written in: the tender's
// documents are in Norwegian bokmål.
const LetterLang = "nb"

// LetterFacts is what one bidder's notice of award says: the winner, the
// characteristics and relative advantages of the winning bid (the award's
// reasons and the winner's points per criterion), the bidder's own points,
// total and rank, and the end of the standstill period (FOA § 25-2 / § 10-2;
// FACTS.md "Notice of award").
type LetterFacts struct {
	Reference, Title, Buyer string
	Supplier                string
	Winner                  string
	IsWinner                bool
	Reasons                 string
	Criteria                []Criterion
	WinnerPoints            []float64
	WinnerTotal             float64
	// Own* are the bidder's points, total and rank among Bidders; a
	// rejected bid has Rejected set instead.
	OwnPoints     []float64
	OwnTotal      float64
	Rank, Bidders int
	Rejected      string
	StandstillEnd time.Time
}

// WriteLetter words a notice of award in the language of t, a translation
// function like i18n.Lang.T (as process.Words takes it): the subject and
// the plain-text body.
func WriteLetter(t func(key string, args ...any) string, lang string, f LetterFacts) (subject, body string) {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	subject = t("procurement.letter.subject", f.Reference, f.Title)
	line(t("procurement.letter.to", f.Supplier))
	line("")
	if f.IsWinner {
		line(t("procurement.letter.you_won", f.Title))
	} else {
		line(t("procurement.letter.winner", f.Title, f.Winner))
	}
	line("")
	line(t("procurement.letter.reasons"))
	line(strings.TrimSpace(f.Reasons))
	line("")
	line(t("procurement.letter.winner_points", f.Winner))
	for j, c := range f.Criteria {
		if j < len(f.WinnerPoints) {
			line("- " + t("procurement.letter.criterion", c.Name, c.Weight, round2(f.WinnerPoints[j])))
		}
	}
	line(t("procurement.letter.total", round2(f.WinnerTotal)))
	if !f.IsWinner {
		line("")
		if f.Rejected != "" {
			line(t("procurement.letter.rejected", f.Rejected))
		} else {
			line(t("procurement.letter.your_points"))
			for j, c := range f.Criteria {
				if j < len(f.OwnPoints) {
					line("- " + t("procurement.letter.criterion", c.Name, c.Weight, round2(f.OwnPoints[j])))
				}
			}
			line(t("procurement.letter.total", round2(f.OwnTotal)))
			line(t("procurement.letter.rank", f.Rank, f.Bidders))
		}
	}
	line("")
	if !f.StandstillEnd.IsZero() {
		line(t("procurement.letter.standstill", Display(f.StandstillEnd, lang)))
	}
	line(t("procurement.letter.complaint"))
	line("")
	line(t("procurement.letter.regards"))
	line(f.Buyer)
	return subject, b.String()
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// LetterDigest fingerprints a letter's subject and body as sent.
func LetterDigest(l Letter) string { return seal.Digest([]byte(l.Subject), []byte(l.Body)) }

// RetryDelay is how long the outbox waits after the attempts-th failed
// delivery: 1, 2, 4 … minutes, at most a day, so a mail server that is
// down for a while is not hammered and one that comes back is used soon.
func RetryDelay(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	d := time.Minute
	for i := 1; i < attempts && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, 24*time.Hour)
}

// letterDue reports whether mail m should be tried at now.
func letterDue(m OutboxMail, now time.Time) bool {
	return m.SentAt.IsZero() && !now.Before(m.NextAttempt)
}
