-- Login limits counted atomically (issue 12): one row per throttle key
-- (an address, an e-mail, an e-mail at an address), reserved with a
-- compare-and-set on version before the password is hashed, so attempts
-- arriving together never pass the limit. email names the e-mail a key
-- belongs to, so that a password reset can clear them all. The old log of
-- failures is no longer read.
DROP TABLE login_failures;

CREATE TABLE login_throttle (
    key        TEXT PRIMARY KEY,
    email      TEXT NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL,
    window_end TEXT NOT NULL,
    next_at    TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX login_throttle_email ON login_throttle (email);
CREATE INDEX login_throttle_window_end ON login_throttle (window_end);

-- Password reset links: only the token's hash is stored; a link is used
-- once (used_at) and works until expires_at.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_resets_user ON password_resets (user_id);
