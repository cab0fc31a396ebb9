package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// TestAwardLettersSentTogetherAndFrozen decides the award through the
// form: a standstill in words is refused with nothing decided; then the
// decision names the winner, the standstill's end in Oslo time with the
// rule that gave it (part II, § 10-2, counted by § 7-6), and both letters
// with the same time sent and their digests. An edit of a sent letter is
// refused with a clear message and changes nothing; another tender's
// letter is not found.
func TestAwardLettersSentTogetherAndFrozen(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	c := e.login(awardOfficer)

	body := e.page(c, e.path("award"))
	if !strings.Contains(body, "Rangering") || !strings.Contains(body, `id="proposed-winner">Beta Systemer AS`) {
		t.Errorf("the award form does not offer the bid ranked first:\n%.1500s", body)
	}
	res, body := c.post(e.path("award"), url.Values{"reasons": {"Best."}, "min_days": {"fjorten"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-min_days"`) {
		t.Errorf("a standstill in words: status %d, want 422 with the message at the field", res.StatusCode)
	}
	if _, err := e.app.Procurement.Award(ctx, e.officer, e.tender.ID); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("a refused form decided the award: %v", err)
	}

	e.award(c)
	aw, err := e.app.Procurement.Award(ctx, e.officer, e.tender.ID)
	if err != nil {
		t.Fatal(err)
	}
	letters, err := e.app.Procurement.Letters(ctx, e.officer, e.tender.ID)
	if err != nil || len(letters) != 2 {
		t.Fatalf("letters: %d, %v; want one per bidder", len(letters), err)
	}
	for _, l := range letters {
		if !l.SentAt.Equal(aw.NotifiedAt) || l.Digest == "" {
			t.Errorf("letter %d sent %v with digest %q; want every letter sent at %v with a digest", l.ID, l.SentAt, l.Digest, aw.NotifiedAt)
		}
	}
	// Notified Monday 5 October 2026 at 13:00 in Oslo: 14 days counted
	// from the next day end with Monday 19 October.
	if want := time.Date(2026, time.October, 19, 22, 0, 0, 0, time.UTC); !aw.StandstillEnd.Equal(want) {
		t.Errorf("standstill end %v, want %v", aw.StandstillEnd, want)
	}
	body = e.page(c, e.path("award"))
	for _, want := range []string{`id="award-winner">Beta Systemer AS`, "14 dager, til og med 19.10.2026",
		procurement.Display(aw.StandstillEnd, "nb"), "FOA § 10-2", "FOA § 7-6", "lengre karensperiode: 14 dager",
		letters[0].Digest, letters[1].Digest} {
		if !strings.Contains(body, want) {
			t.Errorf("the decided award page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<td class="letter-sent">`+procurement.Exact(aw.NotifiedAt)); n != 2 {
		t.Errorf("%d letters shown sent at %s, want 2", n, procurement.Exact(aw.NotifiedAt))
	}

	letter := letters[0]
	lp := e.path("award/letters/" + strconv.FormatInt(letter.ID, 10))
	res, body = c.post(lp, url.Values{"subject": {"Endret emne"}, "body": {"Endret tekst"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(plain(body), "Brevet er sendt og kan ikke endres.") {
		t.Errorf("editing a sent letter: status %d, want 409 with the refusal", res.StatusCode)
	}
	after, err := e.app.Procurement.Letters(ctx, e.officer, e.tender.ID)
	if err != nil || after[0].Body != letter.Body || after[0].Digest != letter.Digest {
		t.Errorf("the refused edit changed the letter (%v)", err)
	}
	other := "/procurement/" + strconv.FormatInt(e.other.ID, 10) + "/award/letters/" + strconv.FormatInt(letter.ID, 10)
	if res, _ := c.post(other, url.Values{"subject": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a letter through another tender: status %d, want 404", res.StatusCode)
	}
	if res, _ := c.post(e.path("award"), url.Values{"reasons": {"Igjen."}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a second decision: status %d, want 409", res.StatusCode)
	}

	// Each bidder reads its own letter in the portal, never the other's.
	alfa := e.login(awardSellerA)
	portal := "/portal/tenders/" + strconv.FormatInt(e.tender.ID, 10)
	if body := e.page(alfa, portal); !strings.Contains(body, portal+"/award") {
		t.Error("the portal's tender page does not link to the award")
	}
	body = e.page(alfa, portal+"/award")
	own, theirs := letters[0], letters[1]
	if own.SupplierID != e.supA.ID {
		own, theirs = theirs, own
	}
	if !strings.Contains(body, own.Digest) || strings.Contains(body, theirs.Digest) || !strings.Contains(body, "Send klagen") {
		t.Errorf("Alfa's award page: own letter %v, the other's %v, complaint form %v",
			strings.Contains(body, own.Digest), strings.Contains(body, theirs.Digest), strings.Contains(body, "Send klagen"))
	}
}

// TestContractRefusedInStandstillThenSigned: the contract form refuses a
// signing inside the standstill with the message at the date, nothing
// stored; a complaint filed in the portal and still unanswered after the
// standstill refuses it too; once answered the contract is signed, its
// commitments are indicators of the service's realisation plan, the
// record and the archive download, and the traceability pages show the
// chain from the process requirement to the indicator. Another tender's
// complaint or requirement is not found.
func TestContractRefusedInStandstillThenSigned(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	c := e.login(awardOfficer)
	e.award(c)
	aw, err := e.app.Procurement.Award(ctx, e.officer, e.tender.ID)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(at time.Time) (*http.Response, string) {
		return c.post(e.path("contract"), url.Values{"signed_at": {procurement.FormatLocal(at)},
			"contract_value": {"1 200 000"}, "contract_reference": {"KONTRAKT-1"}})
	}
	res, body := sign(e.clock.Now())
	body = plain(body)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `id="f-signed_at"`) ||
		!strings.Contains(body, `<p class="field-error" id="e-signed_at">Kontrakt kan ikke inngås før karensperioden er ute (`) {
		t.Errorf("signing inside the standstill: status %d, want 409 with the message at the date\n%.2000s", res.StatusCode, body)
	}
	if _, err := e.app.Procurement.Contract(ctx, e.officer, e.tender.ID); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("a refused signing stored a contract: %v", err)
	}

	alfa := e.login(awardSellerA)
	portal := "/portal/tenders/" + strconv.FormatInt(e.tender.ID, 10)
	if res, body := alfa.post(portal+"/complaints", url.Values{"complaint": {"Prisen er feil vurdert."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("filing a complaint: status %d\n%.600s", res.StatusCode, body)
	}
	complaints, err := e.app.Procurement.Complaints(ctx, e.officer, e.tender.ID)
	if err != nil || len(complaints) != 1 {
		t.Fatalf("complaints: %v %v", complaints, err)
	}
	if body := e.page(c, e.path("complaints")); !strings.Contains(body, "Prisen er feil vurdert.") || !strings.Contains(body, "Alfa Data AS") {
		t.Error("the complaints page does not show the complaint with its bidder")
	}
	other := "/procurement/" + strconv.FormatInt(e.other.ID, 10)
	cid := strconv.FormatInt(complaints[0].ID, 10)
	if res, _ := c.post(other+"/complaints/"+cid, url.Values{"answer": {"Nei."}, "version": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a complaint through another tender: status %d, want 404", res.StatusCode)
	}

	e.clock.Advance(aw.StandstillEnd.Sub(e.clock.Now()) + time.Hour)
	// The sessions have expired in two weeks: log in again.
	c, alfa = e.login(awardOfficer), e.login(awardSellerA)
	if res, body := sign(aw.StandstillEnd); res.StatusCode != http.StatusConflict || !strings.Contains(plain(body), "En klage er ikke besvart ennå") {
		t.Errorf("signing with an unanswered complaint: status %d, want 409", res.StatusCode)
	}
	if res, _ := alfa.post(portal+"/complaints", url.Values{"complaint": {"For sent."}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a complaint after the standstill: status %d, want 409", res.StatusCode)
	}
	res, body = c.post(e.path("complaints/"+cid), url.Values{"answer": {"Prisen er vurdert etter modellen."},
		"version": {strconv.Itoa(complaints[0].Version)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answering: status %d\n%.600s", res.StatusCode, body)
	}
	if res, body := sign(aw.StandstillEnd); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing after the standstill: status %d\n%.1500s", res.StatusCode, plain(body))
	}
	contract, err := e.app.Procurement.Contract(ctx, e.officer, e.tender.ID)
	if err != nil || contract.Value != 1_200_000 || len(contract.Commitments) != 2 {
		t.Fatalf("contract: %+v %v; want NOK 1 200 000 and Beta's two commitments", contract, err)
	}
	body = e.page(c, e.path("contract"))
	if !strings.Contains(body, `href="/services/`+e.slug+`/plan"`) || strings.Contains(body, "Ikke overført") {
		t.Errorf("the contract page does not list the commitments handed over to the plan:\n%.2000s", body)
	}
	for _, cm := range contract.Commitments {
		if cm.IndicatorID == 0 {
			t.Errorf("commitment %q is no indicator", cm.Text)
		}
	}

	body = e.page(c, e.path("trace"))
	if !strings.Contains(body, "2 av 2 kjeder er hele") {
		t.Errorf("the traceability list does not say both chains are whole:\n%.2000s", body)
	}
	req := e.spec[1]
	body = e.page(c, e.path("trace/"+strconv.FormatInt(req.ID, 10)))
	for _, want := range []string{"Løsningen bør hente eiendomsdata fra Matrikkelen.", `href="/services/` + e.slug + `/processes"`,
		"vedlegg 2, side 7", "(valgt)", req.Number + " " + req.Text, `href="/services/` + e.slug + `/plan"`,
		"Ikke målt ennå", e.path("trace"), e.path("contract")} {
		if !strings.Contains(body, want) {
			t.Errorf("the chain page lacks %q", want)
		}
	}
	// The record and the archive of the signed tender download.
	for sub, magic := range map[string]string{"record.pdf": "%PDF", "archive.zip": "PK"} {
		res, got := c.get(e.path(sub))
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(got, magic) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: status %d, starts %q, disposition %q", sub, res.StatusCode, got[:min(len(got), 8)], res.Header.Get("Content-Disposition"))
		}
	}
	otherSpec, err := e.app.Procurement.Specification(ctx, e.officer, e.other.ID)
	if err != nil || len(otherSpec) == 0 {
		t.Fatal(err)
	}
	if res, _ := c.get(e.path("trace/" + strconv.FormatInt(otherSpec[0].ID, 10))); res.StatusCode != http.StatusNotFound {
		t.Errorf("another tender's requirement: status %d, want 404", res.StatusCode)
	}
}
