package web_test

import (
	"html"
	"strings"
	"testing"
)

// A coordinator sees each legal reference with the act's short title and
// Lovdata identifier, the duty kind and a link to the source; a reference
// the open catalogue has no verified source for carries a visible badge.
func TestServicePageShowsLegalSourcesAndKostraName(t *testing.T) {
	c := login(t, "observator@fosen.example")
	_, body := c.get("/services/fastlegeordning")
	legal := html.UnescapeString(between(body, `id="legal-h"`, "</section>"))
	for _, want := range []string{
		"Helse- og omsorgstjenesteloven § 3-2", "helse- og omsorgstjenesteloven (LOV-2011-06-24-30) § 3-2 første ledd nr. 4",
		"plikt til å yte", `href="https://www.helsedirektoratet.no/`, "Kilde: Helsedirektoratet",
	} {
		if !strings.Contains(legal, want) {
			t.Errorf("fastlegeordning: no %q in\n%s", want, legal)
		}
	}
	if strings.Contains(legal, "Ikke verifisert") {
		t.Error("fastlegeordning: a verified reference carries the not-verified badge")
	}
	if !strings.Contains(html.UnescapeString(body), "241 Diagnose, behandling, re-/habilitering") {
		t.Error("fastlegeordning: no KOSTRA name beside the number")
	}

	_, body = c.get("/services/snoskuterloyper")
	legal = html.UnescapeString(between(body, `id="legal-h"`, "</section>"))
	if !strings.Contains(legal, "Motorferdselloven § 4a") || !strings.Contains(legal, `<span class="badge unverified">Ikke verifisert</span>`) {
		t.Errorf("snoskuterloyper: the unverified reference has no badge:\n%s", legal)
	}

	// A regulation is shown with its enabling act and section, and the
	// act's section the collaboration cites stands for the regulation's row.
	_, body = c.get("/services/hjelpemidler-utlan")
	legal = html.UnescapeString(between(body, `id="legal-h"`, "</section>"))
	if !strings.Contains(legal, "hjemmel: helse- og omsorgstjenesteloven (LOV-2011-06-24-30) § 3-2") || strings.Contains(legal, "Ikke verifisert") {
		t.Errorf("hjelpemidler-utlan:\n%s", legal)
	}

}

func TestServiceListShowsKostraNames(t *testing.T) {
	c := login(t, "observator@fosen.example")
	_, body := c.get("/services?area=helse")
	body = html.UnescapeString(body)
	if !strings.Contains(body, `241 <span class="kostra-name">Diagnose, behandling, re-/habilitering</span>`) {
		t.Error("the services list shows the KOSTRA number without its name")
	}
	if !strings.Contains(body, `>241 Diagnose, behandling, re-/habilitering</option>`) {
		t.Error("the KOSTRA filter shows numbers without names")
	}
}
