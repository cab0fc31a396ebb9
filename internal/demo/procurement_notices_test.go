package demo_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/eforms"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/ocds"
	"github.com/tjenestevalg/tjenestevalg/internal/sharedfiles"
)

// TestDemoNoticesPassOfficialRules writes the seed tender's contract notice
// and contract award notice through the manager — below the EEA
// thresholds, so Doffin's national subtypes E3 and E4 — and runs the
// official eForms SDK 1.15.1 XML Schema and Schematron on each, one at a
// time (the validator needs up to 3 GiB and a minute per notice). The
// notices are in English: the official rules refuse Norwegian as a notice
// language (BR-BT-00702-0102), and OfficialForm takes off Doffin's profile
// suffix, which they do not know (BR-OPT-00002-0052).
func TestDemoNoticesPassOfficialRules(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	ctx := t.Context()
	a, _ := openDemo(t)
	lead, err := a.DB.Accounts().UserByEmail(ctx, "programleder@fosen.example")
	if err != nil {
		t.Fatal(err)
	}
	p := lead.Principal()
	seed, err := a.Procurement.TenderByReference(ctx, p, demo.SeedTender)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ kind, subtype string }{{procurement.NoticeContract, "E3"}, {procurement.NoticeAward, "E4"}}
	notices := map[string][]byte{}
	for _, c := range cases {
		b, err := a.Procurement.Notice(ctx, p, seed.ID, c.kind, "ENG")
		if err != nil {
			t.Fatalf("%s notice: %v", c.kind, err)
		}
		for _, want := range []string{
			`<cbc:SubTypeCode listName="notice-subtype">` + c.subtype + `<`,
			"<cbc:CustomizationID>eforms-sdk-1.15" + eforms.ProfileNational + "<",
			"<cbc:NoticeLanguageCode>ENG<",
			"<cbc:CompanyID>915100600<",
		} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s notice lacks %s", c.kind, want)
			}
		}
		notices[c.kind] = b
		// The buyer's own Norwegian notice, as Doffin takes it.
		if nor, err := a.Procurement.Notice(ctx, p, seed.ID, c.kind, ""); err != nil || !bytes.Contains(nor, []byte("<cbc:NoticeLanguageCode>NOR<")) {
			t.Errorf("%s notice in Norwegian: %v", c.kind, err)
		}
	}
	award := notices[procurement.NoticeAward]
	for _, want := range []string{"Prosessverkstedet AS", "<efac:ContractReference>", demo.SeedContract, "2017-05-11"} {
		if !bytes.Contains(award, []byte(want)) {
			t.Errorf("award notice lacks %s", want)
		}
	}
	if _, err := a.Procurement.Notice(ctx, p, seed.ID, "prior", "ENG"); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("an unknown notice type: %v", err)
	}
	evaluator, _ := a.DB.Accounts().UserByEmail(ctx, "evaluator1@fosen.example")
	if _, err := a.Procurement.Notice(ctx, evaluator.Principal(), seed.ID, procurement.NoticeContract, "ENG"); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("an evaluator writes the notice: %v", err)
	}

	tool := sharedfiles.EFormsValidator(t)
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, c.kind+".xml")
		if err := os.WriteFile(path, eforms.OfficialForm(notices[c.kind]), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, path).CombinedOutput()
		t.Logf("%s: %s", c.kind, bytes.TrimSpace(out))
		if err != nil || !bytes.Contains(out, []byte("subtype "+c.subtype+", 0 errors")) {
			t.Errorf("the demo's %s notice (subtype %s) does not pass the official rules (%v):\n%s", c.kind, c.subtype, err, out)
		}
	}
}

// TestDemoOCDSValidates exports the seed's tender as an OCDS 1.1.5 release
// package and validates it offline against the release package schema with
// the bids and enquiries extensions merged in, as package ocds's tests do;
// the dates run bid deadline ≤ award ≤ contract signed.
func TestDemoOCDSValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	ctx := t.Context()
	a, _ := openDemo(t)
	lead, err := a.DB.Accounts().UserByEmail(ctx, "programleder@fosen.example")
	if err != nil {
		t.Fatal(err)
	}
	p := lead.Principal()
	seed, err := a.Procurement.TenderByReference(ctx, p, demo.SeedTender)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ocds.Export(ctx, a.Procurement, p, seed.ID, "Fosen-samarbeidet (demo)")
	if err != nil {
		t.Fatal(err)
	}
	dir := sharedfiles.Require(t, "data/ocds-1.1.5")
	read := func(path string) any {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return v
	}
	merged := read(filepath.Join(dir, "release-schema.json"))
	merged = ocds.MergePatch(merged, read(filepath.Join(dir, "bid-extension", "release-schema.json")))
	merged = ocds.MergePatch(merged, read(filepath.Join("..", "procurement", "ocds", "testdata", "enquiries-extension", "release-schema.json")))
	pkg := read(filepath.Join(dir, "release-package-schema.json"))
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(merged.(map[string]any)["id"].(string), merged); err != nil {
		t.Fatal(err)
	}
	pkgID := pkg.(map[string]any)["id"].(string)
	if err := c.AddResource(pkgID, pkg); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(pkgID)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("the demo's OCDS package does not validate:\n%v", err)
	}

	var doc struct {
		Releases []struct {
			Tag    []string `json:"tag"`
			Tender struct {
				TenderPeriod struct {
					EndDate string `json:"endDate"`
				} `json:"tenderPeriod"`
			} `json:"tender"`
			Awards []struct {
				Date      string `json:"date"`
				Suppliers []struct {
					Name string `json:"name"`
				} `json:"suppliers"`
			} `json:"awards"`
			Contracts []struct {
				DateSigned string `json:"dateSigned"`
			} `json:"contracts"`
			Bids struct {
				Details []json.RawMessage `json:"details"`
			} `json:"bids"`
		} `json:"releases"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Releases) != 1 {
		t.Fatalf("package: %v", err)
	}
	r := doc.Releases[0]
	if len(r.Awards) != 1 || len(r.Contracts) != 1 || len(r.Bids.Details) != 4 {
		t.Fatalf("release: %d awards, %d contracts, %d bids", len(r.Awards), len(r.Contracts), len(r.Bids.Details))
	}
	var at [3]time.Time
	for i, s := range []string{r.Tender.TenderPeriod.EndDate, r.Awards[0].Date, r.Contracts[0].DateSigned} {
		if at[i], err = time.Parse(time.RFC3339, s); err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
	}
	if at[1].Before(at[0]) || at[2].Before(at[1]) {
		t.Errorf("dates: deadline %s, award %s, signed %s", at[0], at[1], at[2])
	}
	if len(r.Awards[0].Suppliers) != 1 || !strings.HasPrefix(r.Awards[0].Suppliers[0].Name, demo.SeedWinner) {
		t.Errorf("award suppliers %+v", r.Awards[0].Suppliers)
	}
}
