package eforms

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/sharedfiles"
)

var update = flag.Bool("update", false, "rewrite the golden notices in testdata/")

// fixture is a Fosen-like tender of digital services for a municipal
// collaboration in Trøndelag. Every value is illustrative: the buyer and
// the winner are invented and their organisation numbers only pass the
// check digit. The review body is KOFA with its secretariat's number
// (918 195 548, Klagenemndssekretariatet as listed publicly; not checked
// against the Central Coordinating Register) and postal address.
func fixture(national bool) Notice {
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
		if err != nil {
			panic(err)
		}
		return t
	}
	n := Notice{
		ID:       "3f6c2a9e-8b1d-4c7e-9a25-6d0e4b7f1c38",
		Version:  1,
		Issued:   at("2026-01-12 10:00"),
		Language: "ENG",
		National: national,
		Buyer: Buyer{
			Organisation: Organisation{
				Name:      "Fosen digital services collaboration (illustrative)",
				OrgNumber: "912 345 688",
				Town:      "Rissa",
				PostCode:  "7100",
				Country:   "NOR",
				NUTS:      "NO060",
				Email:     "innkjop@fosen.example.no",
				Phone:     "+47 73 00 00 00",
			},
			LegalType: "la",
			Activity:  "gen-pub",
		},
		ReviewBody: Organisation{
			Name:      "Klagenemnda for offentlige anskaffelser (KOFA)",
			OrgNumber: "918 195 548",
			Town:      "Bergen",
			PostCode:  "5805",
			Country:   "NOR",
			NUTS:      "NO0A2",
		},
		ReviewInfo: "A supplier may complain to KOFA or ask the district court for a temporary injunction; an injunction must be sought before the contract is signed, within the standstill period stated in the award notification.",
		Procedure: Procedure{
			ID:             "b4e1d2c3-5a6f-4b7c-8d9e-0f1a2b3c4d5e",
			Title:          "Digital citizen services for the Fosen municipalities",
			Description:    "A platform for digital applications and case handling shared by the Fosen municipalities, with implementation, training and operation.",
			Type:           "restricted",
			Nature:         "services",
			CPV:            "72000000-5",
			EstimatedValue: 3200000,
			PlaceNUTS:      "NO060",
		},
		Lots: []Lot{{
			ID:             "LOT-0001",
			Title:          "Digital citizen services platform",
			Description:    "Delivery, implementation and operation of a platform for digital applications, with training of staff in five municipalities.",
			CPV:            "72000000-5",
			EstimatedValue: 3200000,
			Criteria: []Criterion{
				{Type: "price", Name: "Price", Description: "Total price for five years, scored linearly.", Weight: 30},
				{Type: "quality", Name: "Understanding of the assignment", Description: "The solution's fit to the processes described in the requirement specification.", Weight: 50},
				{Type: "quality", Name: "Competence", Description: "The offered team's experience with municipal services.", Weight: 20},
			},
			Deadline:       at("2026-02-16 12:00"),
			MinCandidates:  5,
			DurationMonths: 48,
			DocumentsURL:   "https://tjenestevalg.example.no/tenders/FOSEN-2026-01/documents",
			SubmissionURL:  "https://tjenestevalg.example.no/tenders/FOSEN-2026-01/bids",
		}},
	}
	if national {
		n.ID = "7a2d9c41-0e3b-4f58-b6a7-c1d2e3f40516"
		n.Procedure.ID = "c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f"
		n.Procedure.EstimatedValue = 1800000
		n.Lots[0].EstimatedValue = 1800000
	}
	return n
}

func awarded(n Notice) Notice {
	n.ID = "e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9"
	if n.National {
		n.ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	}
	n.Issued = time.Date(2026, 3, 27, 9, 0, 0, 0, oslo)
	n.Lots = slices.Clone(n.Lots)
	n.Lots[0].Result = &Result{
		Winner: Organisation{
			Name:      "Kystdigital AS (illustrative)",
			OrgNumber: "923 456 783",
			Town:      "Trondheim",
			PostCode:  "7011",
			Country:   "NOR",
			NUTS:      "NO060",
		},
		TenderID:        "FOSEN-2026-01-BID-3",
		TenderValue:     2875000,
		WinnerSize:      "small",
		Subcontracting:  "no",
		TendersReceived: 4,
		TendersSME:      3,
		AwardDecision:   time.Date(2026, 3, 10, 0, 0, 0, 0, oslo),
		ContractSigned:  time.Date(2026, 3, 25, 0, 0, 0, 0, oslo),
		ContractID:      "FOSEN-2026-01-K1",
	}
	if n.National {
		n.Lots[0].Result.TenderValue = 1640000
	}
	return n
}

type noticeCase struct {
	name    string
	subtype string
	write   func(Notice) ([]byte, error)
	notice  Notice
}

func cases() []noticeCase {
	return []noticeCase{
		{"contract_16", "16", ContractNotice, fixture(false)},
		{"award_29", "29", AwardNotice, awarded(fixture(false))},
		{"contract_E3", "E3", ContractNotice, fixture(true)},
		{"award_E4", "E4", AwardNotice, awarded(fixture(true))},
	}
}

func TestNoticesMatchGolden(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.write(c.notice)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := c.write(c.notice); !bytes.Equal(got, again) {
				t.Fatal("the same notice gave different bytes")
			}
			if !bytes.Contains(got, []byte(`<cbc:SubTypeCode listName="notice-subtype">`+c.subtype+`<`)) {
				t.Errorf("subtype %s missing", c.subtype)
			}
			path := filepath.Join("testdata", c.name+".xml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update once)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; rerun with -update if the change is intended", path)
			}
		})
	}
}

func TestTwoLotsOneWinnerIsOneOrganisation(t *testing.T) {
	n := awarded(fixture(false))
	second := n.Lots[0]
	second.ID, second.Title = "LOT-0002", "Training"
	r := *second.Result
	r.ContractID = "FOSEN-2026-01-K2"
	second.Result = &r
	n.Lots = append(n.Lots, second)
	b, err := AwardNotice(n)
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(b, []byte("<cbc:CompanyID>923456783<")); got != 1 {
		t.Errorf("the winner of two lots appears %d times among the organisations", got)
	}
	if got := bytes.Count(b, []byte(`<cbc:ID schemeName="organization">ORG-0003</cbc:ID>`)); got != 3 {
		t.Errorf("ORG-0003 named %d times, want once as organisation and once per tendering party", got)
	}
	if bytes.Contains(b, []byte("ORG-0004")) {
		t.Error("a second organisation was written for the same winner")
	}
	if !bytes.Contains(b, []byte(`<cbc:TotalAmount currencyID="NOK">5750000<`)) {
		t.Error("the total is not the sum of the lots' tender values")
	}
}

func TestNorwegianNationalNotice(t *testing.T) {
	n := fixture(true)
	n.Language = "NOR"
	n.Procedure.Title = "Digitale innbyggertjenester for Fosen-kommunene"
	b, err := ContractNotice(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<cbc:NoticeLanguageCode>NOR<",
		`<cbc:Name languageID="NOR">Digitale innbyggertjenester for Fosen-kommunene<`,
		`<cbc:DocumentDescription languageID="NOR">Forskrift om offentlige anskaffelser (anskaffelsesforskriften) del I og II<`,
		"<cbc:ID>NOR</cbc:ID>",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestDoffinProfiles(t *testing.T) {
	eu, _ := ContractNotice(fixture(false))
	national, _ := ContractNotice(fixture(true))
	if !bytes.Contains(eu, []byte("<cbc:CustomizationID>eforms-sdk-1.15"+ProfileEU+"</")) {
		t.Error("a notice above the thresholds lacks Doffin's EU profile")
	}
	if !bytes.Contains(national, []byte("<cbc:CustomizationID>eforms-sdk-1.15"+ProfileNational+"</")) {
		t.Error("a national notice lacks Doffin's national profile")
	}
	if !bytes.Contains(national, []byte("<cbc:RegulatoryDomain>other</")) || !bytes.Contains(eu, []byte("<cbc:RegulatoryDomain>32014L0024</")) {
		t.Error("legal basis: want 32014L0024 above the thresholds and other below")
	}
	off := OfficialForm(national)
	if !bytes.Contains(off, []byte("<cbc:CustomizationID>eforms-sdk-1.15</")) {
		t.Error("OfficialForm kept the profile suffix")
	}
	if len(national)-len(off) != len(ProfileNational) {
		t.Error("OfficialForm changed more than the suffix")
	}
}

func fields(t *testing.T, err error) []string {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		t.Fatalf("want an invalid error, got %v", err)
	}
	var out []string
	for _, f := range de.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestMissingFieldsAreNamed(t *testing.T) {
	_, err := ContractNotice(Notice{})
	got := fields(t, err)
	for _, want := range []string{"id", "version", "issued", "language", "buyer.name", "buyer.org_number", "buyer.email", "buyer.legal_type", "review_body.name", "procedure.id", "procedure.type", "procedure.cpv", "procedure.place_nuts", "lots"} {
		if !slices.Contains(got, want) {
			t.Errorf("field %s not named; got %v", want, got)
		}
	}

	n := fixture(false)
	n.Language = "NOR"
	n.Buyer.OrgNumber = "912 345 687"
	n.Lots[0].Criteria[0].Weight = 40
	n.Lots[0].DocumentsURL = "documents"
	n.Lots[0].Title = strings.Repeat("x", 401)
	n.Buyer.Email = "innkjop"
	_, err = ContractNotice(n)
	want := []string{"language", "buyer.org_number", "buyer.email", "lots[0].title", "lots[0].criteria", "lots[0].documents_url"}
	if got := fields(t, err); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}

	open := fixture(false)
	open.Procedure.Type = "open"
	_, err = ContractNotice(open)
	if got := fields(t, err); !slices.Equal(got, []string{"lots[0].validity_days"}) {
		t.Errorf("open procedure without tender validity: fields %v", got)
	}
	restricted := fixture(false)
	restricted.Lots[0].MinCandidates = 4
	_, err = ContractNotice(restricted)
	if got := fields(t, err); !slices.Equal(got, []string{"lots[0].min_candidates"}) {
		t.Errorf("restricted procedure inviting four: fields %v", got)
	}

	if _, err := ContractNotice(fixture(true)); err != nil {
		t.Errorf("a national notice in English: %v", err)
	}
	nor := fixture(true)
	nor.Language = "NOR"
	if _, err := ContractNotice(nor); err != nil {
		t.Errorf("a national notice in Norwegian: %v", err)
	}

	_, err = AwardNotice(fixture(false))
	if got := fields(t, err); !slices.Equal(got, []string{"lots[0].result"}) {
		t.Errorf("award without a result: fields %v", got)
	}
	a := awarded(fixture(false))
	a.Lots[0].Result.ContractSigned = a.Lots[0].Result.AwardDecision.AddDate(0, 0, -1)
	a.Lots[0].Result.ContractID = ""
	_, err = AwardNotice(a)
	if got := fields(t, err); !slices.Equal(got, []string{"lots[0].result.contract_signed", "lots[0].result.contract_id"}) {
		t.Errorf("award with a contract before the decision: fields %v", got)
	}
}

// TestNoticesPassOfficialRules runs the official eForms SDK 1.15.1 XML
// Schema and Schematron on each notice, one at a time: the validator needs
// up to 3 GiB and a minute per subtype.
func TestNoticesPassOfficialRules(t *testing.T) {
	tool := sharedfiles.EFormsValidator(t)
	dir := t.TempDir()
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.write(c.notice)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.name+".xml")
			if err := os.WriteFile(path, OfficialForm(b), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, path).CombinedOutput()
			t.Logf("%s", bytes.TrimSpace(out))
			if err != nil || !bytes.Contains(out, []byte("subtype "+c.subtype+", 0 errors")) {
				t.Errorf("subtype %s does not pass the official rules (%v):\n%s", c.subtype, err, out)
			}
		})
	}
}
