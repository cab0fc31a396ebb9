package storetest

import (
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testAccounts(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Grants", func(t *testing.T) { testGrants(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("LoginThrottle", func(t *testing.T) { testLoginThrottle(t, open) })
	t.Run("PasswordResets", func(t *testing.T) { testPasswordResets(t, open) })
}

// sameUser compares every stored field of a user.
func sameUser(t *testing.T, got, want account.User) {
	t.Helper()
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	got.CreatedAt, want.CreatedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("user\n got %+v\nwant %+v", got, want)
	}
}

func testUsers(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab := e.collab("fosen")
	want := account.User{CollaborationID: collab, Email: "åse.østby@fosen.no", Name: "Åse Østby", Lang: "en",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Disabled: true,
		CreatedAt: time.Date(2025, 2, 3, 4, 5, 6, 789012000, time.FixedZone("CET", 3600))}
	id, err := e.acc.CreateUser(e.ctx, want)
	must(t, err)
	if id == 0 {
		t.Fatal("CreateUser returned ID 0")
	}
	want.ID = id

	got, err := e.acc.User(e.ctx, id)
	must(t, err)
	sameUser(t, got, want)
	got, err = e.acc.UserByEmail(e.ctx, want.Email)
	must(t, err)
	sameUser(t, got, want)

	t.Run("UpdateUser", func(t *testing.T) {
		upd := want
		upd.Name, upd.Lang, upd.PasswordHash, upd.Disabled, upd.Email = "Åse Berg", "nb", "$argon2id$ny", false, "ase.berg@fosen.no"
		must(t, e.acc.UpdateUser(e.ctx, upd))
		got, err := e.acc.User(e.ctx, id)
		must(t, err)
		sameUser(t, got, upd)
		want = upd
		missing := upd
		missing.ID += 1000
		wantKind(t, e.acc.UpdateUser(e.ctx, missing), domain.KindNotFound)
	})

	for _, tc := range []struct {
		name string
		err  func() error
		want domain.Kind
	}{
		{"duplicate e-mail", func() error {
			_, err := e.acc.CreateUser(e.ctx, account.User{CollaborationID: collab, Email: want.Email, Name: "Kopi",
				Lang: "nb", PasswordHash: "x", CreatedAt: at(1, 0, 0, 0, 0)})
			return err
		}, domain.KindConflict},
		{"e-mail taken by update", func() error {
			other := e.user(collab, "annen@fosen.no")
			other.Email = want.Email
			return e.acc.UpdateUser(e.ctx, other)
		}, domain.KindConflict},
		{"unknown id", func() error { _, err := e.acc.User(e.ctx, id+1000); return err }, domain.KindNotFound},
		{"unknown e-mail", func() error { _, err := e.acc.UserByEmail(e.ctx, "ingen@fosen.no"); return err }, domain.KindNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { wantKind(t, tc.err(), tc.want) })
	}
}

func testGrants(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab, other := e.collab("fosen"), e.collab("namdal")
	m1, m2 := e.municipality(collab, "5001", "A"), e.municipality(collab, "5002", "B")
	kari, ola := e.user(collab, "kari@fosen.no"), e.user(collab, "ola@fosen.no")
	e.user(other, "per@namdal.no")

	// wantGrants compares grants in any order.
	wantGrants := func(t *testing.T, got, want []domain.Grant) {
		t.Helper()
		key := func(g domain.Grant) string { return string(g.Role) + "/" + optString(&g.MunicipalityID) }
		sortKeys := func(list []domain.Grant) []string {
			var out []string
			for _, g := range list {
				out = append(out, key(g))
			}
			slices.Sort(out)
			return out
		}
		if g, w := sortKeys(got), sortKeys(want); !slices.Equal(g, w) {
			t.Errorf("grants = %v, want %v", g, w)
		}
	}
	grantsOf := func(t *testing.T, id domain.ID) []domain.Grant {
		t.Helper()
		u, err := e.acc.User(e.ctx, id)
		must(t, err)
		return u.Grants
	}

	for _, tc := range []struct {
		name   string
		grants []domain.Grant
	}{
		{"collaboration-wide", []domain.Grant{{Role: domain.RoleProgrammeLead}}},
		{"municipalities and wide", []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: m1.ID},
			{Role: domain.RoleSubjectOwner, MunicipalityID: m1.ID}, {Role: domain.RoleSubjectOwner, MunicipalityID: m2.ID},
			{Role: domain.RoleObserver}}},
		{"replaced by one", []domain.Grant{{Role: domain.RoleLeadership, MunicipalityID: m2.ID}}},
		{"none", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			must(t, e.acc.SetGrants(e.ctx, kari.ID, tc.grants))
			wantGrants(t, grantsOf(t, kari.ID), tc.grants)
		})
	}

	t.Run("duplicate grant", func(t *testing.T) {
		before := []domain.Grant{{Role: domain.RoleObserver}}
		must(t, e.acc.SetGrants(e.ctx, kari.ID, before))
		dup := []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: m1.ID}, {Role: domain.RoleCoordinator, MunicipalityID: m1.ID}}
		wantKind(t, e.acc.SetGrants(e.ctx, kari.ID, dup), domain.KindConflict)
		wantGrants(t, grantsOf(t, kari.ID), before) // all or nothing
		dupWide := []domain.Grant{{Role: domain.RoleObserver}, {Role: domain.RoleObserver}}
		wantKind(t, e.acc.SetGrants(e.ctx, kari.ID, dupWide), domain.KindConflict)
	})

	t.Run("Users lists the collaboration with grants", func(t *testing.T) {
		must(t, e.acc.SetGrants(e.ctx, kari.ID, []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: m2.ID}}))
		must(t, e.acc.SetGrants(e.ctx, ola.ID, []domain.Grant{{Role: domain.RoleProgrammeLead}, {Role: domain.RoleObserver}}))
		users, err := e.acc.Users(e.ctx, collab)
		must(t, err)
		var emails []string
		for _, u := range users {
			emails = append(emails, u.Email)
			if u.CollaborationID != collab {
				t.Errorf("user %s of collaboration %d", u.Email, u.CollaborationID)
			}
		}
		if !slices.Equal(emails, []string{"kari@fosen.no", "ola@fosen.no"}) { // by name
			t.Fatalf("Users = %v", emails)
		}
		wantGrants(t, users[0].Grants, []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: m2.ID}})
		wantGrants(t, users[1].Grants, []domain.Grant{{Role: domain.RoleProgrammeLead}, {Role: domain.RoleObserver}})
	})
}

func testSessions(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab := e.collab("fosen")
	kari, ola := e.user(collab, "kari@fosen.no"), e.user(collab, "ola@fosen.no")
	start := at(10, 9, 0, 0, 123456)
	session := func(token string, user domain.ID, expires time.Time) account.Session {
		return account.Session{TokenHash: token, UserID: user, CSRFToken: "csrf-" + token, CreatedAt: start,
			LastSeenAt: start, ExpiresAt: expires}
	}
	sameSession := func(t *testing.T, got, want account.Session) {
		t.Helper()
		sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
		sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
		sameTime(t, "LastSeenAt", got.LastSeenAt, want.LastSeenAt)
		if got.TokenHash != want.TokenHash || got.UserID != want.UserID || got.CSRFToken != want.CSRFToken {
			t.Errorf("session = %+v, want %+v", got, want)
		}
	}
	exists := func(t *testing.T, token string) bool {
		t.Helper()
		_, err := e.acc.Session(e.ctx, token)
		if domain.KindOf(err) == domain.KindNotFound {
			return false
		}
		must(t, err)
		return true
	}

	a := session("a", kari.ID, start.Add(time.Hour))
	must(t, e.acc.CreateSession(e.ctx, a))
	got, err := e.acc.Session(e.ctx, "a")
	must(t, err)
	sameSession(t, got, a)

	t.Run("duplicate token", func(t *testing.T) {
		wantKind(t, e.acc.CreateSession(e.ctx, a), domain.KindConflict)
	})
	t.Run("unknown token", func(t *testing.T) {
		_, err := e.acc.Session(e.ctx, "ukjent")
		wantKind(t, err, domain.KindNotFound)
	})
	t.Run("touch", func(t *testing.T) {
		seen, expires := start.Add(30*time.Minute), start.Add(13*time.Hour)
		must(t, e.acc.TouchSession(e.ctx, "a", seen, expires))
		got, err := e.acc.Session(e.ctx, "a")
		must(t, err)
		a.LastSeenAt, a.ExpiresAt = seen, expires
		sameSession(t, got, a)
	})
	t.Run("delete", func(t *testing.T) {
		must(t, e.acc.CreateSession(e.ctx, session("d", kari.ID, start.Add(time.Hour))))
		must(t, e.acc.DeleteSession(e.ctx, "d"))
		if exists(t, "d") {
			t.Error("deleted session still there")
		}
		must(t, e.acc.DeleteSession(e.ctx, "d")) // deleting twice is fine
		if !exists(t, "a") {
			t.Error("DeleteSession removed another session")
		}
	})
	t.Run("delete by user", func(t *testing.T) {
		for _, s := range []account.Session{session("k1", kari.ID, start.Add(time.Hour)), session("k2", kari.ID, start.Add(time.Hour)),
			session("o1", ola.ID, start.Add(time.Hour))} {
			must(t, e.acc.CreateSession(e.ctx, s))
		}
		must(t, e.acc.DeleteUserSessions(e.ctx, kari.ID))
		for token, want := range map[string]bool{"a": false, "k1": false, "k2": false, "o1": true} {
			if got := exists(t, token); got != want {
				t.Errorf("session %s exists = %v, want %v", token, got, want)
			}
		}
	})
	t.Run("delete expired", func(t *testing.T) {
		now := start.Add(10 * time.Hour)
		for _, s := range []account.Session{
			session("expired", ola.ID, now.Add(-time.Microsecond)),
			session("expires-now", ola.ID, now),
			session("later", ola.ID, now.Add(time.Microsecond)),
			session("much-later", ola.ID, now.Add(24*time.Hour)),
		} {
			must(t, e.acc.CreateSession(e.ctx, s))
		}
		must(t, e.acc.DeleteExpiredSessions(e.ctx, now))
		for token, want := range map[string]bool{"expired": false, "expires-now": true, "later": true, "much-later": true, "o1": false} {
			if got := exists(t, token); got != want {
				t.Errorf("session %s exists = %v, want %v", token, got, want)
			}
		}
	})
}

func testLoginThrottle(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	base := at(10, 12, 0, 0, 0)
	reserve := func(t *testing.T, key string, now time.Time, rule account.ThrottleRule) (bool, time.Time) {
		t.Helper()
		ok, retry, err := e.acc.ReserveLoginAttempt(e.ctx, key, "kari@fosen.no", now, rule)
		must(t, err)
		return ok, retry
	}
	count := func(t *testing.T, key string) account.ThrottleCount {
		t.Helper()
		c, err := e.acc.LoginAttempts(e.ctx, key)
		must(t, err)
		return c
	}

	// The point of the reservation: attempts arriving together never pass
	// the limit, whichever database.
	for _, tc := range []struct {
		name string
		rule account.ThrottleRule
		want int
	}{
		{"concurrent reservations under a ceiling", account.ThrottleRule{Window: time.Hour, Ceiling: 7}, 7},
		{"concurrent reservations under a delay", account.ThrottleRule{Window: time.Hour, Free: 5, MaxDelay: time.Minute}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "race:" + tc.name
			var wg sync.WaitGroup
			var granted atomic.Int32
			errs := make(chan error, 40)
			for range 40 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, _, err := e.acc.ReserveLoginAttempt(e.ctx, key, "", base, tc.rule)
					if err != nil {
						errs <- err
					}
					if ok {
						granted.Add(1)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if got := int(granted.Load()); got != tc.want {
				t.Errorf("%d of 40 concurrent reservations granted, want %d", got, tc.want)
			}
			if c := count(t, key); c.Attempts != tc.want {
				t.Errorf("stored attempts = %d, want %d", c.Attempts, tc.want)
			}
		})
	}

	t.Run("ceiling, window and release", func(t *testing.T) {
		rule := account.ThrottleRule{Window: 15 * time.Minute, Ceiling: 2}
		for i := range 2 {
			if ok, _ := reserve(t, "ip:10.0.0.1", base.Add(time.Duration(i)*time.Minute), rule); !ok {
				t.Fatalf("reservation %d refused", i+1)
			}
		}
		ok, retry := reserve(t, "ip:10.0.0.1", base.Add(2*time.Minute), rule)
		if ok || !retry.Equal(base.Add(15*time.Minute)) {
			t.Errorf("over the ceiling: ok %v, retry at %v; want refused until %v", ok, retry, base.Add(15*time.Minute))
		}
		must(t, e.acc.ReleaseLoginAttempt(e.ctx, "ip:10.0.0.1"))
		if ok, _ := reserve(t, "ip:10.0.0.1", base.Add(3*time.Minute), rule); !ok {
			t.Error("a released attempt is not given back")
		}
		c := count(t, "ip:10.0.0.1")
		if c.Attempts != 2 {
			t.Errorf("attempts = %d, want 2", c.Attempts)
		}
		sameTime(t, "window end", c.Until, base.Add(15*time.Minute))
		if ok, _ := reserve(t, "ip:10.0.0.1", base.Add(15*time.Minute), rule); !ok {
			t.Error("refused after the window ended")
		}
		if c := count(t, "ip:10.0.0.1"); c.Attempts != 1 {
			t.Errorf("attempts in the new window = %d, want 1", c.Attempts)
		}
	})

	t.Run("delay", func(t *testing.T) {
		rule := account.ThrottleRule{Window: 24 * time.Hour, Free: 2, MaxDelay: 5 * time.Second}
		now := base
		for i := range 2 {
			if ok, _ := reserve(t, "pair:a", now, rule); !ok {
				t.Fatalf("free attempt %d refused", i+1)
			}
		}
		for _, wait := range []time.Duration{2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second} {
			ok, retry := reserve(t, "pair:a", now.Add(wait-time.Millisecond), rule)
			if ok || !retry.Equal(now.Add(wait)) {
				t.Fatalf("before the %v wait: ok %v, retry at %v", wait, ok, retry)
			}
			now = now.Add(wait)
			if ok, _ := reserve(t, "pair:a", now, rule); !ok {
				t.Fatalf("refused after the %v wait", wait)
			}
		}
	})

	t.Run("clear by key and by e-mail", func(t *testing.T) {
		rule := account.ThrottleRule{Window: time.Hour, Ceiling: 10}
		for _, k := range []struct{ key, email string }{{"email:kari@fosen.no", "kari@fosen.no"},
			{"pair:10.0.0.1 kari@fosen.no", "kari@fosen.no"}, {"pair:10.0.0.1 ola@fosen.no", "ola@fosen.no"}, {"ip:10.0.0.9", ""}} {
			_, _, err := e.acc.ReserveLoginAttempt(e.ctx, k.key, k.email, base, rule)
			must(t, err)
		}
		must(t, e.acc.ClearLoginAttempts(e.ctx, "ip:10.0.0.9"))
		must(t, e.acc.ClearEmailLoginAttempts(e.ctx, "kari@fosen.no"))
		for key, want := range map[string]int{"email:kari@fosen.no": 0, "pair:10.0.0.1 kari@fosen.no": 0,
			"pair:10.0.0.1 ola@fosen.no": 1, "ip:10.0.0.9": 0} {
			if got := count(t, key).Attempts; got != want {
				t.Errorf("%s: %d attempts, want %d", key, got, want)
			}
		}
		must(t, e.acc.ClearEmailLoginAttempts(e.ctx, "")) // no e-mail: clears nothing
		if got := count(t, "pair:10.0.0.1 ola@fosen.no").Attempts; got != 1 {
			t.Errorf("clearing no e-mail cleared %s", "ola")
		}
	})
}

func testPasswordResets(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab := e.collab("fosen")
	kari := e.user(collab, "kari@fosen.no")
	base := at(10, 12, 0, 0, 0)
	r := account.PasswordReset{TokenHash: "h1", UserID: kari.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	must(t, e.acc.CreatePasswordReset(e.ctx, r))
	must(t, e.acc.CreatePasswordReset(e.ctx, account.PasswordReset{TokenHash: "h2", UserID: kari.ID, CreatedAt: base,
		ExpiresAt: base.Add(time.Hour)}))
	wantKind(t, e.acc.CreatePasswordReset(e.ctx, r), domain.KindConflict)
	got, err := e.acc.PasswordReset(e.ctx, "h1")
	must(t, err)
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	sameTime(t, "ExpiresAt", got.ExpiresAt, base.Add(time.Hour))
	if got.UserID != kari.ID || got.UsedAt != nil {
		t.Errorf("reset = %+v", got)
	}
	_, err = e.acc.PasswordReset(e.ctx, "unknown")
	wantKind(t, err, domain.KindNotFound)
	must(t, e.acc.CreateSession(e.ctx, account.Session{TokenHash: "s", UserID: kari.ID, CSRFToken: "c", CreatedAt: base,
		LastSeenAt: base, ExpiresAt: base.Add(time.Hour)}))

	wantKind(t, e.acc.UsePasswordReset(e.ctx, "h1", base.Add(time.Hour), "$new"), domain.KindNotFound) // expired
	must(t, e.acc.UsePasswordReset(e.ctx, "h1", base.Add(time.Minute), "$new"))
	wantKind(t, e.acc.UsePasswordReset(e.ctx, "h1", base.Add(2*time.Minute), "$newer"), domain.KindNotFound) // used
	wantKind(t, e.acc.UsePasswordReset(e.ctx, "h2", base.Add(2*time.Minute), "$newer"), domain.KindNotFound) // used up with it
	u, err := e.acc.User(e.ctx, kari.ID)
	must(t, err)
	if u.PasswordHash != "$new" {
		t.Errorf("password hash = %q, want $new", u.PasswordHash)
	}
	got, err = e.acc.PasswordReset(e.ctx, "h1")
	must(t, err)
	if got.UsedAt == nil {
		t.Error("used reset has no UsedAt")
	} else {
		sameTime(t, "UsedAt", *got.UsedAt, base.Add(time.Minute))
	}
	_, err = e.acc.Session(e.ctx, "s")
	wantKind(t, err, domain.KindNotFound)

	// Resets long expired are forgotten when a new one is made.
	later := base.Add(26 * time.Hour)
	must(t, e.acc.CreatePasswordReset(e.ctx, account.PasswordReset{TokenHash: "h3", UserID: kari.ID, CreatedAt: later,
		ExpiresAt: later.Add(time.Hour)}))
	_, err = e.acc.PasswordReset(e.ctx, "h1")
	wantKind(t, err, domain.KindNotFound)
	_, err = e.acc.PasswordReset(e.ctx, "h3")
	must(t, err)
}
