// Package account holds users, their roles, login and server-side sessions.
// Sessions live in the database so that several app servers can share them.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// User is a person who logs in.
type User struct {
	ID              domain.ID      `json:"id"`
	CollaborationID domain.ID      `json:"-"`
	Email           string         `json:"email"`
	Name            string         `json:"name"`
	Lang            string         `json:"lang"`
	PasswordHash    string         `json:"-"`
	Grants          []domain.Grant `json:"grants"`
	Disabled        bool           `json:"disabled"`
	CreatedAt       time.Time      `json:"created_at"`
}

// Principal is the user as the services see them.
func (u User) Principal() domain.Principal {
	return domain.Principal{UserID: u.ID, CollaborationID: u.CollaborationID, Name: u.Name, Grants: u.Grants}
}

// Session is a login. Only the token's hash is stored, so a leaked
// database does not hand out sessions.
type Session struct {
	TokenHash  string
	UserID     domain.ID
	CSRFToken  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// Store keeps users, sessions and failed logins. Not-found and duplicate
// e-mails are reported as the domain's error kinds.
type Store interface {
	// CreateUser stores the user with their grants, all or nothing.
	CreateUser(ctx context.Context, u User) (domain.ID, error)
	UpdateUser(ctx context.Context, u User) error
	SetGrants(ctx context.Context, user domain.ID, g []domain.Grant) error
	User(ctx context.Context, id domain.ID) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	Users(ctx context.Context, collab domain.ID) ([]User, error)

	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash string) (Session, error)
	TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, user domain.ID) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error
}

// Municipalities is what the account manager needs of the catalogue: to
// check that a municipality-scoped role names a municipality of the
// collaboration. The database satisfies it (a record reader: see package wiring).
type Municipalities interface {
	MunicipalityExists(ctx context.Context, collab, id domain.ID) error
}

// Limits are the login and session limits.
type Limits struct {
	SessionIdle      time.Duration // a session unused this long ends
	SessionMax       time.Duration // no session lives longer
	FailureWindow    time.Duration // failed logins are counted over this window
	MaxFailuresEmail int           // per e-mail address within the window
	MaxFailuresIP    int           // per client address within the window
}

// DefaultLimits are the limits used unless configured otherwise.
var DefaultLimits = Limits{
	SessionIdle:      12 * time.Hour,
	SessionMax:       7 * 24 * time.Hour,
	FailureWindow:    15 * time.Minute,
	MaxFailuresEmail: 5,
	MaxFailuresIP:    30,
}

// Manager owns the account rules: who may manage users, what a valid
// password and role are, and how login is limited.
type Manager struct {
	store  Store
	munis  Municipalities
	clock  domain.Clock
	limits Limits
}

// NewManager returns a Manager.
func NewManager(store Store, munis Municipalities, clock domain.Clock, limits Limits) *Manager {
	return &Manager{store: store, munis: munis, clock: clock, limits: limits}
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Langs are the UI languages a user may choose.
var Langs = []string{"nb", "en"}

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Login checks e-mail and password and opens a session, returning its
// token for the cookie. Repeated failures for one e-mail or one client
// address are refused for a while. Errors: unauthorized
// ("auth.bad_credentials", "auth.too_many_attempts"), internal.
func (m *Manager) Login(ctx context.Context, email, password, clientIP string) (string, Session, error) {
	now := m.clock.Now()
	email = normEmail(email)
	since := now.Add(-m.limits.FailureWindow)
	keys := []struct {
		key string
		max int
	}{{"email:" + email, m.limits.MaxFailuresEmail}, {"ip:" + clientIP, m.limits.MaxFailuresIP}}
	for _, k := range keys {
		n, err := m.store.LoginFailures(ctx, k.key, since)
		if err != nil {
			return "", Session{}, err
		}
		if n >= k.max {
			return "", Session{}, domain.Unauthorized("auth.too_many_attempts")
		}
	}
	u, err := m.store.UserByEmail(ctx, email)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return "", Session{}, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || err != nil || u.Disabled {
		for _, k := range keys {
			if ferr := m.store.RecordLoginFailure(ctx, k.key, now); ferr != nil {
				return "", Session{}, ferr
			}
		}
		return "", Session{}, domain.Unauthorized("auth.bad_credentials")
	}
	if err := m.store.ClearLoginFailures(ctx, keys[0].key); err != nil {
		return "", Session{}, err
	}
	token := newToken()
	s := Session{TokenHash: hashToken(token), UserID: u.ID, CSRFToken: newToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(m.limits.SessionIdle)}
	if err := m.store.CreateSession(ctx, s); err != nil {
		return "", Session{}, err
	}
	_ = m.store.DeleteExpiredSessions(ctx, now)
	return token, s, nil
}

// Authenticate returns the user behind a session token and extends the
// session. Errors: unauthorized ("auth.session_expired"), internal.
func (m *Manager) Authenticate(ctx context.Context, token string) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, domain.Unauthorized("auth.login_required")
	}
	now := m.clock.Now()
	s, err := m.store.Session(ctx, hashToken(token))
	if domain.KindOf(err) == domain.KindNotFound {
		return User{}, Session{}, domain.Unauthorized("auth.session_expired")
	}
	if err != nil {
		return User{}, Session{}, err
	}
	if !now.Before(s.ExpiresAt) || !now.Before(s.CreatedAt.Add(m.limits.SessionMax)) {
		_ = m.store.DeleteSession(ctx, s.TokenHash)
		return User{}, Session{}, domain.Unauthorized("auth.session_expired")
	}
	u, err := m.store.User(ctx, s.UserID)
	if err != nil {
		return User{}, Session{}, err
	}
	if u.Disabled {
		_ = m.store.DeleteSession(ctx, s.TokenHash)
		return User{}, Session{}, domain.Unauthorized("auth.session_expired")
	}
	// Write at most once a minute per session: reads stay reads.
	if now.Sub(s.LastSeenAt) > time.Minute {
		s.LastSeenAt, s.ExpiresAt = now, now.Add(m.limits.SessionIdle)
		if err := m.store.TouchSession(ctx, s.TokenHash, s.LastSeenAt, s.ExpiresAt); err != nil {
			return User{}, Session{}, err
		}
	}
	return u, s, nil
}

// Logout ends the session with this token.
func (m *Manager) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return m.store.DeleteSession(ctx, hashToken(token))
}

// NewUser is what it takes to create a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Lang     string
	Grants   []domain.Grant
}

func validatePassword(pw string) *domain.FieldError {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		f := domain.Field("password", "auth.password_too_short", MinPasswordLength)
		return &f
	}
	if len(pw) > 1024 {
		f := domain.Field("password", "field.too_long", 1024)
		return &f
	}
	return nil
}

func (m *Manager) validateGrants(ctx context.Context, collab domain.ID, grants []domain.Grant) []domain.FieldError {
	var fe []domain.FieldError
	for i, g := range grants {
		switch {
		case !g.Role.Valid():
			fe = append(fe, domain.Field("roles", "auth.unknown_role", string(g.Role)))
		case g.Role == domain.RoleProgrammeLead && g.MunicipalityID != 0:
			fe = append(fe, domain.Field("roles", "auth.role_collaboration_wide", string(g.Role)))
		case g.Role.MunicipalityScoped() && g.MunicipalityID == 0:
			fe = append(fe, domain.Field("roles", "auth.role_needs_municipality", string(g.Role)))
		case g.MunicipalityID != 0 && m.munis.MunicipalityExists(ctx, collab, g.MunicipalityID) != nil:
			fe = append(fe, domain.Field("roles", "catalogue.unknown_municipality"))
		case slices.Contains(grants[:i], g):
			fe = append(fe, domain.Field("roles", "auth.duplicate_role", string(g.Role)))
		}
	}
	return fe
}

// CreateUser adds a user to p's collaboration: the programme lead only.
// Errors: forbidden, invalid (fields), conflict (e-mail taken).
func (m *Manager) CreateUser(ctx context.Context, p domain.Principal, nu NewUser) (User, error) {
	if !p.IsProgrammeLead() {
		return User{}, domain.Forbidden("auth.forbidden")
	}
	u := User{CollaborationID: p.CollaborationID, Email: normEmail(nu.Email), Name: strings.TrimSpace(nu.Name),
		Lang: nu.Lang, Grants: nu.Grants, CreatedAt: m.clock.Now()}
	if u.Lang == "" {
		u.Lang = "nb"
	}
	var fe []domain.FieldError
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		fe = append(fe, domain.Field("email", "auth.email_format"))
	}
	if u.Name == "" {
		fe = append(fe, domain.Field("name", "field.required"))
	} else if len(u.Name) > 200 {
		fe = append(fe, domain.Field("name", "field.too_long", 200))
	}
	if !slices.Contains(Langs, u.Lang) {
		fe = append(fe, domain.Field("lang", "field.one_of", "nb, en"))
	}
	if f := validatePassword(nu.Password); f != nil {
		fe = append(fe, *f)
	}
	fe = append(fe, m.validateGrants(ctx, p.CollaborationID, u.Grants)...)
	if len(fe) > 0 {
		return User{}, domain.Invalid("error.invalid_fields", fe...)
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return User{}, domain.Internal(err)
	}
	u.PasswordHash = hash
	id, err := m.store.CreateUser(ctx, u)
	if domain.KindOf(err) == domain.KindConflict {
		return User{}, domain.Invalid("error.invalid_fields", domain.Field("email", "auth.email_taken"))
	}
	if err != nil {
		return User{}, err
	}
	u.ID = id
	return u, nil
}

func (m *Manager) userInCollaboration(ctx context.Context, p domain.Principal, id domain.ID) (User, error) {
	u, err := m.store.User(ctx, id)
	if err != nil {
		return User{}, err
	}
	if u.CollaborationID != p.CollaborationID {
		return User{}, domain.NotFound("auth.user_not_found")
	}
	return u, nil
}

// SetGrants replaces a user's roles: the programme lead only, and never
// their own (so a collaboration cannot lose its last programme lead by
// accident). Errors: forbidden, not found, invalid.
func (m *Manager) SetGrants(ctx context.Context, p domain.Principal, id domain.ID, grants []domain.Grant) (User, error) {
	if !p.IsProgrammeLead() {
		return User{}, domain.Forbidden("auth.forbidden")
	}
	if id == p.UserID {
		return User{}, domain.Invalid("error.invalid_fields", domain.Field("roles", "auth.own_roles"))
	}
	u, err := m.userInCollaboration(ctx, p, id)
	if err != nil {
		return User{}, err
	}
	if fe := m.validateGrants(ctx, p.CollaborationID, grants); len(fe) > 0 {
		return User{}, domain.Invalid("error.invalid_fields", fe...)
	}
	if err := m.store.SetGrants(ctx, id, grants); err != nil {
		return User{}, err
	}
	u.Grants = grants
	return u, nil
}

// ResetPassword sets a new password for a user and ends their sessions:
// the programme lead only. Errors: forbidden, not found, invalid.
func (m *Manager) ResetPassword(ctx context.Context, p domain.Principal, id domain.ID, password string) error {
	if !p.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	u, err := m.userInCollaboration(ctx, p, id)
	if err != nil {
		return err
	}
	if f := validatePassword(password); f != nil {
		return domain.Invalid("error.invalid_fields", *f)
	}
	if u.PasswordHash, err = HashPassword(password); err != nil {
		return domain.Internal(err)
	}
	if err := m.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return m.store.DeleteUserSessions(ctx, id)
}

// SetLang stores the user's language choice. Errors: invalid.
func (m *Manager) SetLang(ctx context.Context, p domain.Principal, lang string) error {
	if !slices.Contains(Langs, lang) {
		return domain.Invalid("error.invalid_fields", domain.Field("lang", "field.one_of", "nb, en"))
	}
	if p.UserID == 0 {
		return nil
	}
	u, err := m.store.User(ctx, p.UserID)
	if err != nil {
		return err
	}
	u.Lang = lang
	return m.store.UpdateUser(ctx, u)
}

// Users lists the users of p's collaboration (for assigning work and for
// administration). Errors: unauthorized, forbidden.
func (m *Manager) Users(ctx context.Context, p domain.Principal) ([]User, error) {
	if !p.Authenticated() {
		return nil, domain.Unauthorized("auth.login_required")
	}
	if !p.Internal() {
		return nil, domain.Forbidden("auth.forbidden")
	}
	return m.store.Users(ctx, p.CollaborationID)
}

// UserByEmail finds a user of p's collaboration, for the command line.
// Errors: forbidden, not found.
func (m *Manager) UserByEmail(ctx context.Context, p domain.Principal, email string) (User, error) {
	if !p.IsProgrammeLead() {
		return User{}, domain.Forbidden("auth.forbidden")
	}
	u, err := m.store.UserByEmail(ctx, normEmail(email))
	if err != nil {
		return User{}, err
	}
	if u.CollaborationID != p.CollaborationID {
		return User{}, domain.NotFound("auth.user_not_found")
	}
	return u, nil
}
