package web

import (
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
)

// legalRef is one of a service's legal references as the service page
// shows it: the reference as the collaboration stores it, and the open
// catalogue's checked sources it stands for. A reference no verified
// source stands for carries the "not verified" badge.
type legalRef struct {
	Text     string
	Sources  []legalSource
	Verified bool
}

// legalSource is one checked provision behind a reference.
type legalSource struct {
	ActTitle    string // the act's official short title
	ActID       string // LOV-… or FOR-…
	Section     string
	Paragraph   string
	DutyKey     string // translation key of the duty kind
	Enabling    string // a regulation's enabling act and section
	URL         string
	Lovdata     string // the provision on lovdata.no
	SourceTitle string
	Verified    bool
	Note        string
}

// dutyKeys are the translation keys of the duty kinds.
var dutyKeys = map[opencatalogue.Duty]string{
	opencatalogue.DutyProvide:  "legal.duty_provide",
	opencatalogue.DutyAssess:   "legal.duty_assess",
	opencatalogue.DutyPlan:     "legal.duty_plan",
	opencatalogue.DutyOrganise: "legal.duty_organise",
	opencatalogue.DutyPay:      "legal.duty_pay",
	opencatalogue.DutyReport:   "legal.duty_report",
	opencatalogue.DutyMay:      "legal.duty_may",
	opencatalogue.DutyNone:     "legal.duty_none",
}

// Legal returns the service's legal references matched to the open
// catalogue's sources by slug, law and section. The catalogue ships with
// the binary, so a lookup cannot fail on a running server; were its files
// unreadable, every reference would show as not verified.
func (d servicePageData) Legal() []legalRef {
	s := d.View.Service
	acts, _ := opencatalogue.Acts()
	out := make([]legalRef, 0, len(s.LegalBasis))
	for _, r := range s.LegalBasis {
		rows, _ := opencatalogue.Match(s.Slug, r.Law, r.Section)
		ref := legalRef{Text: r.String()}
		for _, x := range rows {
			title := x.ActTitle
			if a, ok := acts[x.ActID]; ok && a.ShortTitle != "" {
				title = a.ShortTitle
			}
			enabling := x.Enabling
			if id, sec, ok := strings.Cut(enabling, " "); ok && acts[id].ShortTitle != "" {
				enabling = acts[id].ShortTitle + " (" + id + ") " + sec
			}
			ref.Sources = append(ref.Sources, legalSource{ActTitle: title, ActID: x.ActID, Section: x.Section, Paragraph: x.Paragraph,
				DutyKey: dutyKeys[x.Duty], Enabling: enabling, URL: x.SourceURL, Lovdata: x.LovdataURL(), SourceTitle: x.SourceTitle, Verified: x.Verified, Note: x.Note})
			ref.Verified = ref.Verified || x.Verified
		}
		out = append(out, ref)
	}
	return out
}

// KostraName is the name of the service's KOSTRA function in SSB's list,
// or "" when the open catalogue does not know it.
func (d servicePageData) KostraName() string {
	return opencatalogue.KostraName(d.View.Service.KostraFunction)
}

// kostraLabel is a KOSTRA function with its name, for the lists and
// choices that show the number.
func kostraLabel(fn string) string {
	if n := opencatalogue.KostraName(fn); n != "" {
		return fn + " " + n
	}
	return fn
}
