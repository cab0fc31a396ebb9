package account

import (
	"context"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// PasswordReset is a reset link sent to a user. Only the token's hash is
// stored; the link works once, until ExpiresAt.
type PasswordReset struct {
	TokenHash string
	UserID    domain.ID
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Mailer delivers password reset links. The app has no mail server of its
// own: the default, LogMailer, writes the link to the log, from where an
// operator can pass it on. A real sender (SMTP or a mail API) implements
// this interface, writes the message in to.Lang, and is handed to the
// manager with SetResetDelivery (see package wiring).
type Mailer interface {
	SendPasswordReset(ctx context.Context, to User, link string, expires time.Time) error
}

// LogMailer "sends" a reset link by logging it (Logger nil: slog's default).
type LogMailer struct{ Logger *slog.Logger }

// SendPasswordReset logs the link at level info.
func (l LogMailer) SendPasswordReset(ctx context.Context, to User, link string, expires time.Time) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "password reset link (no mailer configured: pass it on to the user)",
		"email", to.Email, "link", link, "expires", expires)
	return nil
}

// ResetPath is the page a reset link opens; the token follows as ?token=.
const ResetPath = "/password-reset/new"

// resetLink builds links on baseURL, the app's public address (never the
// request's Host header, which a requester could set to their own site).
func resetLink(baseURL string) func(token string) string {
	base := strings.TrimRight(baseURL, "/")
	return func(token string) string { return base + ResetPath + "?token=" + url.QueryEscape(token) }
}

// SetResetDelivery sets how reset links are delivered, and the public
// address they start with (empty: a path only).
func (m *Manager) SetResetDelivery(mailer Mailer, baseURL string) {
	if mailer == nil {
		mailer = LogMailer{}
	}
	m.mailer, m.link = mailer, resetLink(baseURL)
}

// RequestPasswordReset sends a reset link to the user with this e-mail. It
// answers the same whether the e-mail is known or not, so that it does not
// tell who has an account; at most MaxResetRequests links per e-mail go out
// within ResetTTL. Errors: invalid (field email), unauthorized
// ("auth.too_many_attempts"), internal.
func (m *Manager) RequestPasswordReset(ctx context.Context, email, clientIP string) error {
	email = normEmail(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > maxKeyEmail {
		return domain.Invalid("error.invalid_fields", domain.Field("email", "auth.email_format"))
	}
	now := m.clock.Now()
	keys := []throttleKey{
		{"reset-ip:" + clientIP, "", ThrottleRule{Window: m.limits.FailureWindow, Ceiling: m.limits.MaxFailuresIP}},
		{"reset:" + email, "", ThrottleRule{Window: m.limits.ResetTTL, Ceiling: m.limits.MaxResetRequests}},
	}
	if err := m.reserve(ctx, keys, now); err != nil {
		return err
	}
	u, err := m.store.UserByEmail(ctx, email)
	if domain.KindOf(err) == domain.KindNotFound || err == nil && u.Disabled {
		return nil
	}
	if err != nil {
		return err
	}
	token := newToken()
	r := PasswordReset{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(m.limits.ResetTTL)}
	if err := m.store.CreatePasswordReset(ctx, r); err != nil {
		return err
	}
	return domain.Internal(m.mailer.SendPasswordReset(ctx, u, m.link(token), r.ExpiresAt))
}

// passwordReset returns the usable reset behind token and its user.
// Errors: not found ("auth.reset_invalid"), internal.
func (m *Manager) passwordReset(ctx context.Context, token string) (PasswordReset, User, error) {
	invalid := domain.NotFound("auth.reset_invalid")
	if token == "" || len(token) > 100 {
		return PasswordReset{}, User{}, invalid
	}
	r, err := m.store.PasswordReset(ctx, hashToken(token))
	if domain.KindOf(err) == domain.KindNotFound {
		return PasswordReset{}, User{}, invalid
	}
	if err != nil {
		return PasswordReset{}, User{}, err
	}
	if r.UsedAt != nil || !m.clock.Now().Before(r.ExpiresAt) {
		return PasswordReset{}, User{}, invalid
	}
	u, err := m.store.User(ctx, r.UserID)
	if domain.KindOf(err) == domain.KindNotFound || err == nil && u.Disabled {
		return PasswordReset{}, User{}, invalid
	}
	return r, u, err
}

// CheckPasswordReset reports whether token is a usable reset link, for the
// page that asks for the new password. Errors: not found
// ("auth.reset_invalid"), internal.
func (m *Manager) CheckPasswordReset(ctx context.Context, token string) error {
	_, _, err := m.passwordReset(ctx, token)
	return err
}

// CompletePasswordReset sets the new password through a reset link, once:
// the link is used up, the user's sessions end and every login limit of
// their e-mail is cleared, so a user locked out by someone else's guessing
// gets in. Errors: invalid (field password), not found
// ("auth.reset_invalid"), unauthorized ("auth.busy"), internal.
func (m *Manager) CompletePasswordReset(ctx context.Context, token, password string) error {
	if f := validatePassword(password); f != nil {
		return domain.Invalid("error.invalid_fields", *f)
	}
	r, u, err := m.passwordReset(ctx, token)
	if err != nil {
		return err
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return err
	}
	if err := m.store.UsePasswordReset(ctx, r.TokenHash, m.clock.Now(), hash); err != nil {
		return err
	}
	return m.store.ClearEmailLoginAttempts(ctx, u.Email)
}
