package noark

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo must load on hosts without a zone database
	"unicode"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// The activities the reader names. Journal entries are named by their
// journalposttype (M082) as the code list spells it; the others by what
// happened.
const (
	ActivityIncoming         = "Inngående dokument"
	ActivityOutgoing         = "Utgående dokument"
	ActivityInternalFollowUp = "Organinternt dokument for oppfølging"
	ActivityInternal         = "Organinternt dokument uten oppfølging"
	ActivityCaseReport       = "Saksframlegg"
	ActivityOtherEntry       = "Annen journalpost"
	ActivityNote             = "Arkivnotat"
	ActivityForApproval      = "Sendt til godkjenning"
	ActivityApproved         = "Godkjent"
	ActivityNotApproved      = "Ikke godkjent"
	ActivityReturned         = "Returnert med kommentarer"
	ActivityFlowDone         = "Dokumentflyt behandlet"
	ActivityNewHandler       = "Ny saksbehandler"
	ActivityNewUnit          = "Ny administrativ enhet"
	ActivityStatusChanged    = "Saksstatus endret"
	// ActivityStatusPrefix precedes the new saksstatus (M052) in the name
	// of a status change, e.g. "Saksstatus: Avsluttet".
	ActivityStatusPrefix = "Saksstatus: "
)

// The resource prefixes of pseudonyms.
const (
	ResourceHandler = "saksbehandler"
	ResourceUnit    = "enhet"
)

// entryType maps a journalposttype (code or name, any case, with or
// without Norwegian letters) to its activity and direction. Types outside
// the code list keep their own short name as internal entries: they are
// type names of the system, not personal data.
func entryType(v string) (string, eventlog.Direction) {
	k := fold(v)
	switch k {
	case "i", "inngaende dokument", "inngaende":
		return ActivityIncoming, eventlog.DirectionIn
	case "u", "utgaende dokument", "utgaende":
		return ActivityOutgoing, eventlog.DirectionOut
	case "n", "organinternt dokument for oppfolging":
		return ActivityInternalFollowUp, eventlog.DirectionInternal
	case "x", "organinternt dokument uten oppfolging":
		return ActivityInternal, eventlog.DirectionInternal
	case "s", "saksframlegg":
		return ActivityCaseReport, eventlog.DirectionInternal
	}
	switch {
	case strings.Contains(k, "inngaende"):
		return ActivityIncoming, eventlog.DirectionIn
	case strings.Contains(k, "utgaende"):
		return ActivityOutgoing, eventlog.DirectionOut
	case k == "" || len([]rune(v)) > 60:
		return ActivityOtherEntry, eventlog.DirectionInternal
	}
	return strings.TrimSpace(v), eventlog.DirectionInternal
}

// caseStatus maps a saksstatus (M052, code or name) to its name and
// whether it closes the case; known is false outside the code list.
func caseStatus(v string) (name string, closed, known bool) {
	switch fold(v) {
	case "b", "under behandling":
		return "Under behandling", false, true
	case "a", "avsluttet":
		return "Avsluttet", true, true
	case "u", "utgar":
		return "Utgår", true, true
	case "r", "opprettet av saksbehandler":
		return "Opprettet av saksbehandler", false, true
	case "s", "avsluttet av saksbehandler":
		return "Avsluttet av saksbehandler", true, true
	case "p", "unntatt prosesstyring":
		return "Unntatt prosesstyring", false, true
	case "f", "ferdig fra saksbehandler":
		return "Ferdig fra saksbehandler", true, true
	}
	return "", false, false
}

// flowStatus names the outcome of a dokumentflyt (flytStatus, M663).
func flowStatus(v string) string {
	k := fold(v)
	switch {
	case k == "godkjent":
		return ActivityApproved
	case k == "ikke godkjent":
		return ActivityNotApproved
	case strings.HasPrefix(k, "sendt tilbake"):
		return ActivityReturned
	}
	return ActivityFlowDone
}

// fold lower-cases v, collapses spaces and spells æ, ø, å (and aa) as
// a, o, a so that codes typed in any spelling match.
func fold(v string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(v) {
		switch r {
		case 'æ', 'Æ', 'å', 'Å':
			r = 'a'
		case 'ø', 'Ø':
			r = 'o'
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.ReplaceAll(b.String(), "aa", "a")
}

// pseudonymiser turns names into stable pseudonyms for one read: the
// keyed hash of the name (case and spaces ignored, so "Lars H.Hansen" and
// "Lars H. Hansen" are one person) under a key that is never stored.
type pseudonymiser struct {
	key   []byte
	cache map[string]string
}

func (p *pseudonymiser) name(kind, v string) string {
	v = strings.TrimSpace(v)
	if v == "" || strings.EqualFold(v, "null") {
		return ""
	}
	ck := kind + "\x00" + v
	if s, ok := p.cache[ck]; ok {
		return s
	}
	var norm strings.Builder
	for _, r := range v {
		if !unicode.IsSpace(r) {
			norm.WriteRune(unicode.ToLower(r))
		}
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(norm.String()))
	s := kind + "-" + hex.EncodeToString(m.Sum(nil)[:4])
	p.cache[ck] = s
	return s
}

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// parseTime reads an xs:dateTime or xs:date as Noark extracts write them:
// with or without fraction and zone (no zone is Norwegian time), a date
// alone as its midnight, a space for the T tolerated. ok is false when v
// is no date; an empty v is the zero time.
func parseTime(v string) (t time.Time, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	if len(v) > 10 && v[10] == ' ' {
		v = v[:10] + "T" + v[11:]
	}
	if len(v) <= 16 && !strings.Contains(v, "T") {
		// a date, possibly with a zone: 2006-01-02, 2006-01-02Z, 2006-01-02+01:00
		if len(v) == 10 {
			t, err := time.ParseInLocation("2006-01-02", v, oslo)
			return t, err == nil
		}
		t, err := time.Parse("2006-01-02Z07:00", v)
		return t, err == nil
	}
	if hasZone(v) {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			t, err = time.Parse("2006-01-02T15:04Z07:00", v)
		}
		return t, err == nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", v, oslo)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02T15:04", v, oslo)
	}
	return t, err == nil
}

// hasZone reports a zone after the time part of an xs:dateTime.
func hasZone(v string) bool {
	i := strings.IndexByte(v, 'T')
	if i < 0 {
		return false
	}
	rest := v[i:]
	return strings.HasSuffix(rest, "Z") || strings.ContainsAny(rest, "+-")
}
