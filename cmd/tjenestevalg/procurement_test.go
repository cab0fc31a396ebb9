package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProcurementCommands lists and shows the demo's tenders: the seed's
// tender is opened (and awarded) with four candidates and four bids
// received, none of their content shown; the open tender is published. The
// seed's notices and OCDS package come out on stdout.
func TestProcurementCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	db := filepath.Join(t.TempDir(), "cli.db")
	if code, out, errOut := cli(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}

	code, out, errOut := cli(t, "procurement", "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("list --json: %d %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --json is not a JSON array: %v\n%s", err, out)
	}
	byRef := map[string]map[string]any{}
	for _, r := range rows {
		for _, k := range []string{"reference", "title", "procedure", "status"} {
			if s, _ := r[k].(string); s == "" {
				t.Errorf("tender %v lacks %s", r["reference"], k)
			}
		}
		byRef[r["reference"].(string)] = r
	}
	seed, ok := byRef["FOSEN-2017-02"]
	if !ok || len(rows) != 3 {
		t.Fatalf("want the seed's tender, the closed one and the open one, got %s", out)
	}
	if c := byRef["FOSEN-2017-03"]; c == nil || c["status"] != "closed" {
		t.Errorf("the third tender: %v", c)
	}
	if seed["status"] != "opened" || seed["procedure"] != "national_restricted" || seed["part"] != "II" {
		t.Errorf("seed tender: %v", seed)
	}
	for ref, r := range byRef {
		if ref != "FOSEN-2017-02" && ref != "FOSEN-2017-03" && (r["status"] != "published" || r["procedure"] != "national_open") {
			t.Errorf("open tender %s: %v", ref, r)
		}
	}

	code, out, _ = cli(t, "procurement", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "REFERENCE") || !strings.Contains(out, "FOSEN-2017-02") || !strings.Contains(out, "opened") {
		t.Errorf("list table: %d\n%s", code, out)
	}

	code, out, errOut = cli(t, "procurement", "show", "--db", db, "--tender", "FOSEN-2017-02")
	if code != 0 {
		t.Fatalf("show: %d %s", code, errOut)
	}
	for _, want := range []string{
		"Arbeidsprosessanalyser og -forbedringer",
		"Candidates (4):", "Prosessverkstedet AS (915100104)",
		"[tender] Konkurransegrunnlag (published)", "konkurransegrunnlag.pdf",
		"Bids received: 4", "Opening: opened; confirmed by ", "4 bids in the record",
		"NOK 1 600 000 excl. VAT",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show: missing %q in\n%s", want, out)
		}
	}
	// Stored in UTC, shown in Oslo summer time.
	if !regexp.MustCompile(`deadline +2017-04-20 12:00 CEST`).MatchString(out) {
		t.Errorf("show: deadline not in Oslo time:\n%s", out)
	}
	// Neither a price nor a bid's file name appears.
	for _, secret := range []string{"1 385 000", "1385000", "tilbud-prosessverkstedet.pdf"} {
		if strings.Contains(out, secret) {
			t.Errorf("show reveals bid content %q", secret)
		}
	}
	code, out, _ = cli(t, "procurement", "show", "--db", db, "--tender", "FOSEN-2017-02", "--json")
	var d map[string]any
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil || d["bids_received"] != float64(4) || d["questions"].(float64) < 4 {
		t.Errorf("show --json: %d %v\n%s", code, err, out)
	}

	if code, _, errOut = cli(t, "procurement", "show", "--db", db, "--tender", "NOPE-1"); code != 1 || !strings.Contains(errOut, `no tender "NOPE-1"`) {
		t.Errorf("unknown tender: %d %s", code, errOut)
	}
	if code, _, _ = cli(t, "procurement", "show", "--db", db); code != 2 {
		t.Errorf("show without --tender: exit %d, want 2", code)
	}

	code, out, errOut = cli(t, "procurement", "notice", "--db", db, "--tender", "FOSEN-2017-02", "--type", "award", "--lang", "ENG")
	if code != 0 || !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, `notice-subtype">E4<`) ||
		!strings.Contains(out, "#extended#urn:fdc:anskaffelser.no:2023:eforms:national") {
		t.Errorf("notice --type award: %d %s\n%.400s", code, errOut, out)
	}
	code, out, _ = cli(t, "procurement", "notice", "--db", db, "--tender", "FOSEN-2017-02", "--type", "contract", "--official")
	if code != 0 || !strings.Contains(out, `notice-subtype">E3<`) || !strings.Contains(out, "<cbc:CustomizationID>eforms-sdk-1.15</") ||
		!strings.Contains(out, "<cbc:NoticeLanguageCode>NOR<") {
		t.Errorf("notice --type contract --official: %d\n%.400s", code, out)
	}
	if code, _, _ = cli(t, "procurement", "notice", "--db", db, "--tender", "FOSEN-2017-02", "--type", "prior"); code != 2 {
		t.Errorf("notice --type prior: exit %d, want 2", code)
	}
	if code, _, errOut = cli(t, "procurement", "notice", "--db", db, "--tender", "FOSEN-2017-02", "--type", "award", "--lang", "SWE"); code != 1 || !strings.Contains(errOut, "lang") {
		t.Errorf("notice --lang SWE: %d %s", code, errOut)
	}
	open := ""
	for ref := range byRef {
		if ref != "FOSEN-2017-02" && ref != "FOSEN-2017-03" {
			open = ref
		}
	}
	if code, _, errOut = cli(t, "procurement", "notice", "--db", db, "--tender", open, "--type", "award"); code != 1 || !strings.Contains(errOut, "no award criteria") {
		t.Errorf("award notice of the open tender: %d %s", code, errOut)
	}

	code, out, errOut = cli(t, "procurement", "export-ocds", "--db", db, "--tender", "FOSEN-2017-02")
	var pkg struct {
		Releases []struct {
			OCID string   `json:"ocid"`
			Tag  []string `json:"tag"`
		} `json:"releases"`
	}
	if err := json.Unmarshal([]byte(out), &pkg); code != 0 || err != nil || len(pkg.Releases) != 1 || !strings.HasPrefix(pkg.Releases[0].OCID, "ocds-xxxxxx-") {
		t.Errorf("export-ocds: %d %v %s\n%.400s", code, err, errOut, out)
	}
	if code, _, errOut = cli(t, "procurement", "export-ocds", "--db", db, "--tender", "NOPE-1"); code != 1 || !strings.Contains(errOut, `no tender "NOPE-1"`) {
		t.Errorf("export-ocds of an unknown tender: %d %s", code, errOut)
	}
}
