package storetest

import (
	"reflect"
	"slices"
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
	t.Run("LoginFailures", func(t *testing.T) { testLoginFailures(t, open) })
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

func testLoginFailures(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	base := at(10, 12, 0, 0, 0)
	count := func(t *testing.T, key string, since time.Time) int {
		t.Helper()
		n, err := e.acc.LoginFailures(e.ctx, key, since)
		must(t, err)
		return n
	}
	for i := range 3 {
		must(t, e.acc.RecordLoginFailure(e.ctx, "email:kari@fosen.no", base.Add(time.Duration(i)*time.Minute)))
	}
	must(t, e.acc.RecordLoginFailure(e.ctx, "ip:10.0.0.1", base))

	for _, tc := range []struct {
		name  string
		key   string
		since time.Time
		want  int
	}{
		{"all since before the first", "email:kari@fosen.no", base.Add(-time.Hour), 3},
		{"since is inclusive", "email:kari@fosen.no", base.Add(time.Minute), 2},
		{"since after the last", "email:kari@fosen.no", base.Add(2*time.Minute + time.Microsecond), 0},
		{"other key", "ip:10.0.0.1", base.Add(-time.Hour), 1},
		{"unknown key", "email:ola@fosen.no", base.Add(-time.Hour), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := count(t, tc.key, tc.since); got != tc.want {
				t.Errorf("LoginFailures = %d, want %d", got, tc.want)
			}
		})
	}

	t.Run("clear", func(t *testing.T) {
		must(t, e.acc.ClearLoginFailures(e.ctx, "email:kari@fosen.no"))
		if got := count(t, "email:kari@fosen.no", base.Add(-time.Hour)); got != 0 {
			t.Errorf("after clear: %d failures", got)
		}
		if got := count(t, "ip:10.0.0.1", base.Add(-time.Hour)); got != 1 {
			t.Errorf("clear removed another key's failures: %d left", got)
		}
	})
}
