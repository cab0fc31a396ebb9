package opencatalogue

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// knownProblems are failed checks in the shipped legal files that only
// a research pass may fix (the legal rows are not edited by hand). None
// today: keep it so, or name each with the reason.
var knownProblems = []string{}

func TestShippedCatalogueVerifies(t *testing.T) {
	rep := Verify()
	for _, p := range rep.Problems {
		if !slices.ContainsFunc(knownProblems, func(k string) bool { return strings.HasPrefix(p.String(), k) }) {
			t.Error(p)
		}
	}
	if rep.Services != 253 || rep.Mandated == 0 || rep.Rows < rep.Services {
		t.Errorf("counts: %d services, %d mandated, %d rows", rep.Services, rep.Mandated, rep.Rows)
	}
	// Every mandated service has a legal row, verified or marked not.
	srcs, _ := Sources()
	if rep.MandatedAnyVerified > rep.Mandated || len(srcs) < rep.Services {
		t.Errorf("%d services with legal rows for %d services", len(srcs), rep.Services)
	}
	t.Logf("mandated references verified %d/%d (%.1f %%); mandated services all/any verified %d/%d/%d",
		rep.MandatedReferencesVerified, rep.MandatedReferences, 100*rep.Share(), rep.MandatedAllVerified, rep.MandatedAnyVerified, rep.Mandated)
}

func TestEveryKostraFunctionHasAName(t *testing.T) {
	svcs, err := readServices(mustRead(FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		if KostraName(s.kostra) == "" {
			t.Errorf("%s: KOSTRA %s has no name", s.slug, s.kostra)
		}
	}
	if KostraName("253") == "" || KostraName("999") != "" {
		t.Errorf("KostraName(253) = %q, KostraName(999) = %q", KostraName("253"), KostraName("999"))
	}
}

// TestKostraCheckedOnlyFromOfficialSources holds the catalogue to its rule
// that a KOSTRA name is marked checked only when SSB or the ministry shows it,
// and to the current list: 254 was split into 257 and 258 in 2024, and 281 is
// now «Ytelse til livsopphold».
func TestKostraCheckedOnlyFromOfficialSources(t *testing.T) {
	d, err := load()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for fn, k := range d.kostra {
		if !k.Checked {
			continue
		}
		checked++
		if !strings.HasPrefix(k.SourceURL, "https://www.ssb.no/") && !strings.HasPrefix(k.SourceURL, "https://ssb.no/") &&
			!strings.HasPrefix(k.SourceURL, "https://www.regjeringen.no/") {
			t.Errorf("KOSTRA %s is checked against %s, not SSB or the ministry", fn, k.SourceURL)
		}
	}
	if checked == 0 {
		t.Error("no KOSTRA function is checked")
	}
	if _, ok := Kostra("254"); ok {
		t.Error("KOSTRA 254 (abolished 2024) is still listed")
	}
	if k, _ := Kostra("281"); k.Name != "Ytelse til livsopphold" || !k.Checked {
		t.Errorf("KOSTRA 281 = %+v", k)
	}
}

func TestKostraCheckedColumnIsOptionalAndStrict(t *testing.T) {
	d, err := read(fstest.MapFS{"legal/kostra.csv": {Data: []byte("function,name_nb,source_url,checked\n" +
		"241,Diagnose,https://www.ssb.no/a,true\n120,Administrasjon,https://x,false\n100,Politisk styring,https://x,yes\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if !d.kostra["241"].Checked || d.kostra["120"].Checked || d.kostra["100"].Checked {
		t.Errorf("checked read as %+v", d.kostra)
	}
	if len(d.probs) != 1 || d.probs[0].String() != `kostra.csv:4: KOSTRA function 100: checked is "yes", not true or false` {
		t.Errorf("problems %v", d.probs)
	}
	old, err := read(fstest.MapFS{"legal/kostra.csv": {Data: []byte("function,name_nb,source_url\n241,Diagnose,https://www.ssb.no/a\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if k := old.kostra["241"]; k.Name != "Diagnose" || k.Checked || len(old.probs) != 0 {
		t.Errorf("without the column: %+v, %v", k, old.probs)
	}
}

const legalHead = "slug,act_id,act_title,section,paragraph,duty,enabling,source_url,source_title,verified,note\n"

// fixture is a small catalogue with one problem of each kind the checks
// look for.
func fixture(t *testing.T) (*data, []byte) {
	t.Helper()
	fsys := fstest.MapFS{
		"legal/acts.csv": {Data: []byte("act_id,short_title,title,in_force,replaces,source_url\n" +
			"LOV-2011-06-24-30,helse- og omsorgstjenesteloven,Lov om kommunale helse- og omsorgstjenester m.m.,2012-01-01,,https://lovdata.no/x\n" +
			"LOV-1967-02-10,forvaltningsloven,Lov om behandlingsmåten i forvaltningssaker,1970-01-01,,https://lovdata.no/y\n" +
			"FOR-2015-11-13-1287,forskrift om øyeblikkelig hjelp døgntilbud,Forskrift om …,2016-01-01,,https://lovdata.no/z\n")},
		"legal/kostra.csv": {Data: []byte("function,name_nb,source_url\n241,Diagnose og behandling,https://ssb.no\n120,Administrasjon,https://ssb.no\n")},
		"legal/helse.csv": {Data: []byte(legalHead +
			"fastlege,LOV-2011-06-24-30,helse- og omsorgstjenesteloven,§ 3-2,første ledd nr. 4,provide,,https://a,A,true,\n" +
			"legevakt,LOV-2011-06-24-30,helse- og omsorgstjenesteloven,§ 3-2,første ledd nr. 4,assess,,https://a,A,true,\n" +
			"kad,FOR-2015-11-13-1287,forskrift om øyeblikkelig hjelp døgntilbud,§ 1,,provide,LOV-2011-06-24-30,https://b,B,true,\n" +
			"kad,LOV-2011-06-24-30,helse- og omsorgstjenesteloven,§ 3-5,,provide,,,,false,not checked\n" +
			"veiledning,LOV-1967-02-10,forvaltningsloven,§ 11,,may,,https://c,C,true,\n" +
			"ukjent,LOV-2020-01-01,x,§ 1,,shall,,,,true,\n")},
	}
	d, err := read(fsys)
	if err != nil {
		t.Fatal(err)
	}
	svcs := []byte("slug,name_nb,area,kostra_function,mandated,legal_basis,target_group\r\n" +
		"fastlege,Fastlege,helse,241,true,Helse- og omsorgstjenesteloven § 3-2,innbygger\r\n" +
		"legevakt,Legevakt,helse,241,true,Helse- og omsorgstjenesteloven § 3-2,innbygger\r\n" +
		"kad,KAD,helse,256,true,Helse- og omsorgstjenesteloven § 3-5; Forskrift om øyeblikkelig hjelp døgntilbud § 1,innbygger\r\n" +
		"veiledning,Veiledning,styring,120,true,Forvaltningsloven § 11,innbygger\r\n" +
		"uten,Uten kilde,helse,241,false,,innbygger\r\n")
	return d, svcs
}

func TestVerifyFindsEachKindOfProblem(t *testing.T) {
	d, svcs := fixture(t)
	rep := verify(d, svcs, svcs, nil)
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	for _, want := range []string{
		"helse.csv:2: fastlege: LOV-2011-06-24-30 § 3-2 første ledd nr. 4 is claimed by other services for another duty",
		"helse.csv:3: legevakt: LOV-2011-06-24-30 § 3-2 første ledd nr. 4 is claimed by other services",
		"helse.csv:4: kad: regulation without its enabling act and section",
		"helse.csv:7: ukjent: no such service",
		`helse.csv:7: ukjent: duty "shall" is not one of`,
		"helse.csv:7: ukjent: verified, but without act_id or source_url",
		"helse.csv:7: ukjent: act LOV-2020-01-01 is not in acts.csv",
		"services.csv:4: kad: KOSTRA function 256 has no name",
		"services.csv:5: veiledning: mandated, but no legal row imposes a duty",
		"services.csv:6: uten: no legal row",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("no problem %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(got) != 10 {
		t.Errorf("%d problems, want 10:\n%s", len(got), strings.Join(got, "\n"))
	}
	// fastlege and legevakt: § 3-2 matches the verified row; kad: § 3-5
	// is unverified.
	if rep.Mandated != 4 || rep.MandatedReferences != 5 || rep.MandatedReferencesVerified != 4 {
		t.Errorf("mandated %d, references %d/%d", rep.Mandated, rep.MandatedReferencesVerified, rep.MandatedReferences)
	}
	if !slices.Equal(rep.Unverified, []string{"kad"}) || rep.MandatedAllVerified != 3 || rep.MandatedAnyVerified != 4 {
		t.Errorf("unverified %v, all %d, any %d", rep.Unverified, rep.MandatedAllVerified, rep.MandatedAnyVerified)
	}
}

func TestVerifyAcceptsANoteOnASharedProvisionAndNamedEnabling(t *testing.T) {
	d, svcs := fixture(t)
	for i, s := range d.sources["legevakt"] {
		s.Note = "the same provision names both"
		d.sources["legevakt"][i] = s
	}
	for i, s := range d.sources["fastlege"] {
		s.Note = "the duty"
		d.sources["fastlege"][i] = s
	}
	d.sources["kad"][0].Enabling = "LOV-2011-06-24-30 § 3-5"
	rep := verify(d, svcs, svcs, nil)
	for _, p := range rep.Problems {
		if strings.Contains(p.Text, "claimed by other") || strings.Contains(p.Text, "enabling") {
			t.Error(p)
		}
	}
}

func TestVerifyRefusesAnEditOutsideTheCorrections(t *testing.T) {
	d, svcs := fixture(t)
	edited := []byte(strings.Replace(string(svcs), "Uten kilde", "Uten kilde!", 1))
	rep := verify(d, edited, svcs, nil)
	if !slices.ContainsFunc(rep.Problems, func(p Problem) bool { return strings.Contains(p.Text, "corrections applied") }) {
		t.Errorf("an edit outside the corrections passed: %v", rep.Problems)
	}
	rep = verify(d, edited, svcs, []Correction{{Slug: "uten", Field: "name_nb", Old: "Uten kilde", New: "Uten kilde!"}})
	if slices.ContainsFunc(rep.Problems, func(p Problem) bool { return strings.Contains(p.Text, "corrections applied") }) {
		t.Errorf("the same edit as a correction failed: %v", rep.Problems)
	}
}

func TestMatchByTitleSectionAndEnablingSection(t *testing.T) {
	d, _ := fixture(t)
	d.sources["kad"][0].Enabling = "LOV-2011-06-24-30 § 3-5"
	for _, c := range []struct {
		slug, law, section string
		want               int
	}{
		{"fastlege", "Helse- og omsorgstjenesteloven", "3-2", 1},
		{"fastlege", "Lov om kommunale helse- og omsorgstjenester m.m.", "3-2", 1},
		{"fastlege", "Helse- og omsorgstjenesteloven", "3-3", 0},
		{"fastlege", "Pasientloven", "3-2", 0},
		{"legevakt", "helse- og omsorgstjenesteloven", "3-2 første ledd nr. 4", 1},
		{"kad", "Helse- og omsorgstjenesteloven", "3-5", 2}, // its own row and the regulation it enables
		{"kad", "Forskrift om øyeblikkelig hjelp døgntilbud", "1", 1},
		{"ukjent", "", "1", 0},
	} {
		if got := d.match(c.slug, c.law, c.section); len(got) != c.want {
			t.Errorf("match(%s, %s § %s) = %d rows, want %d", c.slug, c.law, c.section, len(got), c.want)
		}
	}
}

// A reference the import would refuse (the demo and every new
// collaboration load the file) fails the check, named by its field.
func TestVerifyRunsTheImportValidation(t *testing.T) {
	d, svcs := fixture(t)
	bad := []byte(strings.Replace(string(svcs), "Forvaltningsloven § 11", "Forvaltningsloven § 11 a", 1))
	rep := verify(d, bad, bad, nil)
	if !slices.ContainsFunc(rep.Problems, func(p Problem) bool {
		return p.Slug == "veiledning" && strings.HasPrefix(p.Text, "legal_basis[0].section: ")
	}) {
		t.Errorf("a section the import refuses passed: %v", rep.Problems)
	}
}
