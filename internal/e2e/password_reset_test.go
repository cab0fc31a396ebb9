package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// theApp is the application under test, for scenarios that need what a
// browser cannot reach (the reset link "sent by e-mail").
var theApp *app.App

// mailbox keeps the reset links the application sends.
type mailbox struct {
	mu    sync.Mutex
	links map[string]string // e-mail → last link
}

func (m *mailbox) SendPasswordReset(_ context.Context, to account.User, link string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links[to.Email] = link
	return nil
}

func (m *mailbox) link(email string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.links[email]
}

var resetMails = &mailbox{links: map[string]string{}}

// testPasswordReset: a user asks for a reset link from the login page and
// sets a new password through it (issue 12, item 10).
func testPasswordReset(t *testing.T) {
	ctx := context.Background()
	collab, err := theApp.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	const email = "glemsk@fosen.example"
	if _, err := theApp.Accounts.CreateUser(ctx, domain.SystemPrincipal(collab.ID), account.NewUser{Email: email, Name: "Glemsk",
		Password: demoPassword, Grants: []domain.Grant{{Role: domain.RoleObserver}}}); err != nil {
		t.Fatal(err)
	}
	b := newTab(t)
	b.open("login", "/login")
	if st := b.follow("password reset", click(`main a[href="/password-reset"]`)); st != 200 {
		t.Fatalf("reset page: status %d", st)
	}
	if h := b.text("h1"); h != "Sett nytt passord" {
		t.Errorf("h1 = %q", h)
	}
	b.fill("#f-email", "ikke en adresse")
	if st := b.follow("password reset with errors", click(`form[action="/password-reset"] button[type=submit]`)); st != 422 {
		t.Errorf("bad e-mail: status %d, want 422", st)
	}
	b.expectFocus("form-message", "the message")
	b.fill("#f-email", email)
	if st := b.follow("password reset sent", click(`form[action="/password-reset"] button[type=submit]`)); st != 200 {
		t.Fatalf("request: status %d", st)
	}
	if msg := b.text("#reset-sent"); !strings.HasPrefix(msg, "Hvis adressen hører til en bruker") {
		t.Errorf("confirmation %q", msg)
	}
	link, err := url.Parse(resetMails.link(email))
	if err != nil || link.Query().Get("token") == "" {
		t.Fatalf("no reset link sent: %q", resetMails.link(email))
	}

	b.open("password reset form", link.RequestURI())
	b.fill("#f-password", "kort")
	if st := b.follow("password reset form with errors", click(`form[action="/password-reset/new"] button[type=submit]`)); st != 422 {
		t.Errorf("short password: status %d, want 422", st)
	}
	b.fill("#f-password", "et helt nytt passord")
	if st := b.follow("password reset done", click(`form[action="/password-reset/new"] button[type=submit]`)); st != 200 {
		t.Fatalf("new password: status %d", st)
	}
	if st := b.open("password reset link invalid", link.RequestURI()); st != 404 {
		t.Errorf("the used link: status %d, want 404", st)
	}
	b.open("login", "/login")
	b.fill("#f-email", email)
	b.fill("#f-password", "et helt nytt passord")
	if st := b.follow("dashboard", click(`form[action="/login"] button[type=submit]`)); st != 200 || b.path() != "/" {
		t.Errorf("login with the new password: status %d on %s", st, b.path())
	}
}
