package opencatalogue

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// Problem is a failed check of the catalogue, at a file and line.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Slug string `json:"slug,omitempty"`
	Text string `json:"text"`
}

func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
	}
	if p.Slug != "" {
		s += ": " + p.Slug
	}
	return s + ": " + p.Text
}

// Report is what Verify found: the counts SOURCES.md records and every
// failed check.
type Report struct {
	Version  string `json:"version"`
	Services int    `json:"services"`
	Mandated int    `json:"mandated"`
	// Mandated services whose every legal row is verified, and those with
	// at least one verified row.
	MandatedAllVerified int `json:"mandated_all_verified"`
	MandatedAnyVerified int `json:"mandated_any_verified"`
	// The legal references (legal_basis) of the mandated services, and
	// those that stand for a verified legal row: what a coordinator sees
	// without the "not verified" badge.
	MandatedReferences         int `json:"mandated_references"`
	MandatedReferencesVerified int `json:"mandated_references_verified"`
	References                 int `json:"references"`
	ReferencesVerified         int `json:"references_verified"`
	Rows                       int `json:"rows"`
	RowsVerified               int `json:"rows_verified"`
	Acts                       int `json:"acts"`
	Corrections                int `json:"corrections"`
	// Unverified lists the mandated services with a reference no verified
	// legal row stands for.
	Unverified []string  `json:"unverified_mandated"`
	Problems   []Problem `json:"problems"`
}

// OK reports whether every check passed.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Share is the part of the mandated services' references that is
// verified, 0 to 1.
func (r Report) Share() float64 {
	if r.MandatedReferences == 0 {
		return 0
	}
	return float64(r.MandatedReferencesVerified) / float64(r.MandatedReferences)
}

var (
	actIDPattern    = regexp.MustCompile(`^(LOV|FOR)-[0-9]{4}-[0-9]{2}-[0-9]{2}(-[0-9]+)?$`)
	enablingPattern = regexp.MustCompile(`^(LOV-[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[0-9]+)?) § [0-9]+[a-z]?(-[0-9]+ ?[a-z]?)?$`)
)

// Verify checks the shipped catalogue against its legal files: every
// service has a legal row (a row marked unverified when no source was
// found); every cited act is listed in the acts file with a well-formed
// Lovdata identifier (acts from before 1970 may have no number, e.g.
// forvaltningsloven LOV-1967-02-10); a regulation names its enabling act
// and section; no two services claim the same provision for different
// duties without a note; a mandated service has a provision imposing a
// duty; every service passes the import's validation (the demo and new
// collaborations load the file); every KOSTRA function has a name;
// services.csv is the last release with the corrections applied. The
// counts are what SOURCES.md records.
func Verify() Report {
	d, err := load()
	if err != nil {
		return Report{Version: Version, Problems: []Problem{{File: "legal", Text: err.Error()}}}
	}
	cs, err := Corrections()
	if err != nil {
		return Report{Version: Version, Problems: []Problem{{File: "legal", Text: err.Error()}}}
	}
	h := History()
	return verify(d, mustRead(FileName), mustRead("history/"+h[len(h)-1].File), cs)
}

type service struct {
	slug, kostra string
	mandated     bool
	refs         []catalogue.LegalRef
	line         int
	svc          catalogue.Service
}

// en words the import's checks in the CLI's language.
var en = i18n.Lang("en")

func verify(d *data, current, previous []byte, cs []Correction) Report {
	rep := Report{Version: Version, Acts: len(d.acts), Corrections: len(cs)}
	rep.Problems = append(rep.Problems, d.probs...)
	if want, err := Apply(previous, cs); err != nil {
		rep.Problems = append(rep.Problems, Problem{File: "legal", Text: err.Error()})
	} else if !bytes.Equal(want, current) {
		rep.Problems = append(rep.Problems, Problem{File: FileName, Text: "differs from the last release with the corrections applied; change it through a corrections file"})
	}
	svcs, err := readServices(current)
	if err != nil {
		rep.Problems = append(rep.Problems, Problem{File: FileName, Text: err.Error()})
		return rep
	}
	known := map[string]bool{}
	for _, s := range svcs {
		known[s.slug] = true
	}
	rep.Services = len(svcs)

	provisions := map[string][]Source{}
	for _, slug := range sortedKeys(d.sources) {
		for _, s := range d.sources[slug] {
			rep.Rows++
			if s.Verified {
				rep.RowsVerified++
			}
			rep.Problems = append(rep.Problems, d.checkRow(s, known[slug])...)
			if s.ActID != "" && s.Section != "" {
				k := s.ActID + " " + normSection(s.Section) + " " + s.Paragraph
				provisions[k] = append(provisions[k], s)
			}
		}
	}
	for _, k := range sortedKeys(provisions) {
		rep.Problems = append(rep.Problems, sameProvision(provisions[k])...)
	}

	for _, s := range svcs {
		rows := d.sources[s.slug]
		if len(rows) == 0 {
			rep.Problems = append(rep.Problems, Problem{File: FileName, Line: s.line, Slug: s.slug, Text: "no legal row; add one (verified=false when no source was found)"})
		}
		if err := s.svc.Validate(); err != nil {
			var de *domain.Error
			if errors.As(err, &de) {
				for _, fe := range de.Fields {
					rep.Problems = append(rep.Problems, Problem{File: FileName, Line: s.line, Slug: s.slug, Text: fe.Field + ": " + en.T(fe.Code, fe.Params...)})
				}
			}
		}
		if d.kostra[s.kostra].Name == "" {
			rep.Problems = append(rep.Problems, Problem{File: FileName, Line: s.line, Slug: s.slug, Text: fmt.Sprintf("KOSTRA function %s has no name in kostra.csv", s.kostra)})
		}
		verified := 0
		for _, r := range s.refs {
			if slices.ContainsFunc(d.match(s.slug, r.Law, r.Section), func(x Source) bool { return x.Verified }) {
				verified++
			}
		}
		rep.References += len(s.refs)
		rep.ReferencesVerified += verified
		if !s.mandated {
			continue
		}
		rep.Mandated++
		rep.MandatedReferences += len(s.refs)
		rep.MandatedReferencesVerified += verified
		if verified < len(s.refs) || len(rows) == 0 {
			rep.Unverified = append(rep.Unverified, s.slug)
		}
		all, anyV, imposed := len(rows) > 0, false, false
		for _, r := range rows {
			all = all && r.Verified
			anyV = anyV || r.Verified
			imposed = imposed || r.Duty.Imposed()
		}
		if all {
			rep.MandatedAllVerified++
		}
		if anyV {
			rep.MandatedAnyVerified++
		}
		if len(rows) > 0 && !imposed {
			rep.Problems = append(rep.Problems, Problem{File: FileName, Line: s.line, Slug: s.slug, Text: "mandated, but no legal row imposes a duty (only may or none)"})
		}
	}
	return rep
}

// checkRow checks one legal row on its own.
func (d *data) checkRow(s Source, known bool) []Problem {
	var ps []Problem
	add := func(f string, a ...any) {
		ps = append(ps, Problem{File: s.File, Line: s.Line, Slug: s.Slug, Text: fmt.Sprintf(f, a...)})
	}
	if !known {
		add("no such service in %s", FileName)
	}
	if !slices.Contains(Duties, s.Duty) {
		add("duty %q is not one of provide, assess, plan, organise, pay, report, may or empty", s.Duty)
	}
	if s.Verified && (s.ActID == "" || s.SourceURL == "") {
		add("verified, but without act_id or source_url")
	}
	if s.ActID != "" {
		if !actIDPattern.MatchString(s.ActID) {
			add("act_id %q is not a Lovdata identifier (LOV-/FOR-YYYY-MM-DD-N)", s.ActID)
		} else if _, ok := d.acts[s.ActID]; !ok {
			add("act %s is not in acts.csv", s.ActID)
		}
	}
	// A regulation's row counts as verified only with its enabling act
	// and section; a row not verified says so in the UI already.
	if strings.HasPrefix(s.ActID, "FOR-") && s.Verified {
		m := enablingPattern.FindStringSubmatch(s.Enabling)
		switch {
		case m == nil:
			add("regulation without its enabling act and section (enabling %q, want \"LOV-… § n\")", s.Enabling)
		case d.acts[m[1]] == (Act{}):
			add("enabling act %s is not in acts.csv", m[1])
		}
	}
	return ps
}

// sameProvision reports rows of different services that claim one
// provision for different duties, unless each says why in a note.
func sameProvision(rows []Source) []Problem {
	duties := map[Duty]bool{}
	slugs := map[string]bool{}
	for _, r := range rows {
		duties[r.Duty] = true
		slugs[r.Slug] = true
	}
	if len(duties) < 2 || len(slugs) < 2 {
		return nil
	}
	var ps []Problem
	for _, r := range rows {
		if r.Note == "" {
			ps = append(ps, Problem{File: r.File, Line: r.Line, Slug: r.Slug, Text: fmt.Sprintf("%s %s %s is claimed by other services for another duty; say why in the note", r.ActID, r.Section, r.Paragraph)})
		}
	}
	return ps
}

func readServices(b []byte) ([]service, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("empty file")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, c := range []string{"slug", "kostra_function", "mandated", "legal_basis"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("no column %q", c)
		}
	}
	out := make([]service, 0, len(recs)-1)
	for i, r := range recs[1:] {
		get := func(c string) string {
			if j, ok := col[c]; ok {
				return r[j]
			}
			return ""
		}
		s := service{slug: get("slug"), kostra: get("kostra_function"), mandated: get("mandated") == "true",
			refs: catalogue.ParseLegalBasis(get("legal_basis")), line: i + 2}
		s.svc = catalogue.Service{Slug: s.slug, NameNB: get("name_nb"), NameEN: get("name_en"), Description: get("description_nb"),
			Area: get("area"), KostraFunction: s.kostra, Mandated: s.mandated, LegalBasis: s.refs,
			TargetGroup: get("target_group"), LifeEvent: get("life_event"), Notes: get("notes")}
		out = append(out, s)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
