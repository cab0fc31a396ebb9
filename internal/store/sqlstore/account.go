package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Accounts returns the account module's view of the database.
func (db *DB) Accounts() account.Store { return accountStore{db} }

type accountStore struct{ db *DB }

const userCols = `id, collaboration_id, email, name, lang, password_hash, disabled, created_at`

// CreateUser inserts the user and their grants in one transaction.
func (s accountStore) CreateUser(ctx context.Context, u account.User) (domain.ID, error) {
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO users (collaboration_id, email, name, lang, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.CollaborationID, u.Email, u.Name, u.Lang, u.PasswordHash, u.Disabled,
			tx.timeArg(u.CreatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		return (accountStore{tx}).SetGrants(ctx, id, u.Grants) // marks the collaboration written
	})
	return id, err
}

// UpdateUser marks the user's collaboration written: names and roles show
// in its pages.
func (s accountStore) UpdateUser(ctx context.Context, u account.User) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE users SET email = ?, name = ?, lang = ?, password_hash = ?, disabled = ? WHERE id = ?`,
			u.Email, u.Name, u.Lang, u.PasswordHash, u.Disabled, u.ID)
		if err != nil {
			return err // a taken e-mail stays a conflict
		}
		if err := staleCheck(res, nil); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("auth.user_not_found")
			}
			return err
		}
		return tx.wroteUser(ctx, u.ID)
	})
}

func (s accountStore) SetGrants(ctx context.Context, user domain.ID, grants []domain.Grant) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		if err := tx.wroteUser(ctx, user); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM user_grants WHERE user_id = ?`, user); err != nil {
			return err
		}
		for _, g := range grants {
			if _, err := tx.exec(ctx, `INSERT INTO user_grants (user_id, role, municipality_id) VALUES (?, ?, ?)`,
				user, string(g.Role), idArg(g.MunicipalityID)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s accountStore) grants(ctx context.Context, where string, args ...any) (map[domain.ID][]domain.Grant, error) {
	rows, err := s.db.query(ctx, `SELECT user_id, role, municipality_id FROM user_grants WHERE `+where+`
		ORDER BY user_id, role, municipality_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.ID][]domain.Grant{}
	for rows.Next() {
		var user domain.ID
		var role string
		var muni sql.NullInt64
		if err := rows.Scan(&user, &role, &muni); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out[user] = append(out[user], domain.Grant{Role: domain.Role(role), MunicipalityID: muni.Int64})
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func scanUser(scan func(...any) error) (account.User, error) {
	var u account.User
	err := scan(&u.ID, &u.CollaborationID, &u.Email, &u.Name, &u.Lang, &u.PasswordHash, &u.Disabled, timeCol{&u.CreatedAt})
	return u, err
}

func (s accountStore) user(ctx context.Context, where string, arg any) (account.User, error) {
	u, err := scanUser(s.db.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg).Scan)
	if err != nil {
		return u, s.db.mapErr(err, "auth.user_not_found")
	}
	g, err := s.grants(ctx, `user_id = ?`, u.ID)
	u.Grants = g[u.ID]
	return u, err
}

func (s accountStore) User(ctx context.Context, id domain.ID) (account.User, error) {
	return s.user(ctx, `id = ?`, id)
}

func (s accountStore) UserByEmail(ctx context.Context, email string) (account.User, error) {
	return s.user(ctx, `email = ?`, email)
}

func (s accountStore) Users(ctx context.Context, collab domain.ID) ([]account.User, error) {
	rows, err := s.db.query(ctx, `SELECT `+userCols+` FROM users WHERE collaboration_id = ? ORDER BY name, id`, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows.Scan)
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.mapErr(err, "")
	}
	g, err := s.grants(ctx, `user_id IN (SELECT id FROM users WHERE collaboration_id = ?)`, collab)
	for i := range out {
		out[i].Grants = g[out[i].ID]
	}
	return out, err
}

func (s accountStore) CreateSession(ctx context.Context, se account.Session) error {
	_, err := s.db.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?)`, se.TokenHash, se.UserID, se.CSRFToken, s.db.timeArg(se.CreatedAt),
		s.db.timeArg(se.ExpiresAt), s.db.timeArg(se.LastSeenAt))
	return err
}

func (s accountStore) Session(ctx context.Context, tokenHash string) (account.Session, error) {
	var se account.Session
	err := s.db.queryRow(ctx, `SELECT token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at
		FROM sessions WHERE token_hash = ?`, tokenHash).Scan(&se.TokenHash, &se.UserID, &se.CSRFToken,
		timeCol{&se.CreatedAt}, timeCol{&se.ExpiresAt}, timeCol{&se.LastSeenAt})
	return se, s.db.mapErr(err, "auth.session_expired")
}

func (s accountStore) TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error {
	_, err := s.db.exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
		s.db.timeArg(lastSeen), s.db.timeArg(expires), tokenHash)
	return err
}

func (s accountStore) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

func (s accountStore) DeleteUserSessions(ctx context.Context, user domain.ID) error {
	_, err := s.db.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, user)
	return err
}

func (s accountStore) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.db.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, s.db.timeArg(now))
	return err
}
