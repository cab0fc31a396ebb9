package ocds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/sharedfiles"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func mustPackage(t *testing.T, d procurement.Dossier) []byte {
	t.Helper()
	out, err := Package(d, testOptions())
	if err != nil {
		t.Fatalf("Package: %v", err)
	}
	return out
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return m
}

// path walks a decoded JSON value by object keys and array indexes.
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func TestPackageGolden(t *testing.T) {
	out := mustPackage(t, fosen())
	golden := filepath.Join("testdata", "fosen.golden.json")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("output differs from %s (run with -update after checking the change):\n%s", golden, out)
	}
}

// The same dossier with its lists in another order gives the same bytes.
func TestPackageDeterministic(t *testing.T) {
	want := mustPackage(t, fosen())
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		d := fosen()
		r.Shuffle(len(d.Questions), func(i, j int) { d.Questions[i], d.Questions[j] = d.Questions[j], d.Questions[i] })
		r.Shuffle(len(d.Documents), func(i, j int) { d.Documents[i], d.Documents[j] = d.Documents[j], d.Documents[i] })
		r.Shuffle(len(d.Services), func(i, j int) { d.Services[i], d.Services[j] = d.Services[j], d.Services[i] })
		r.Shuffle(len(d.Opening.Bids), func(i, j int) { d.Opening.Bids[i], d.Opening.Bids[j] = d.Opening.Bids[j], d.Opening.Bids[i] })
		if got := mustPackage(t, d); !bytes.Equal(got, want) {
			t.Fatalf("output depends on the order of the dossier's lists")
		}
	}
}

func TestPackageValidatesAgainstSchema(t *testing.T) {
	schema := compileSchema(t)
	for name, d := range dossiers() {
		t.Run(name, func(t *testing.T) {
			out := mustPackage(t, d)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("package does not validate against the OCDS 1.1.5 release package schema with the bids and enquiries extensions:\n%v", err)
			}
		})
	}
}

// The validator does catch what the schema forbids: a closed codelist
// value that is not in it.
func TestSchemaRejectsWrongCode(t *testing.T) {
	schema := compileSchema(t)
	m := decode(t, mustPackage(t, fosen()))
	path(m, "releases", 0, "tender").(map[string]any)["procurementMethod"] = "restricted"
	if err := schema.Validate(m); err == nil {
		t.Fatal(`procurementMethod "restricted" validated; the schema is not being applied`)
	}
}

func TestCodelistValues(t *testing.T) {
	dir := ocdsDir(t)
	merged := mergedReleaseSchema(t)
	for name, d := range dossiers() {
		t.Run(name, func(t *testing.T) {
			m := decode(t, mustPackage(t, d))
			n := 0
			for _, rel := range m["releases"].([]any) {
				n += checkCodelists(t, dir, merged, merged, rel, "release")
			}
			if n < 8 {
				t.Errorf("only %d codelist values checked", n)
			}
		})
	}
}

func TestIDsUniqueAndReferencesResolve(t *testing.T) {
	m := decode(t, mustPackage(t, fosen()))
	r := path(m, "releases", 0).(map[string]any)
	seen := map[string]bool{}
	var ids []string
	collect := func(list any) {
		for _, x := range asList(list) {
			id, _ := path(x, "id").(string)
			if id == "" {
				t.Errorf("object without id: %v", x)
			}
			if seen[id] {
				t.Errorf("id %q used twice in the release", id)
			}
			seen[id] = true
			ids = append(ids, id)
		}
	}
	collect(r["parties"])
	collect([]any{r["tender"]})
	for _, k := range []string{"items", "documents", "milestones", "enquiries"} {
		collect(path(r, "tender", k))
	}
	collect(path(r, "bids", "statistics"))
	collect(path(r, "bids", "details"))
	collect(r["awards"])
	collect(r["contracts"])
	for _, c := range asList(r["contracts"]) {
		collect(path(c, "documents"))
	}
	if len(ids) < 20 {
		t.Errorf("only %d ids collected: %v", len(ids), ids)
	}

	parties := map[string][]string{}
	for _, p := range asList(r["parties"]) {
		for _, role := range asList(path(p, "roles")) {
			parties[path(p, "id").(string)] = append(parties[path(p, "id").(string)], role.(string))
		}
	}
	hasRole := func(ref any, role string) {
		id, _ := path(ref, "id").(string)
		if !slices.Contains(parties[id], role) {
			t.Errorf("%q is referenced as %s but its party has roles %v", id, role, parties[id])
		}
	}
	hasRole(r["buyer"], "buyer")
	hasRole(path(r, "tender", "procuringEntity"), "procuringEntity")
	for _, x := range asList(path(r, "tender", "tenderers")) {
		hasRole(x, "tenderer")
	}
	for _, b := range asList(path(r, "bids", "details")) {
		for _, x := range asList(path(b, "tenderers")) {
			hasRole(x, "tenderer")
		}
	}
	for _, a := range asList(r["awards"]) {
		for _, x := range asList(path(a, "suppliers")) {
			hasRole(x, "supplier")
		}
		if rb := path(a, "relatedBid").(string); !seen[rb] || !strings.HasPrefix(rb, "bid-") {
			t.Errorf("award's relatedBid %q names no bid", rb)
		}
	}
	for _, c := range asList(r["contracts"]) {
		if a := path(c, "awardID").(string); !seen[a] || !strings.HasPrefix(a, "award-") {
			t.Errorf("contract's awardID %q names no award", a)
		}
	}
	if id := path(r, "buyer", "id"); id != "NO-BRC-910000012" {
		t.Errorf("buyer id = %v, want the NO-BRC organisation number id", id)
	}
	if s := path(r, "parties", 0, "identifier", "scheme"); s != "NO-BRC" {
		t.Errorf("identifier scheme = %v, want NO-BRC", s)
	}
}

func TestDatesCoherent(t *testing.T) {
	m := decode(t, mustPackage(t, fosen()))
	r := path(m, "releases", 0)
	deadline := path(r, "tender", "tenderPeriod", "endDate").(string)
	awarded := path(r, "awards", 0, "date").(string)
	signed := path(r, "contracts", 0, "dateSigned").(string)
	// RFC 3339 in UTC with whole seconds compares as text.
	if !(deadline <= awarded && awarded <= signed) {
		t.Errorf("dates out of order: deadline %s, award %s, signed %s", deadline, awarded, signed)
	}
	if deadline != "2026-02-16T11:00:00Z" {
		t.Errorf("tenderPeriod.endDate = %s, want the bid deadline 12:00 Oslo", deadline)
	}
	var standstill map[string]any
	for _, x := range asList(path(r, "tender", "milestones")) {
		if path(x, "code") == "standstillEnd" {
			standstill = x.(map[string]any)
		}
	}
	if standstill == nil {
		t.Fatal("no standstill milestone")
	}
	if due := standstill["dueDate"].(string); due > signed {
		t.Errorf("contract signed %s before the standstill ended %s", signed, due)
	}
	if standstill["status"] != "met" {
		t.Errorf("standstill status = %v after the contract was signed, want met", standstill["status"])
	}
}

func TestPackageRefusesIncoherentDates(t *testing.T) {
	cases := map[string]struct {
		change func(*procurement.Dossier)
		code   string
	}{
		"contract before award": {func(d *procurement.Dossier) {
			d.Contract.SignedAt = d.Award.DecidedAt.Add(-24 * 3600e9)
		}, "procurement.ocds_contract_before_award"},
		"award before deadline": {func(d *procurement.Dossier) {
			d.Award.DecidedAt = d.Tender.Deadline().Add(-3600e9)
		}, "procurement.ocds_award_before_deadline"},
		"contract without award": {func(d *procurement.Dossier) {
			d.Award = nil
		}, "procurement.ocds_contract_without_award"},
		"winner not opened": {func(d *procurement.Dossier) {
			d.Award.WinnerBidID = 999
		}, "procurement.ocds_winner_not_opened"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			d := fosen()
			c.change(&d)
			out, err := Package(d, testOptions())
			if err == nil {
				t.Fatalf("Package accepted it:\n%s", out)
			}
			if e := domain.AsError(err); e.Kind != domain.KindConflict || e.Code != c.code {
				t.Errorf("error = %v (%s), want conflict %s", err, e.Code, c.code)
			}
			if out != nil {
				t.Error("output returned with the error")
			}
		})
	}
}

func TestPackageRefusesBadOptions(t *testing.T) {
	o := testOptions()
	o.PublisherName = " "
	o.OCIDPrefix = "ocds-1"
	o.BaseURI = "tjenestevalg.example.no/ocds"
	_, err := Package(fosen(), o)
	e := domain.AsError(err)
	if e.Kind != domain.KindInvalid {
		t.Fatalf("error = %v, want invalid", err)
	}
	got := map[string]string{}
	for _, f := range e.Fields {
		got[f.Field] = f.Code
	}
	want := map[string]string{
		"publisher_name": "field.required",
		"ocid_prefix":    "procurement.ocds_prefix_invalid",
		"base_uri":       "procurement.ocds_uri_invalid",
	}
	for f, code := range want {
		if got[f] != code {
			t.Errorf("field %s: %q, want %q", f, got[f], code)
		}
	}
}

// Before the opening, who bid is sealed with the bids: no bids, no
// tenderers, no suppliers among the parties.
func TestBeforeOpeningNothingAboutBidders(t *testing.T) {
	d := published()
	m := decode(t, mustPackage(t, d))
	r := path(m, "releases", 0).(map[string]any)
	if tags := asList(r["tag"]); len(tags) != 1 || tags[0] != "tender" {
		t.Errorf("tag = %v, want [tender]", tags)
	}
	for _, k := range []string{"bids", "awards", "contracts"} {
		if r[k] != nil {
			t.Errorf("%s written before the opening", k)
		}
	}
	for _, k := range []string{"tenderers", "numberOfTenderers", "awardPeriod"} {
		if path(r, "tender", k) != nil {
			t.Errorf("tender.%s written before the opening", k)
		}
	}
	if n := len(asList(r["parties"])); n != 1 {
		t.Errorf("%d parties before the opening, want the buyer only", n)
	}
	if path(r, "tender", "status") != "active" {
		t.Errorf("tender.status = %v, want active", path(r, "tender", "status"))
	}
}

// During the standstill the award is pending and the standstill scheduled.
func TestDuringStandstill(t *testing.T) {
	d := fosen()
	d.Contract = nil
	o := testOptions()
	o.PublishedDate = oslo("2026-03-02 12:00")
	out, err := Package(d, o)
	if err != nil {
		t.Fatal(err)
	}
	r := path(decode(t, out), "releases", 0)
	if got := path(r, "awards", 0, "status"); got != "pending" {
		t.Errorf("award status = %v during the standstill, want pending", got)
	}
	if got := path(r, "tender", "status"); got != "active" {
		t.Errorf("tender status = %v, want active", got)
	}
	for _, x := range asList(path(r, "tender", "milestones")) {
		if path(x, "code") == "standstillEnd" && path(x, "status") != "scheduled" {
			t.Errorf("standstill milestone %v, want scheduled", x)
		}
	}
	if tags := asList(path(r, "tag")); !slices.Equal(tags, []any{"tender", "award"}) {
		t.Errorf("tag = %v, want [tender award]", tags)
	}
}

// Published answers go out without the asker; unanswered or unpublished
// questions do not go out.
func TestEnquiriesAnonymous(t *testing.T) {
	out := mustPackage(t, fosen())
	enq := asList(path(decode(t, out), "releases", 0, "tender", "enquiries"))
	if len(enq) != 2 {
		t.Fatalf("%d enquiries, want the 2 published", len(enq))
	}
	for _, e := range enq {
		if path(e, "author") != nil {
			t.Errorf("enquiry %v names its author", path(e, "id"))
		}
		if path(e, "answer") == nil || path(e, "dateAnswered") == nil {
			t.Errorf("enquiry %v without answer or date", path(e, "id"))
		}
	}
	if path(enq[0], "id") != "enquiry-42" {
		t.Errorf("first enquiry %v, want the earliest asked (enquiry-42)", path(enq[0], "id"))
	}
	if bytes.Contains(out, []byte("Ubesvart")) {
		t.Error("an unanswered question was exported")
	}
	if bytes.Contains(out, []byte("Internt notat")) {
		t.Error("an unpublished document was exported")
	}
}

func TestMethodAndCategory(t *testing.T) {
	r := path(decode(t, mustPackage(t, fosen())), "releases", 0)
	checks := map[string]any{
		"procurementMethod":        "selective",
		"procurementMethodDetails": "Begrenset anbudskonkurranse (anskaffelsesforskriften del III)",
		"mainProcurementCategory":  "services",
		"awardCriteria":            "ratedCriteria",
		"numberOfTenderers":        float64(4),
	}
	for k, want := range checks {
		if got := path(r, "tender", k); got != want {
			t.Errorf("tender.%s = %v, want %v", k, got, want)
		}
	}
	if got := path(r, "tender", "items", 0, "classification", "scheme"); got != "CPV" {
		t.Errorf("item classification scheme = %v, want CPV", got)
	}
	if got := path(r, "tender", "value", "currency"); got != "NOK" {
		t.Errorf("currency = %v", got)
	}
	if got := path(r, "awards", 0, "value", "amount"); got != float64(2875000) {
		t.Errorf("award value = %v, want the winning bid's price", got)
	}
	if got := asList(path(r, "bids", "details")); len(got) != 4 {
		t.Errorf("%d bid details, want 4", len(got))
	}
	if got := path(r, "contracts", 0, "documents", 0, "documentType"); got != "contractSigned" {
		t.Errorf("contract document type = %v, want contractSigned", got)
	}
	for _, doc := range asList(path(r, "tender", "documents")) {
		if path(doc, "documentType") == "contractSigned" {
			t.Error("the signed contract is listed among the tender documents")
		}
	}
}

func TestMergePatch(t *testing.T) {
	var target, patch, want any
	for s, v := range map[string]*any{
		`{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}`: &target,
		`{"a":"z","c":{"f":null,"h":1},"l":[3]}`:    &patch,
		`{"a":"z","c":{"d":"e","h":1},"l":[3]}`:     &want,
	} {
		if err := json.Unmarshal([]byte(s), v); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := json.Marshal(target)
	got, _ := json.Marshal(MergePatch(target, patch))
	w, _ := json.Marshal(want)
	if !bytes.Equal(got, w) {
		t.Errorf("MergePatch = %s, want %s", got, w)
	}
	if after, _ := json.Marshal(target); !bytes.Equal(before, after) {
		t.Error("MergePatch changed its target")
	}
}

// dossiers are the states the export is validated in.
func dossiers() map[string]procurement.Dossier {
	draft := published()
	draft.Tender.Status = procurement.StatusDraft
	standstill := fosen()
	standstill.Contract = nil
	lots := fosen()
	lots.Tender.Lots = []procurement.Lot{{Number: 1, Title: "Plattform", EstimatedValue: 2000000}, {Number: 2, Title: "Opplæring"}}
	// A supplier withdrew a first bid and sent a new one.
	withdrawn := fosen()
	withdrawn.Bids = append(withdrawn.Bids, procurement.Bid{ID: 200, TenderID: 7, SupplierID: 104,
		Status: procurement.BidWithdrawn, ReceivedAt: oslo("2026-02-10 09:00"), ChangedAt: oslo("2026-02-12 09:00")})
	withdrawn.Opening.Withdrawn = 1
	return map[string]procurement.Dossier{
		"withdrawn":  withdrawn,
		"draft":      draft,
		"published":  published(),
		"standstill": standstill,
		"contract":   fosen(),
		"lots":       lots,
	}
}

// published is the fixture before the opening.
func published() procurement.Dossier {
	d := fosen()
	d.Tender.Status = procurement.StatusPublished
	d.Tender.OpenedAt = d.Tender.OpenedAt.AddDate(0, 0, -30)
	d.Opening, d.Evaluation, d.Award, d.Contract = nil, nil, nil, nil
	return d
}

func asList(v any) []any {
	s, _ := v.([]any)
	return s
}

// ocdsDir is shared/data/ocds-1.1.5 (package sharedfiles).
func ocdsDir(t *testing.T) string {
	t.Helper()
	return sharedfiles.Require(t, "data/ocds-1.1.5")
}

func readJSON(t *testing.T, p string) any {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return v
}

// mergedReleaseSchema is the release schema with the bids and enquiries
// extensions merged in, as OCDS tools merge extensions.
func mergedReleaseSchema(t *testing.T) map[string]any {
	t.Helper()
	dir := ocdsDir(t)
	s := readJSON(t, filepath.Join(dir, "release-schema.json"))
	s = MergePatch(s, readJSON(t, filepath.Join(dir, "bid-extension", "release-schema.json")))
	s = MergePatch(s, readJSON(t, filepath.Join("testdata", "enquiries-extension", "release-schema.json")))
	return s.(map[string]any)
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := ocdsDir(t)
	merged := mergedReleaseSchema(t)
	pkg := readJSON(t, filepath.Join(dir, "release-package-schema.json"))
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(merged["id"].(string), merged); err != nil {
		t.Fatal(err)
	}
	pkgID := pkg.(map[string]any)["id"].(string)
	if err := c.AddResource(pkgID, pkg); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(pkgID)
	if err != nil {
		t.Fatalf("compiling the OCDS schemas: %v", err)
	}
	return s
}

var codelistCache = map[string][]string{}

// codes reads a codelist's Code column; extension codelists live beside
// the extension.
func codes(t *testing.T, dir, name string) []string {
	t.Helper()
	if c, ok := codelistCache[name]; ok {
		return c
	}
	var f *os.File
	var err error
	for _, p := range []string{filepath.Join(dir, "codelists", name), filepath.Join(dir, "bid-extension", "codelists", name)} {
		if f, err = os.Open(p); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("codelist %s not found", name)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	col := slices.Index(rows[0], "Code")
	if col < 0 {
		t.Fatalf("%s has no Code column", name)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[col])
	}
	codelistCache[name] = out
	return out
}

// checkCodelists walks value along its schema node and checks every value
// of a field with a codelist (open or closed) against the codelist's CSV:
// the export uses only codes the standard defines.
func checkCodelists(t *testing.T, dir string, root, node map[string]any, v any, at string) int {
	t.Helper()
	n := 0
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			break
		}
		name, found := strings.CutPrefix(ref, "#/definitions/")
		if !found {
			t.Fatalf("%s: unexpected $ref %s", at, ref)
		}
		node = root["definitions"].(map[string]any)[name].(map[string]any)
	}
	if cl, ok := node["codelist"].(string); ok {
		list := codes(t, dir, cl)
		vals := []any{v}
		if s, ok := v.([]any); ok {
			vals = s
		}
		for _, x := range vals {
			if s, ok := x.(string); ok && !slices.Contains(list, s) {
				t.Errorf("%s = %q is not in codelist %s", at, s, cl)
			}
			n++
		}
		return n
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := node["properties"].(map[string]any)
		for k, e := range x {
			if p, ok := props[k].(map[string]any); ok {
				n += checkCodelists(t, dir, root, p, e, at+"."+k)
			}
		}
	case []any:
		if items, ok := node["items"].(map[string]any); ok {
			for i, e := range x {
				n += checkCodelists(t, dir, root, items, e, at+"["+strconv.Itoa(i)+"]")
			}
		}
	}
	return n
}

// Made on demand without a date, the package carries the date of the
// dossier's last change.
func TestPublishedDateDefaultsToLastChange(t *testing.T) {
	o := testOptions()
	o.PublishedDate = time.Time{}
	out, err := Package(fosen(), o)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, out)
	// The signed contract's document, 2026-03-12 10:30 Oslo, is the last change.
	if got := m["publishedDate"]; got != "2026-03-12T09:30:00Z" {
		t.Errorf("publishedDate = %v, want the last change", got)
	}
	if got := path(m, "releases", 0, "date"); got != m["publishedDate"] {
		t.Errorf("release date %v differs from publishedDate %v", got, m["publishedDate"])
	}
}
