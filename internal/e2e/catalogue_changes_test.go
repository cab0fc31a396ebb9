package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// changesSlug is the service only this scenario changes: its notes are
// edited so that they differ from the open catalogue.
const changesSlug = "borgerlig-vigsel"

// testCatalogueChanges: the programme lead edits a service so that it
// differs from the open catalogue, is told on the dashboard, sees the
// field offered with both values, is told to choose when saving nothing,
// and keeps the collaboration's value with the keyboard only; the kept
// field is then no longer offered.
func testCatalogueChanges(t *testing.T) {
	b := newTab(t)
	b.login("programleder@fosen.example")

	if st := b.open("service edit", "/services/"+changesSlug+"/edit"); st != 200 {
		t.Fatalf("service edit: status %d", st)
	}
	b.fill("#f-notes", "Vår egen merknad (e2e)")
	if st := b.follow("service", click(`form.form button[type="submit"]`)); st != 200 {
		t.Fatalf("save the service: status %d", st)
	}

	if st := b.open("dashboard with corrections", "/"); st != 200 {
		t.Fatalf("dashboard: status %d", st)
	}
	if b.count(`a[href="/catalogue/changes"]`) == 0 {
		t.Fatal("the lead's dashboard does not point to the waiting corrections")
	}

	if st := b.open("catalogue changes", "/catalogue/changes"); st != 200 {
		t.Fatalf("catalogue changes: status %d", st)
	}
	group := "c." + changesSlug + ".notes"
	if b.count(`input[name="`+group+`"]`) != 3 {
		t.Fatalf("the notes of %s are not offered with three choices", changesSlug)
	}
	if got := b.text(`section[aria-labelledby="h-` + changesSlug + `"]`); !strings.Contains(got, "Vår egen merknad (e2e)") || !strings.Contains(got, "deres egen endring") {
		t.Errorf("the offered field does not show our value as our own edit: %q", got)
	}

	// Saving without a choice is refused with a message.
	if st := b.follow("catalogue changes with errors", click("#changes-save")); st != 422 {
		t.Fatalf("save without a choice: status %d, want 422", st)
	}
	if b.count(".alert-error") == 0 {
		t.Error("no message when nothing was chosen")
	}

	// Keyboard only: Tab into the group (its checked radio, "decide
	// later"), arrow up to "keep ours", Tab to the save button, Enter.
	b.tabTo("f-"+group+"-later", 200)
	b.press(kb.ArrowUp)
	b.expectFocus("f-"+group+"-keep", "the keep choice")
	b.tabTo("changes-save", 200)
	if st := b.follow("catalogue changes saved", enter()); st != 200 {
		t.Fatalf("save by keyboard: status %d", st)
	}
	if got := b.text(`[role="status"]`); !strings.Contains(got, "1 beholdt") {
		t.Errorf("after saving: status %q, want one kept", got)
	}
	if b.count(`input[name="`+group+`"]`) != 0 {
		t.Error("the kept field is offered again")
	}
}
