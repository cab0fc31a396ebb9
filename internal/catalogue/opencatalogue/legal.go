package opencatalogue

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Duty is what a provision asks of the municipality. The catalogue keeps
// a duty to provide a service apart from a duty only to assess, to plan or
// to organise, and from a provision that merely lets the municipality
// offer it.
type Duty string

// The duty kinds of the legal files.
const (
	DutyProvide  Duty = "provide"  // kommunen skal yte / sørge for tjenesten
	DutyAssess   Duty = "assess"   // a duty to decide on applications or to consider
	DutyPlan     Duty = "plan"     // a duty to plan or to have a plan
	DutyOrganise Duty = "organise" // a duty to set up a body or function
	DutyPay      Duty = "pay"      // a duty to pay out a benefit
	DutyReport   Duty = "report"   // a duty to document or report to an authority
	DutyMay      Duty = "may"      // the provision lets the municipality offer it
	DutyNone     Duty = ""         // no provision found
)

// Duties lists the duty kinds a legal row may name.
var Duties = []Duty{DutyProvide, DutyAssess, DutyPlan, DutyOrganise, DutyPay, DutyReport, DutyMay, DutyNone}

// Imposed reports whether the duty is one the law lays on the
// municipality, as opposed to a power it may use or no provision at all.
func (d Duty) Imposed() bool { return d != DutyMay && d != DutyNone }

// Source is one legal reference of a service, with where it was checked.
type Source struct {
	Slug        string
	ActID       string // Lovdata identifier, LOV-YYYY-MM-DD-N or FOR-YYYY-MM-DD-N
	ActTitle    string // the act's official short title
	Section     string // "§ 3-2"
	Paragraph   string // "første ledd nr. 4", or empty for the whole section
	Duty        Duty
	Enabling    string // for a regulation: the enabling act and section, "LOV-2011-06-24-30 § 3-3"
	SourceURL   string
	SourceTitle string
	Verified    bool // the source confirms the act, the section and the duty
	Note        string
	File        string // the legal file the row is in, for messages
	Line        int
}

// LovdataURL is the provision's address on lovdata.no, built from the
// act's identifier and the section ("LOV-2018-06-22-83", "§ 5-12" →
// https://lovdata.no/lov/2018-06-22-83/§5-12), or "" when the row names
// no well-formed act. The address is where a reader checks the provision
// in force; SourceURL is what the row was checked against.
func (s Source) LovdataURL() string {
	if !actIDPattern.MatchString(s.ActID) {
		return ""
	}
	kind := "lov"
	if strings.HasPrefix(s.ActID, "FOR-") {
		kind = "forskrift"
	}
	u := "https://lovdata.no/" + kind + "/" + s.ActID[len("LOV-"):]
	if sec := strings.ReplaceAll(s.Section, " ", ""); lovdataSection.MatchString(sec) {
		u += "/" + sec
	}
	return u
}

// lovdataSection is one section as Lovdata addresses it ("§5-12", "§7a").
var lovdataSection = regexp.MustCompile(`^§[0-9]+[a-z]?(-[0-9]+[a-z]?)?$`)

// Act is an act or regulation the legal files cite.
type Act struct {
	ID         string
	ShortTitle string
	Title      string
	InForce    string
	Replaces   string
	SourceURL  string
}

// Kind is "lov" or "forskrift", from the identifier.
func (a Act) Kind() string {
	if strings.HasPrefix(a.ID, "FOR-") {
		return "forskrift"
	}
	return "lov"
}

// data is the legal material read once from the embedded files.
type data struct {
	sources map[string][]Source
	acts    map[string]Act
	kostra  map[string]KostraFunction
	probs   []Problem // rows that could not be read into the maps
}

var load = sync.OnceValues(func() (*data, error) { return read(files) })

// Sources returns the legal rows by service slug, in file order.
// Errors: a legal file that is not CSV with the expected columns.
func Sources() (map[string][]Source, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	return d.sources, nil
}

// Acts returns the cited acts and regulations by Lovdata identifier.
// Errors: as Sources.
func Acts() (map[string]Act, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	return d.acts, nil
}

// KostraFunction is a row of legal/kostra.csv: a KOSTRA function number,
// its name and the page the name was read from. Checked is true only when
// a page of SSB or the ministry confirms both number and name as current;
// otherwise the name is the best one found, shown as it is.
type KostraFunction struct {
	Function  string
	Name      string
	SourceURL string
	Checked   bool
}

// KostraName is the name of a KOSTRA function in SSB's current function
// list, or "" when the catalogue does not know the function.
func KostraName(function string) string {
	k, _ := Kostra(function)
	return k.Name
}

// Kostra returns the catalogue's row for a KOSTRA function, and whether
// there is one.
func Kostra(function string) (KostraFunction, bool) {
	d, err := load()
	if err != nil {
		return KostraFunction{}, false
	}
	k, ok := d.kostra[function]
	return k, ok
}

// Match returns the legal rows of the service slug that a reference "law §
// section" as a collaboration stores it stands for: the row whose act
// (by short title or, for an act's own name, title) and section are the
// reference's, or a regulation's row whose enabling act and section are.
// A reference with no row is unverified. Errors: as Sources.
func Match(slug, law, section string) ([]Source, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	return d.match(slug, law, section), nil
}

func (d *data) match(slug, law, section string) []Source {
	law = strings.ToLower(strings.TrimSpace(law))
	sec := normSection(section)
	if law == "" || sec == "" {
		return nil
	}
	var out []Source
	for _, s := range d.sources[slug] {
		if d.names(s.ActID, s.ActTitle, law) && (normSection(s.Section) == sec || normSection(s.Section+s.Paragraph) == sec) {
			out = append(out, s)
			continue
		}
		act, esec, ok := strings.Cut(s.Enabling, " ")
		if ok && normSection(esec) == sec && d.names(act, "", law) {
			out = append(out, s)
		}
	}
	return out
}

// names reports whether law (lower case) names the act id or the row's
// act title.
func (d *data) names(id, title, law string) bool {
	if title != "" && strings.ToLower(title) == law {
		return true
	}
	a, ok := d.acts[id]
	return ok && (strings.ToLower(a.ShortTitle) == law || strings.ToLower(a.Title) == law)
}

// normSection compares sections written "§ 8 a", "8a" or "3-2 første ledd".
func normSection(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "§", "")), ""))
}

// table is a CSV file read by its header.
type table struct {
	name string
	rows []map[string]string
	line []int
}

func readTable(fsys fs.FS, name string, columns ...string) (table, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return table{}, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	if err != nil {
		return table{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return table{}, fmt.Errorf("%s: empty file", name)
	}
	head := recs[0]
	for _, c := range columns {
		if !slices.Contains(head, c) {
			return table{}, fmt.Errorf("%s: no column %q", name, c)
		}
	}
	t := table{name: path.Base(name)}
	for i, rec := range recs[1:] {
		m := make(map[string]string, len(head))
		for j, h := range head {
			m[h] = strings.TrimSpace(rec[j])
		}
		t.rows = append(t.rows, m)
		t.line = append(t.line, i+2)
	}
	return t, nil
}

// legalFile reports whether a file under legal/ holds source rows (the
// others are acts, KOSTRA names and corrections).
func legalFile(name string) bool {
	n := path.Base(name)
	return !strings.HasPrefix(n, "acts") && !strings.HasPrefix(n, "kostra") && !strings.HasPrefix(n, "corrections")
}

func read(fsys fs.FS) (*data, error) {
	d := &data{sources: map[string][]Source{}, acts: map[string]Act{}, kostra: map[string]KostraFunction{}}
	names, err := fs.Glob(fsys, "legal/*.csv")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := path.Base(name)
		switch {
		case strings.HasPrefix(base, "acts"):
			t, err := readTable(fsys, name, "act_id", "short_title", "title", "in_force", "replaces", "source_url")
			if err != nil {
				return nil, err
			}
			for i, r := range t.rows {
				a := Act{ID: r["act_id"], ShortTitle: r["short_title"], Title: r["title"], InForce: r["in_force"], Replaces: r["replaces"], SourceURL: r["source_url"]}
				if old, ok := d.acts[a.ID]; ok && old != a {
					d.probs = append(d.probs, Problem{File: t.name, Line: t.line[i], Text: fmt.Sprintf("act %s listed twice with different fields", a.ID)})
					continue
				}
				d.acts[a.ID] = a
			}
		case strings.HasPrefix(base, "kostra"):
			t, err := readTable(fsys, name, "function", "name_nb", "source_url")
			if err != nil {
				return nil, err
			}
			for i, r := range t.rows {
				// checked is optional: a file without the column reads as unchecked.
				k := KostraFunction{Function: r["function"], Name: r["name_nb"], SourceURL: r["source_url"], Checked: r["checked"] == "true"}
				if v, ok := r["checked"]; ok && v != "true" && v != "false" {
					d.probs = append(d.probs, Problem{File: t.name, Line: t.line[i], Text: fmt.Sprintf("KOSTRA function %s: checked is %q, not true or false", k.Function, v)})
				}
				d.kostra[k.Function] = k
			}
		case legalFile(name):
			t, err := readTable(fsys, name, "slug", "act_id", "act_title", "section", "paragraph", "duty", "enabling", "source_url", "source_title", "verified", "note")
			if err != nil {
				return nil, err
			}
			for i, r := range t.rows {
				s := Source{Slug: r["slug"], ActID: r["act_id"], ActTitle: r["act_title"], Section: r["section"], Paragraph: r["paragraph"],
					Duty: Duty(r["duty"]), Enabling: r["enabling"], SourceURL: r["source_url"], SourceTitle: r["source_title"],
					Verified: r["verified"] == "true", Note: r["note"], File: t.name, Line: t.line[i]}
				if v := r["verified"]; v != "true" && v != "false" {
					d.probs = append(d.probs, Problem{File: t.name, Line: t.line[i], Slug: s.Slug, Text: fmt.Sprintf("verified is %q, not true or false", v)})
				}
				d.sources[s.Slug] = append(d.sources[s.Slug], s)
			}
		}
	}
	return d, nil
}
