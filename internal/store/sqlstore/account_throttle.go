package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// ReserveLoginAttempt reads the key's count, lets rule decide, and writes
// the new count only if nobody changed it meanwhile (a compare-and-set on
// version, or an insert that does nothing when the key appeared): a lost
// race reads again. So concurrent reservations never pass the rule, on
// SQLite and PostgreSQL alike, without locking rows while a password is
// hashed. Each try is one short transaction.
func (s accountStore) ReserveLoginAttempt(ctx context.Context, key, email string, now time.Time,
	rule account.ThrottleRule) (bool, time.Time, error) {
	for {
		if err := ctx.Err(); err != nil {
			return false, time.Time{}, domain.Internal(err)
		}
		var ok, done bool
		var retryAt time.Time
		err := s.db.atomic(ctx, func(tx *DB) error {
			var c account.ThrottleCount
			var version int64
			err := tx.queryRow(ctx, `SELECT attempts, window_end, next_at, version FROM login_throttle WHERE key = ?`, key).
				Scan(&c.Attempts, timeCol{&c.Until}, timeCol{&c.NextAt}, &version)
			fresh := errors.Is(err, sql.ErrNoRows)
			if err != nil && !fresh {
				return tx.mapErr(err, "")
			}
			var next account.ThrottleCount
			next, ok, retryAt = rule.Reserve(c, now)
			if !ok {
				done = true
				return nil
			}
			var res sql.Result
			if fresh {
				res, err = tx.exec(ctx, `INSERT INTO login_throttle (key, email, attempts, window_end, next_at) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (key) DO NOTHING`, key, email, next.Attempts, tx.timeArg(next.Until), tx.timeArg(next.NextAt))
			} else {
				res, err = tx.exec(ctx, `UPDATE login_throttle SET attempts = ?, window_end = ?, next_at = ?, version = version + 1
					WHERE key = ? AND version = ?`, next.Attempts, tx.timeArg(next.Until), tx.timeArg(next.NextAt), key, version)
			}
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return domain.Internal(err)
			}
			done = n == 1
			if done && fresh {
				// A new key: time to forget the keys whose window has ended.
				_, err = tx.exec(ctx, `DELETE FROM login_throttle WHERE window_end < ?`, tx.timeArg(now))
			}
			return err
		})
		if err != nil {
			return false, time.Time{}, err
		}
		if done {
			return ok, retryAt, nil
		}
	}
}

func (s accountStore) ReleaseLoginAttempt(ctx context.Context, key string) error {
	_, err := s.db.exec(ctx, `UPDATE login_throttle SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
		version = version + 1 WHERE key = ?`, key)
	return err
}

func (s accountStore) LoginAttempts(ctx context.Context, key string) (account.ThrottleCount, error) {
	var c account.ThrottleCount
	err := s.db.queryRow(ctx, `SELECT attempts, window_end, next_at FROM login_throttle WHERE key = ?`, key).
		Scan(&c.Attempts, timeCol{&c.Until}, timeCol{&c.NextAt})
	if errors.Is(err, sql.ErrNoRows) {
		return account.ThrottleCount{}, nil
	}
	return c, s.db.mapErr(err, "")
}

func (s accountStore) ClearLoginAttempts(ctx context.Context, key string) error {
	_, err := s.db.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, key)
	return err
}

func (s accountStore) ClearEmailLoginAttempts(ctx context.Context, email string) error {
	if email == "" {
		return nil // the keys of no e-mail (addresses) are not one user's to clear
	}
	_, err := s.db.exec(ctx, `DELETE FROM login_throttle WHERE email = ?`, email)
	return err
}

// CreatePasswordReset stores the reset and forgets resets that expired a
// day before it was made (kept that long for the log of what happened).
func (s accountStore) CreatePasswordReset(ctx context.Context, r account.PasswordReset) error {
	if _, err := s.db.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		r.TokenHash, r.UserID, s.db.timeArg(r.CreatedAt), s.db.timeArg(r.ExpiresAt)); err != nil {
		return err
	}
	_, err := s.db.exec(ctx, `DELETE FROM password_resets WHERE expires_at < ?`, s.db.timeArg(r.CreatedAt.Add(-24*time.Hour)))
	return err
}

func (s accountStore) PasswordReset(ctx context.Context, tokenHash string) (account.PasswordReset, error) {
	var r account.PasswordReset
	err := s.db.queryRow(ctx, `SELECT token_hash, user_id, created_at, expires_at, used_at FROM password_resets WHERE token_hash = ?`,
		tokenHash).Scan(&r.TokenHash, &r.UserID, timeCol{&r.CreatedAt}, timeCol{&r.ExpiresAt}, nullTimeCol{&r.UsedAt})
	return r, s.db.mapErr(err, "auth.reset_invalid")
}

// UsePasswordReset marks the reset used only while it is unused and
// unexpired, in the same statement that checks it: two uses at once
// cannot both pass. The new password marks the user's collaboration
// written, like every user update.
func (s accountStore) UsePasswordReset(ctx context.Context, tokenHash string, now time.Time, passwordHash string) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		var user domain.ID
		err := tx.queryRow(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
			RETURNING user_id`, tx.timeArg(now), tokenHash, tx.timeArg(now)).Scan(&user)
		if err != nil {
			return tx.mapErr(err, "auth.reset_invalid")
		}
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, user)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("auth.reset_invalid")
			}
			return err
		}
		if err := tx.wroteUser(ctx, user); err != nil {
			return err
		}
		// The other links of the user go too: one reset is enough.
		if _, err := tx.exec(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`,
			tx.timeArg(now), user); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, user)
		return err
	})
}
