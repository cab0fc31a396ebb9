// Package account holds users, their roles, login and server-side sessions.
// Sessions live in the database so that several app servers can share them.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
	"net/mail"
	"runtime"
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

	// ReserveLoginAttempt counts an attempt for key under rule at now, in
	// one atomic step, so that attempts arriving together never pass the
	// rule's limit: it reports ok and stores the count with the attempt
	// added, or, when rule refuses, reports when to try again and stores
	// nothing. email names the e-mail the key belongs to ("" for none), for
	// ClearEmailLoginAttempts.
	ReserveLoginAttempt(ctx context.Context, key, email string, now time.Time, rule ThrottleRule) (ok bool, retryAt time.Time, err error)
	// ReleaseLoginAttempt gives one reserved attempt back (never below zero).
	ReleaseLoginAttempt(ctx context.Context, key string) error
	// LoginAttempts is the key's stored count, zero when there is none.
	LoginAttempts(ctx context.Context, key string) (ThrottleCount, error)
	ClearLoginAttempts(ctx context.Context, key string) error
	// ClearEmailLoginAttempts forgets every key of the e-mail.
	ClearEmailLoginAttempts(ctx context.Context, email string) error

	CreatePasswordReset(ctx context.Context, r PasswordReset) error
	// PasswordReset finds a reset by its token's hash. Errors: not found.
	PasswordReset(ctx context.Context, tokenHash string) (PasswordReset, error)
	// UsePasswordReset, all or nothing: marks the reset used if it is
	// unused and unexpired at now, stores the user's new password hash and
	// ends the user's sessions. Errors: not found ("auth.reset_invalid")
	// when the reset is unknown, used or expired.
	UsePasswordReset(ctx context.Context, tokenHash string, now time.Time, passwordHash string) error
}

// Municipalities is what the account manager needs of the catalogue: to
// check that a municipality-scoped role names a municipality of the
// collaboration. The database satisfies it (a record reader: see package wiring).
type Municipalities interface {
	MunicipalityExists(ctx context.Context, collab, id domain.ID) error
}

// Limits are the login and session limits. See throttle.go for how the
// login limits work together and why.
type Limits struct {
	SessionIdle   time.Duration // a session unused this long ends
	SessionMax    time.Duration // no session lives longer
	FailureWindow time.Duration // the e-mail and address ceilings count over this window
	// MaxFailuresEmail is the ceiling per e-mail over all addresses, a
	// backstop against guessing from many addresses.
	MaxFailuresEmail int
	// MaxFailuresIP is the ceiling per client address: high, because a
	// municipality's staff may all come from one address.
	MaxFailuresIP int
	// PairFree is how many failures an (e-mail, address) pair has before
	// each further attempt must wait; the wait doubles from 2 s up to
	// PairMaxDelay. A pair's count is forgotten PairWindow after its first
	// failure.
	PairFree     int
	PairMaxDelay time.Duration
	PairWindow   time.Duration
	// MaxHashes bounds the password hashes running at once (each takes
	// 19 MiB); an attempt waits up to HashWait for a turn, then is told
	// to come back.
	MaxHashes int
	HashWait  time.Duration
	// ResetTTL is how long a password reset link works, and
	// MaxResetRequests how many links one e-mail may be sent within it.
	ResetTTL         time.Duration
	MaxResetRequests int
}

// DefaultLimits are the limits used unless configured otherwise.
var DefaultLimits = Limits{
	SessionIdle:      12 * time.Hour,
	SessionMax:       7 * 24 * time.Hour,
	FailureWindow:    15 * time.Minute,
	MaxFailuresEmail: 30,
	MaxFailuresIP:    100,
	PairFree:         5,
	PairMaxDelay:     15 * time.Minute,
	PairWindow:       24 * time.Hour,
	MaxHashes:        defaultMaxHashes(),
	HashWait:         2 * time.Second,
	ResetTTL:         time.Hour,
	MaxResetRequests: 3,
}

// defaultMaxHashes is one hash per CPU, at least 2 and at most 4: enough
// to keep the CPUs busy, little enough that a burst of logins cannot take
// the memory.
func defaultMaxHashes() int { return min(max(runtime.NumCPU(), 2), 4) }

// Manager owns the account rules: who may manage users, what a valid
// password and role are, and how login is limited.
type Manager struct {
	store  Store
	munis  Municipalities
	clock  domain.Clock
	limits Limits
	hasher Hasher
	slots  chan struct{} // one token per password hash running
	mailer Mailer
	link   func(token string) string
}

// NewManager returns a Manager that hashes with argon2id, and sends reset
// links to the log (see SetResetDelivery). Limits left zero take their
// default.
func NewManager(store Store, munis Municipalities, clock domain.Clock, limits Limits) *Manager {
	d := DefaultLimits
	for _, f := range []struct{ dst, def *time.Duration }{{&limits.SessionIdle, &d.SessionIdle}, {&limits.SessionMax, &d.SessionMax},
		{&limits.FailureWindow, &d.FailureWindow}, {&limits.PairMaxDelay, &d.PairMaxDelay}, {&limits.PairWindow, &d.PairWindow},
		{&limits.HashWait, &d.HashWait}, {&limits.ResetTTL, &d.ResetTTL}} {
		if *f.dst <= 0 {
			*f.dst = *f.def
		}
	}
	for _, f := range []struct{ dst, def *int }{{&limits.MaxFailuresEmail, &d.MaxFailuresEmail}, {&limits.MaxFailuresIP, &d.MaxFailuresIP},
		{&limits.PairFree, &d.PairFree}, {&limits.MaxHashes, &d.MaxHashes}, {&limits.MaxResetRequests, &d.MaxResetRequests}} {
		if *f.dst <= 0 {
			*f.dst = *f.def
		}
	}
	return &Manager{store: store, munis: munis, clock: clock, limits: limits, hasher: Argon2id{},
		slots: make(chan struct{}, limits.MaxHashes), mailer: LogMailer{}, link: resetLink("")}
}

// SetHasher replaces the password hasher (tests count the hashes with it).
func (m *Manager) SetHasher(h Hasher) { m.hasher = h }

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

// maxKeyEmail is the longest e-mail a throttle key holds: longer input
// cannot be anyone's address, and must not fill the table.
const maxKeyEmail = 320

type throttleKey struct {
	key, email string
	rule       ThrottleRule
}

// loginKeys are the counters a login attempt passes, the ceilings first
// and the pair last: a pair reservation moves its delay on, so it is
// taken only when the others have let the attempt through.
func (m *Manager) loginKeys(email, clientIP string) []throttleKey {
	if len(email) > maxKeyEmail {
		email = email[:maxKeyEmail]
	}
	l := m.limits
	return []throttleKey{
		{"ip:" + clientIP, "", ThrottleRule{Window: l.FailureWindow, Ceiling: l.MaxFailuresIP}},
		{"email:" + email, email, ThrottleRule{Window: l.FailureWindow, Ceiling: l.MaxFailuresEmail}},
		{"pair:" + clientIP + " " + email, email, ThrottleRule{Window: l.PairWindow, Free: l.PairFree, MaxDelay: l.PairMaxDelay}},
	}
}

// reserve takes an attempt on every key, or on none: a refusal gives back
// what it had taken. Errors: unauthorized ("auth.too_many_attempts", with
// the seconds to wait), internal.
func (m *Manager) reserve(ctx context.Context, keys []throttleKey, now time.Time) error {
	for i, k := range keys {
		ok, retryAt, err := m.store.ReserveLoginAttempt(ctx, k.key, k.email, now, k.rule)
		if err == nil && !ok {
			err = tooMany("auth.too_many_attempts", retryAt.Sub(now))
		}
		if err != nil {
			m.release(ctx, keys[:i])
			return err
		}
	}
	return nil
}

// release gives the attempts back, also when the request was cancelled.
func (m *Manager) release(ctx context.Context, keys []throttleKey) {
	ctx = context.WithoutCancel(ctx)
	for _, k := range keys {
		_ = m.store.ReleaseLoginAttempt(ctx, k.key)
	}
}

// Login checks e-mail and password and opens a session, returning its
// token for the cookie. The attempt is counted before the password is
// checked (see throttle.go): a guesser at one address waits longer after
// each failure, and ceilings per address and per e-mail stop the rest.
// Errors: unauthorized ("auth.bad_credentials"; "auth.too_many_attempts"
// and "auth.busy" with the seconds to wait, see RetryAfter), internal.
func (m *Manager) Login(ctx context.Context, email, password, clientIP string) (string, Session, error) {
	now := m.clock.Now()
	email = normEmail(email)
	keys := m.loginKeys(email, clientIP)
	if err := m.reserve(ctx, keys, now); err != nil {
		return "", Session{}, err
	}
	u, err := m.store.UserByEmail(ctx, email)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		m.release(ctx, keys)
		return "", Session{}, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = dummyHash
	}
	var match bool
	if herr := m.withSlot(ctx, func() { match = m.hasher.Check(hash, password) }); herr != nil {
		m.release(ctx, keys) // not checked: not a failure
		return "", Session{}, herr
	}
	if !match || err != nil || u.Disabled {
		return "", Session{}, domain.Unauthorized("auth.bad_credentials") // the reservations stay, as failures
	}
	// The pair's failures are forgiven; the ceilings get this attempt back.
	if err := m.store.ClearLoginAttempts(ctx, keys[2].key); err != nil {
		return "", Session{}, err
	}
	m.release(ctx, keys[:2])
	token := newToken()
	s := Session{TokenHash: hashToken(token), UserID: u.ID, CSRFToken: newToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(m.limits.SessionIdle)}
	if err := m.store.CreateSession(ctx, s); err != nil {
		return "", Session{}, err
	}
	_ = m.store.DeleteExpiredSessions(ctx, now)
	return token, s, nil
}

// withSlot runs fn, a password hash, when fewer than MaxHashes run: it
// waits up to HashWait (and no longer than ctx) for a turn. Errors:
// unauthorized ("auth.busy", with the seconds to wait).
func (m *Manager) withSlot(ctx context.Context, fn func()) error {
	select {
	case m.slots <- struct{}{}:
	default:
		t := time.NewTimer(m.limits.HashWait)
		defer t.Stop()
		select {
		case m.slots <- struct{}{}:
		case <-t.C:
			return tooMany("auth.busy", m.limits.HashWait)
		case <-ctx.Done():
			return tooMany("auth.busy", m.limits.HashWait)
		}
	}
	defer func() { <-m.slots }()
	fn()
	return nil
}

// hash hashes a new password in a slot. Errors: unauthorized ("auth.busy"),
// internal.
func (m *Manager) hash(ctx context.Context, password string) (string, error) {
	var h string
	var err error
	if serr := m.withSlot(ctx, func() { h, err = m.hasher.Hash(password) }); serr != nil {
		return "", serr
	}
	return h, domain.Internal(err)
}

// tooMany is a refusal that asks to come back after wait (at least 1 s).
func tooMany(code string, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	return &domain.Error{Kind: domain.KindUnauthorized, Code: code, Params: []any{max(secs, 1)}}
}

// RetryAfter reports the seconds a refused login or reset asks the user to
// wait ("auth.too_many_attempts", "auth.busy"), for a 429 with Retry-After.
func RetryAfter(err error) (int, bool) {
	de := domain.AsError(err)
	if de.Code != "auth.too_many_attempts" && de.Code != "auth.busy" || len(de.Params) == 0 {
		return 0, false
	}
	secs, ok := de.Params[0].(int)
	return secs, ok
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
	hash, err := m.hash(ctx, nu.Password)
	if err != nil {
		return User{}, err
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
	if u.PasswordHash, err = m.hash(ctx, password); err != nil {
		return err
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
