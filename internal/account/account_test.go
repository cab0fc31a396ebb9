package account_test

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

const password = "riktig hest batteri"

var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

// fixture is a collaboration with one municipality, a programme lead (not
// a login user, so no password is hashed) and an account manager.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	store  account.Store
	clock  *domain.ManualClock
	mgr    *account.Manager
	collab domain.ID
	muni   domain.ID
	lead   domain.Principal
}

func newFixture(t *testing.T, limits account.Limits) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, ctx: ctx, db: db, store: db.Accounts(), clock: clock}
	f.mgr = account.NewManager(f.store, db, f.clock, limits)
	f.collab, err = db.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}}
	must(t, db.Catalogue().SaveMunicipalities(ctx, f.collab, munis))
	f.muni = munis[0].ID
	f.lead = f.rawUser(f.collab, "leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead}).Principal()
	return f
}

// rawUser stores a user directly, without a usable password.
func (f *fixture) rawUser(collab domain.ID, email string, grants ...domain.Grant) account.User {
	f.t.Helper()
	u := account.User{CollaborationID: collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: start}
	id, err := f.store.CreateUser(f.ctx, u)
	must(f.t, err)
	must(f.t, f.store.SetGrants(f.ctx, id, grants))
	u.ID, u.Grants = id, grants
	return u
}

// user creates a login user with the package password.
func (f *fixture) user(email string, grants ...domain.Grant) account.User {
	f.t.Helper()
	u, err := f.mgr.CreateUser(f.ctx, f.lead, account.NewUser{Email: email, Name: "Navn " + email, Password: password, Grants: grants})
	must(f.t, err)
	return u
}

func (f *fixture) login(email, pw string) (string, account.Session) {
	f.t.Helper()
	token, s, err := f.mgr.Login(f.ctx, email, pw, "10.0.0.1")
	must(f.t, err)
	return token, s
}

// must and wantErr are the shared assertions about domain errors.
var must, wantErr = domaintest.Must, domaintest.WantErr

// wantField fails the test unless err is invalid with exactly one field error.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, "")
	fe := domain.AsError(err).Fields
	if len(fe) != 1 || fe[0].Field != field || fe[0].Code != code {
		t.Fatalf("field errors = %+v, want %s: %s", fe, field, code)
	}
}

func TestLogin(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	kari := f.user("kari@fosen.no", domain.Grant{Role: domain.RoleObserver})
	off := f.user("av@fosen.no")
	off.Disabled = true
	must(t, f.store.UpdateUser(f.ctx, off))

	for _, tc := range []struct {
		name, email, password string
		code                  string // "" for success
	}{
		{"right password", "kari@fosen.no", password, ""},
		{"e-mail in another case and with spaces", "  Kari@Fosen.NO ", password, ""},
		{"wrong password", "kari@fosen.no", password + "x", "auth.bad_credentials"},
		{"unknown e-mail", "ingen@fosen.no", password, "auth.bad_credentials"},
		{"disabled user", "av@fosen.no", password, "auth.bad_credentials"},
		{"empty password", "kari@fosen.no", "", "auth.bad_credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, s, err := f.mgr.Login(f.ctx, tc.email, tc.password, "10.0.0.1")
			if tc.code != "" {
				wantErr(t, err, domain.KindUnauthorized, tc.code)
				if token != "" {
					t.Error("a token for a failed login")
				}
				return
			}
			must(t, err)
			if token == "" || s.UserID != kari.ID || s.CSRFToken == "" || !s.CreatedAt.Equal(start) ||
				!s.ExpiresAt.Equal(start.Add(account.DefaultLimits.SessionIdle)) {
				t.Errorf("session = %+v", s)
			}
			if s.TokenHash == token {
				t.Error("the token itself is stored")
			}
			u, _, err := f.mgr.Authenticate(f.ctx, token)
			must(t, err)
			if u.ID != kari.ID || !slices.Equal(u.Grants, kari.Grants) {
				t.Errorf("Authenticate = %+v", u)
			}
		})
	}
}

// wrongLogins fails n logins of email from addr, the clock standing still.
func (f *fixture) wrongLogins(n int, email, addr string) {
	f.t.Helper()
	for range n {
		_, _, err := f.mgr.Login(f.ctx, email, "feil passord", addr)
		wantErr(f.t, err, domain.KindUnauthorized, "auth.bad_credentials")
	}
}

// wantRetry fails unless err refuses a login for too many attempts and asks
// to wait secs seconds.
func wantRetry(t *testing.T, err error, secs int) {
	t.Helper()
	wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
	if got, ok := account.RetryAfter(err); !ok || got != secs {
		t.Errorf("retry after %d s (%v), want %d s", got, ok, secs)
	}
}

func TestLoginThrottle(t *testing.T) {
	free := account.DefaultLimits.PairFree

	t.Run("per e-mail and address: a growing delay", func(t *testing.T) {
		f := newFixture(t, account.DefaultLimits)
		f.user("kari@fosen.no")
		f.wrongLogins(free, "kari@fosen.no", "10.0.0.1")
		// Even the right password must wait now, longer after each failure.
		_, _, err := f.mgr.Login(f.ctx, "KARI@fosen.no", password, "10.0.0.1")
		wantRetry(t, err, 2)
		for _, wait := range []int{2, 4, 8, 16} {
			f.clock.Advance(time.Duration(wait)*time.Second - time.Millisecond)
			_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", "feil passord", "10.0.0.1")
			wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
			f.clock.Advance(time.Millisecond)
			f.wrongLogins(1, "kari@fosen.no", "10.0.0.1")
		}
		_, _, err = f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
		wantRetry(t, err, 32)
		f.clock.Advance(32 * time.Second)
		f.login("kari@fosen.no", password)
		// A successful login clears the pair's failures.
		c, err := f.store.LoginAttempts(f.ctx, "pair:10.0.0.1 kari@fosen.no")
		must(t, err)
		if c.Attempts != 0 {
			t.Errorf("%d failures left after a successful login", c.Attempts)
		}
	})

	t.Run("the delay is capped", func(t *testing.T) {
		f := newFixture(t, account.DefaultLimits)
		f.user("kari@fosen.no")
		f.wrongLogins(free, "kari@fosen.no", "10.0.0.1")
		for range 12 {
			_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", "feil passord", "10.0.0.1")
			secs, _ := account.RetryAfter(err)
			if secs > int(account.DefaultLimits.PairMaxDelay/time.Second) {
				t.Fatalf("asked to wait %d s, more than the cap", secs)
			}
			f.clock.Advance(time.Duration(secs) * time.Second)
			f.wrongLogins(1, "kari@fosen.no", "10.0.0.1")
		}
		_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
		wantRetry(t, err, int(account.DefaultLimits.PairMaxDelay/time.Second))
	})

	t.Run("one address's failures do not lock the e-mail elsewhere", func(t *testing.T) {
		f := newFixture(t, account.DefaultLimits)
		f.user("kari@fosen.no")
		f.wrongLogins(free, "kari@fosen.no", "10.0.0.66")
		_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", "feil passord", "10.0.0.66")
		wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
		// Kari at her own address has her own limit, untouched.
		f.login("kari@fosen.no", password)
		f.wrongLogins(free, "kari@fosen.no", "10.0.0.1")
	})

	t.Run("per client address: a higher ceiling", func(t *testing.T) {
		limits := account.DefaultLimits
		limits.MaxFailuresIP = 3
		f := newFixture(t, limits)
		f.user("kari@fosen.no")
		for _, email := range []string{"a@fosen.no", "b@fosen.no", "c@fosen.no"} {
			f.wrongLogins(1, email, "10.0.0.9")
		}
		_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.9")
		wantRetry(t, err, int(limits.FailureWindow/time.Second))
		if _, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.10"); err != nil {
			t.Errorf("login from another address: %v", err)
		}
		f.clock.Advance(limits.FailureWindow)
		f.login("kari@fosen.no", password)
		if account.DefaultLimits.MaxFailuresIP < 10*account.DefaultLimits.PairFree {
			t.Errorf("the default address ceiling %d leaves a shared address little room", account.DefaultLimits.MaxFailuresIP)
		}
	})

	t.Run("per e-mail over all addresses: a ceiling", func(t *testing.T) {
		limits := account.DefaultLimits
		limits.MaxFailuresEmail = 8
		f := newFixture(t, limits)
		f.user("kari@fosen.no")
		for i := range 4 {
			f.wrongLogins(2, "kari@fosen.no", fmt.Sprintf("10.0.1.%d", i))
		}
		_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
		wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
	})
}

// countingHasher counts the password checks and how many run at once;
// with a gate, each check waits for it.
type countingHasher struct {
	mu                   sync.Mutex
	calls, running, peak int
	gate                 chan struct{}
}

func (h *countingHasher) Hash(pw string) (string, error) { return account.HashPassword(pw) }

func (h *countingHasher) Check(hash, pw string) bool {
	h.mu.Lock()
	h.calls++
	h.running++
	h.peak = max(h.peak, h.running)
	h.mu.Unlock()
	if h.gate != nil {
		<-h.gate
	}
	ok := account.CheckPassword(hash, pw)
	h.mu.Lock()
	h.running--
	h.mu.Unlock()
	return ok
}

func (h *countingHasher) peakNow() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.peak
}

// parallelLogins runs n logins at once and counts their error codes.
func (f *fixture) parallelLogins(n int, login func(i int) error) map[string]int {
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := login(i)
			mu.Lock()
			defer mu.Unlock()
			codes[domain.AsError(err).Code]++
		}()
	}
	wg.Wait()
	return codes
}

// Issue 12, item 1: 40 wrong passwords at once were all checked.
func TestLoginParallelAttempts(t *testing.T) {
	t.Run("one address", func(t *testing.T) {
		f := newFixture(t, account.DefaultLimits)
		f.user("kari@fosen.no")
		h := &countingHasher{}
		f.mgr.SetHasher(h)
		codes := f.parallelLogins(40, func(int) error {
			_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", "feil passord", "10.0.0.1")
			return err
		})
		if h.calls > account.DefaultLimits.PairFree {
			t.Errorf("%d of 40 parallel attempts checked, limit %d (%v)", h.calls, account.DefaultLimits.PairFree, codes)
		}
		// An attempt that waited too long for a hash slot (auth.busy, on a
		// loaded machine) was never checked and gave its reservation back.
		if codes["auth.bad_credentials"] != h.calls ||
			codes["auth.too_many_attempts"] < 40-account.DefaultLimits.PairFree-codes["auth.busy"] {
			t.Errorf("answers %v for %d checks", codes, h.calls)
		}
	})
	t.Run("many addresses", func(t *testing.T) {
		limits := account.DefaultLimits
		limits.MaxFailuresEmail = 10
		f := newFixture(t, limits)
		f.user("kari@fosen.no")
		h := &countingHasher{}
		f.mgr.SetHasher(h)
		f.parallelLogins(40, func(i int) error {
			_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", "feil passord", fmt.Sprintf("10.0.2.%d", i))
			return err
		})
		if h.calls > limits.MaxFailuresEmail {
			t.Errorf("%d of 40 parallel attempts from 40 addresses checked, e-mail ceiling %d", h.calls, limits.MaxFailuresEmail)
		}
	})
}

// The 200 attempts of the probe took 1.9 GB: at most MaxHashes hash at
// once, the rest wait their turn or are told to come back.
func TestLoginHashBound(t *testing.T) {
	limits := account.DefaultLimits
	limits.MaxHashes = 2
	limits.HashWait = 100 * time.Millisecond

	t.Run("over the bound after the wait: busy", func(t *testing.T) {
		f := newFixture(t, limits)
		h := &countingHasher{gate: make(chan struct{})}
		f.mgr.SetHasher(h)
		done := make(chan map[string]int)
		go func() {
			done <- f.parallelLogins(5, func(i int) error {
				_, _, err := f.mgr.Login(f.ctx, fmt.Sprintf("u%d@fosen.no", i), "feil passord", fmt.Sprintf("10.0.3.%d", i))
				return err
			})
		}()
		time.Sleep(limits.HashWait + 300*time.Millisecond) // the three over the bound give up meanwhile
		close(h.gate)
		codes := <-done
		if h.peak > 2 || codes["auth.busy"] != 3 || codes["auth.bad_credentials"] != 2 {
			t.Errorf("peak %d hashes at once, answers %v; want at most 2, 2 checked and 3 busy", h.peak, codes)
		}
		// A busy attempt was not checked, so it is not a failure either.
		for i := range 5 {
			c, err := f.store.LoginAttempts(f.ctx, fmt.Sprintf("pair:10.0.3.%d u%d@fosen.no", i, i))
			must(t, err)
			if c.Attempts > 1 {
				t.Errorf("pair %d: %d attempts", i, c.Attempts)
			}
		}
		_, _, err := f.mgr.Login(f.ctx, "x@fosen.no", "feil", "10.0.3.99")
		wantErr(t, err, domain.KindUnauthorized, "auth.bad_credentials")
	})

	t.Run("within the wait: a turn", func(t *testing.T) {
		limits := limits
		limits.HashWait = 5 * time.Second
		f := newFixture(t, limits)
		h := &countingHasher{}
		f.mgr.SetHasher(h)
		codes := f.parallelLogins(6, func(i int) error {
			_, _, err := f.mgr.Login(f.ctx, fmt.Sprintf("u%d@fosen.no", i), "feil passord", fmt.Sprintf("10.0.4.%d", i))
			return err
		})
		if h.peak > 2 || codes["auth.bad_credentials"] != 6 {
			t.Errorf("peak %d hashes at once, answers %v; want at most 2, all 6 checked", h.peak, codes)
		}
	})

	t.Run("the request's context ends the wait", func(t *testing.T) {
		limits := limits
		limits.HashWait = time.Minute
		f := newFixture(t, limits)
		h := &countingHasher{gate: make(chan struct{})}
		f.mgr.SetHasher(h)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, _ = f.mgr.Login(f.ctx, "a@fosen.no", "feil", fmt.Sprintf("10.0.5.%d", i))
			}()
		}
		for h.peakNow() < 2 {
			time.Sleep(time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(f.ctx, 50*time.Millisecond)
		defer cancel()
		began := time.Now()
		_, _, err := f.mgr.Login(ctx, "b@fosen.no", "feil", "10.0.5.9")
		wantErr(t, err, domain.KindUnauthorized, "auth.busy")
		if _, ok := account.RetryAfter(err); !ok || time.Since(began) > 5*time.Second {
			t.Errorf("busy after %v, retry given %v", time.Since(began), ok)
		}
		close(h.gate)
		wg.Wait()
	})
}

func TestSessions(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	kari := f.user("kari@fosen.no")
	limits := account.DefaultLimits
	stored := func(s account.Session) bool {
		t.Helper()
		_, err := f.store.Session(f.ctx, s.TokenHash)
		if domain.KindOf(err) == domain.KindNotFound {
			return false
		}
		must(t, err)
		return true
	}

	t.Run("no token and unknown token", func(t *testing.T) {
		_, _, err := f.mgr.Authenticate(f.ctx, "")
		wantErr(t, err, domain.KindUnauthorized, "auth.login_required")
		_, _, err = f.mgr.Authenticate(f.ctx, "ukjent")
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
	})

	t.Run("use extends the session", func(t *testing.T) {
		token, s := f.login("kari@fosen.no", password)
		f.clock.Advance(30 * time.Second)
		_, same, err := f.mgr.Authenticate(f.ctx, token)
		must(t, err)
		if !same.LastSeenAt.Equal(s.LastSeenAt) || !same.ExpiresAt.Equal(s.ExpiresAt) {
			t.Errorf("session touched within a minute: %+v", same)
		}
		for range 3 { // 33 hours in all: more than the idle limit, less than the maximum
			f.clock.Advance(limits.SessionIdle - time.Hour)
			u, got, err := f.mgr.Authenticate(f.ctx, token)
			must(t, err)
			if u.ID != kari.ID || !got.LastSeenAt.Equal(f.clock.Now()) || !got.ExpiresAt.Equal(f.clock.Now().Add(limits.SessionIdle)) {
				t.Fatalf("after use: user %d, session %+v", u.ID, got)
			}
		}
		must(t, f.mgr.Logout(f.ctx, token))
	})

	t.Run("idle session ends", func(t *testing.T) {
		token, s := f.login("kari@fosen.no", password)
		f.clock.Advance(limits.SessionIdle)
		_, _, err := f.mgr.Authenticate(f.ctx, token)
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
		if stored(s) {
			t.Error("expired session still stored")
		}
	})

	t.Run("no session outlives the maximum", func(t *testing.T) {
		token, s := f.login("kari@fosen.no", password)
		for f.clock.Now().Add(limits.SessionIdle / 2).Before(s.CreatedAt.Add(limits.SessionMax)) {
			f.clock.Advance(limits.SessionIdle / 2)
			_, _, err := f.mgr.Authenticate(f.ctx, token)
			must(t, err)
		}
		f.clock.Advance(s.CreatedAt.Add(limits.SessionMax).Sub(f.clock.Now()))
		_, _, err := f.mgr.Authenticate(f.ctx, token)
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
		if stored(s) {
			t.Error("expired session still stored")
		}
	})

	t.Run("logout", func(t *testing.T) {
		token, _ := f.login("kari@fosen.no", password)
		other, _ := f.login("kari@fosen.no", password)
		must(t, f.mgr.Logout(f.ctx, token))
		_, _, err := f.mgr.Authenticate(f.ctx, token)
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
		if _, _, err := f.mgr.Authenticate(f.ctx, other); err != nil {
			t.Errorf("logout ended another session: %v", err)
		}
		must(t, f.mgr.Logout(f.ctx, ""))
		must(t, f.mgr.Logout(f.ctx, token))
	})

	t.Run("disabled user", func(t *testing.T) {
		token, _ := f.login("kari@fosen.no", password)
		u := kari
		u.Disabled = true
		must(t, f.store.UpdateUser(f.ctx, u))
		_, _, err := f.mgr.Authenticate(f.ctx, token)
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
	})
}

func TestResetPassword(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	kari := f.user("kari@fosen.no")
	coord := f.rawUser(f.collab, "koord@fosen.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.muni})
	other, err := f.db.Catalogue().CreateCollaboration(f.ctx, catalogue.Collaboration{Slug: "namdal", Name: "Namdal"})
	must(t, err)
	stranger := f.rawUser(other, "per@namdal.no")
	token, _ := f.login("kari@fosen.no", password)
	const fresh = "nytt og langt passord"

	wantErr(t, f.mgr.ResetPassword(f.ctx, coord.Principal(), kari.ID, fresh), domain.KindForbidden, "")
	wantErr(t, f.mgr.ResetPassword(f.ctx, domain.Principal{}, kari.ID, fresh), domain.KindForbidden, "")
	wantField(t, f.mgr.ResetPassword(f.ctx, f.lead, kari.ID, "kort"), "password", "auth.password_too_short")
	wantErr(t, f.mgr.ResetPassword(f.ctx, f.lead, stranger.ID, fresh), domain.KindNotFound, "")
	wantErr(t, f.mgr.ResetPassword(f.ctx, f.lead, kari.ID+1000, fresh), domain.KindNotFound, "")
	if _, _, err := f.mgr.Authenticate(f.ctx, token); err != nil {
		t.Fatalf("refused resets ended the session: %v", err)
	}

	must(t, f.mgr.ResetPassword(f.ctx, f.lead, kari.ID, fresh))
	_, _, err = f.mgr.Authenticate(f.ctx, token)
	wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
	_, _, err = f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
	wantErr(t, err, domain.KindUnauthorized, "auth.bad_credentials")
	f.login("kari@fosen.no", fresh)
}

func TestCreateUser(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	other, err := f.db.Catalogue().CreateCollaboration(f.ctx, catalogue.Collaboration{Slug: "namdal", Name: "Namdal"})
	must(t, err)
	foreign := []catalogue.Municipality{{Number: "5007", Name: "Namsos"}}
	must(t, f.db.Catalogue().SaveMunicipalities(f.ctx, other, foreign))

	created, err := f.mgr.CreateUser(f.ctx, f.lead, account.NewUser{Email: " Kari.Nordmann@Fosen.no ", Name: " Kari Nordmann ",
		Password: "æøåæøåæøåæ", Grants: []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: f.muni}, {Role: domain.RoleObserver}}})
	must(t, err)
	stored, err := f.store.UserByEmail(f.ctx, "kari.nordmann@fosen.no")
	must(t, err)
	if stored.ID != created.ID || stored.Name != "Kari Nordmann" || stored.Lang != "nb" || stored.CollaborationID != f.collab ||
		len(stored.Grants) != 2 || !stored.CreatedAt.Equal(start) || !account.CheckPassword(stored.PasswordHash, "æøåæøåæøåæ") {
		t.Errorf("stored user = %+v", stored)
	}

	valid := func(edit func(*account.NewUser)) account.NewUser {
		nu := account.NewUser{Email: "ny@fosen.no", Name: "Ny", Password: "langt nok passord"}
		edit(&nu)
		return nu
	}
	grants := func(g ...domain.Grant) func(*account.NewUser) { return func(nu *account.NewUser) { nu.Grants = g } }
	for _, tc := range []struct {
		name        string
		nu          account.NewUser
		field, code string
	}{
		{"e-mail without domain", valid(func(nu *account.NewUser) { nu.Email = "kari" }), "email", "auth.email_format"},
		{"e-mail with display name", valid(func(nu *account.NewUser) { nu.Email = "Kari <kari@fosen.no>" }), "email", "auth.email_format"},
		{"e-mail ending in @", valid(func(nu *account.NewUser) { nu.Email = "kari@" }), "email", "auth.email_format"},
		{"e-mail taken", valid(func(nu *account.NewUser) { nu.Email = "KARI.nordmann@fosen.no" }), "email", "auth.email_taken"},
		{"short password", valid(func(nu *account.NewUser) { nu.Password = "ni tegn!!" }), "password", "auth.password_too_short"},
		{"missing name", valid(func(nu *account.NewUser) { nu.Name = "  " }), "name", "field.required"},
		{"unknown language", valid(func(nu *account.NewUser) { nu.Lang = "sv" }), "lang", "field.one_of"},
		{"coordinator without municipality", valid(grants(domain.Grant{Role: domain.RoleCoordinator})), "roles", "auth.role_needs_municipality"},
		{"subject owner without municipality", valid(grants(domain.Grant{Role: domain.RoleSubjectOwner})), "roles", "auth.role_needs_municipality"},
		{"unknown municipality", valid(grants(domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.muni + 1000})),
			"roles", "catalogue.unknown_municipality"},
		{"another collaboration's municipality", valid(grants(domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: foreign[0].ID})),
			"roles", "catalogue.unknown_municipality"},
		{"programme lead of one municipality", valid(grants(domain.Grant{Role: domain.RoleProgrammeLead, MunicipalityID: f.muni})),
			"roles", "auth.role_collaboration_wide"},
		{"unknown role", valid(grants(domain.Grant{Role: "admin"})), "roles", "auth.unknown_role"},
		{"same grant twice", valid(grants(domain.Grant{Role: domain.RoleObserver}, domain.Grant{Role: domain.RoleObserver})),
			"roles", "auth.duplicate_role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.mgr.CreateUser(f.ctx, f.lead, tc.nu)
			wantField(t, err, tc.field, tc.code)
		})
	}

	t.Run("programme lead only", func(t *testing.T) {
		coord := f.rawUser(f.collab, "koord@fosen.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.muni})
		for _, p := range []domain.Principal{coord.Principal(), {}} {
			_, err := f.mgr.CreateUser(f.ctx, p, valid(func(*account.NewUser) {}))
			wantErr(t, err, domain.KindForbidden, "")
		}
	})

	users, err := f.store.Users(f.ctx, f.collab)
	must(t, err)
	if len(users) != 3 { // lead, Kari and the coordinator
		t.Errorf("%d users stored, want 3", len(users))
	}
}

func TestSetGrants(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	kari := f.rawUser(f.collab, "kari@fosen.no", domain.Grant{Role: domain.RoleObserver})
	other, err := f.db.Catalogue().CreateCollaboration(f.ctx, catalogue.Collaboration{Slug: "namdal", Name: "Namdal"})
	must(t, err)
	stranger := f.rawUser(other, "per@namdal.no")
	coord := []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: f.muni}}

	u, err := f.mgr.SetGrants(f.ctx, f.lead, kari.ID, coord)
	must(t, err)
	stored, err := f.store.User(f.ctx, kari.ID)
	must(t, err)
	if !slices.Equal(u.Grants, coord) || !slices.Equal(stored.Grants, coord) {
		t.Errorf("grants = %v, stored %v; want %v", u.Grants, stored.Grants, coord)
	}

	_, err = f.mgr.SetGrants(f.ctx, f.lead, f.lead.UserID, nil)
	wantField(t, err, "roles", "auth.own_roles")
	_, err = f.mgr.SetGrants(f.ctx, kari.Principal(), f.lead.UserID, nil)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.SetGrants(f.ctx, f.lead, stranger.ID, coord)
	wantErr(t, err, domain.KindNotFound, "")
	_, err = f.mgr.SetGrants(f.ctx, f.lead, kari.ID, []domain.Grant{{Role: domain.RoleLeadership}})
	wantField(t, err, "roles", "auth.role_needs_municipality")

	lead, err := f.store.User(f.ctx, f.lead.UserID)
	must(t, err)
	if !slices.Equal(lead.Grants, f.lead.Grants) {
		t.Errorf("lead's grants = %v", lead.Grants)
	}
	stored, err = f.store.User(f.ctx, kari.ID)
	must(t, err)
	if !slices.Equal(stored.Grants, coord) {
		t.Errorf("grants after refused changes = %v, want %v", stored.Grants, coord)
	}
}

func TestUsersNeedsInternalRole(t *testing.T) {
	f := newFixture(t, account.DefaultLimits)
	supplier := f.rawUser(f.collab, "lev@firma.no", domain.Grant{Role: domain.RoleSupplier})
	observer := f.rawUser(f.collab, "obs@fosen.no", domain.Grant{Role: domain.RoleObserver})
	_, err := f.mgr.Users(f.ctx, domain.Principal{})
	wantErr(t, err, domain.KindUnauthorized, "")
	_, err = f.mgr.Users(f.ctx, supplier.Principal())
	wantErr(t, err, domain.KindForbidden, "")
	users, err := f.mgr.Users(f.ctx, observer.Principal())
	must(t, err)
	if len(users) != 3 {
		t.Errorf("%d users, want 3", len(users))
	}
}

// capturingMailer keeps the links it was asked to send.
type capturingMailer struct {
	mu    sync.Mutex
	to    []string
	links []string
}

func (c *capturingMailer) SendPasswordReset(_ context.Context, to account.User, link string, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.to, c.links = append(c.to, to.Email), append(c.links, link)
	return nil
}

// lastToken is the token of the last link sent.
func (c *capturingMailer) lastToken(t *testing.T) string {
	t.Helper()
	if len(c.links) == 0 {
		t.Fatal("no reset link sent")
	}
	u, err := url.Parse(c.links[len(c.links)-1])
	must(t, err)
	if !strings.HasPrefix(c.links[len(c.links)-1], "https://tjenestevalg.example/password-reset/new?token=") {
		t.Errorf("link %q is not on the public address", c.links[len(c.links)-1])
	}
	return u.Query().Get("token")
}

// Issue 12, item 10: a user locked out by someone else's guessing gets in
// with a reset link.
func TestPasswordResetByLink(t *testing.T) {
	limits := account.DefaultLimits
	limits.MaxFailuresEmail = 6
	f := newFixture(t, limits)
	mailer := &capturingMailer{}
	f.mgr.SetResetDelivery(mailer, "https://tjenestevalg.example/")
	kari := f.user("kari@fosen.no")
	session, _ := f.login("kari@fosen.no", password)
	const fresh = "nytt og langt passord"

	// Guessing from three addresses locks Kari out everywhere.
	for _, addr := range []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"} {
		f.wrongLogins(2, "kari@fosen.no", addr)
	}
	_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
	wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")

	t.Run("request", func(t *testing.T) {
		wantField(t, f.mgr.RequestPasswordReset(f.ctx, "kari", "10.0.0.1"), "email", "auth.email_format")
		must(t, f.mgr.RequestPasswordReset(f.ctx, "ingen@fosen.no", "10.0.0.1")) // the same answer, nothing sent
		if len(mailer.links) != 0 {
			t.Fatalf("a link sent for an unknown e-mail: %v", mailer.to)
		}
		must(t, f.mgr.RequestPasswordReset(f.ctx, " Kari@Fosen.no", "10.0.0.1"))
		if len(mailer.to) != 1 || mailer.to[0] != "kari@fosen.no" {
			t.Fatalf("links sent to %v", mailer.to)
		}
	})

	t.Run("wrong, expired and valid tokens", func(t *testing.T) {
		token := mailer.lastToken(t)
		must(t, f.mgr.CheckPasswordReset(f.ctx, token))
		for _, bad := range []string{"", "ukjent", token + "x", strings.Repeat("a", 200)} {
			wantErr(t, f.mgr.CheckPasswordReset(f.ctx, bad), domain.KindNotFound, "auth.reset_invalid")
			wantErr(t, f.mgr.CompletePasswordReset(f.ctx, bad, fresh), domain.KindNotFound, "auth.reset_invalid")
		}
		f.clock.Advance(limits.ResetTTL)
		wantErr(t, f.mgr.CheckPasswordReset(f.ctx, token), domain.KindNotFound, "auth.reset_invalid")
		wantErr(t, f.mgr.CompletePasswordReset(f.ctx, token, fresh), domain.KindNotFound, "auth.reset_invalid")
	})

	t.Run("set a new password, once", func(t *testing.T) {
		// The expired link's window has passed, but the guesser goes on.
		for _, addr := range []string{"192.0.2.4", "192.0.2.5", "192.0.2.6"} {
			f.wrongLogins(2, "kari@fosen.no", addr)
		}
		_, _, err := f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
		wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
		must(t, f.mgr.RequestPasswordReset(f.ctx, "kari@fosen.no", "10.0.0.1"))
		token := mailer.lastToken(t)
		wantField(t, f.mgr.CompletePasswordReset(f.ctx, token, "kort"), "password", "auth.password_too_short")
		must(t, f.mgr.CompletePasswordReset(f.ctx, token, fresh))
		wantErr(t, f.mgr.CompletePasswordReset(f.ctx, token, fresh+"!"), domain.KindNotFound, "auth.reset_invalid")
		_, _, err = f.mgr.Authenticate(f.ctx, session)
		wantErr(t, err, domain.KindUnauthorized, "auth.session_expired")
		_, _, err = f.mgr.Login(f.ctx, "kari@fosen.no", password, "10.0.0.1")
		wantErr(t, err, domain.KindUnauthorized, "auth.bad_credentials") // checked, not locked: the failures were cleared
		_, s := f.login("kari@fosen.no", fresh)
		if s.UserID != kari.ID {
			t.Errorf("logged in as %d", s.UserID)
		}
	})

	t.Run("requests are limited per e-mail", func(t *testing.T) {
		for range limits.MaxResetRequests - 1 { // one was sent above within the hour
			must(t, f.mgr.RequestPasswordReset(f.ctx, "kari@fosen.no", "10.0.0.1"))
		}
		err := f.mgr.RequestPasswordReset(f.ctx, "kari@fosen.no", "10.0.0.2")
		wantErr(t, err, domain.KindUnauthorized, "auth.too_many_attempts")
		if len(mailer.links) != 2+limits.MaxResetRequests-1 {
			t.Errorf("%d links sent", len(mailer.links))
		}
	})

	t.Run("no link for a disabled user", func(t *testing.T) {
		off := f.user("av@fosen.no")
		must(t, f.mgr.RequestPasswordReset(f.ctx, "av@fosen.no", "10.0.0.1"))
		token := mailer.lastToken(t)
		off.Disabled = true
		must(t, f.store.UpdateUser(f.ctx, off))
		wantErr(t, f.mgr.CompletePasswordReset(f.ctx, token, fresh), domain.KindNotFound, "auth.reset_invalid")
		n := len(mailer.links)
		must(t, f.mgr.RequestPasswordReset(f.ctx, "av@fosen.no", "10.0.0.1"))
		if len(mailer.links) != n {
			t.Error("a link sent to a disabled user")
		}
	})
}
