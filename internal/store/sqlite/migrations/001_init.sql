-- Tjenestevalg schema, SQLite dialect. Times are UTC text in a fixed-width
-- RFC 3339 form so that text order is time order; dates are YYYY-MM-DD.
CREATE TABLE collaborations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE municipalities (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    number           TEXT NOT NULL,
    name             TEXT NOT NULL,
    population       INTEGER,
    population_year  INTEGER,
    valid_from       TEXT,
    valid_to         TEXT,
    successor_id     INTEGER REFERENCES municipalities(id),
    illustrative     BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (collaboration_id, number)
);

CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    slug             TEXT NOT NULL,
    name_nb          TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    area             TEXT NOT NULL,
    kostra_function  TEXT NOT NULL,
    mandated         BOOLEAN NOT NULL,
    legal_basis      TEXT NOT NULL DEFAULT '',
    target_group     TEXT NOT NULL,
    life_event       TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TEXT NOT NULL,
    UNIQUE (collaboration_id, slug)
);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    lang             TEXT NOT NULL DEFAULT 'nb',
    password_hash    TEXT NOT NULL,
    disabled         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL
);

CREATE TABLE user_grants (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    municipality_id INTEGER REFERENCES municipalities(id)
);
CREATE UNIQUE INDEX user_grants_unique ON user_grants (user_id, role, COALESCE(municipality_id, 0));

CREATE TABLE municipal_services (
    id                      INTEGER PRIMARY KEY,
    service_id              INTEGER NOT NULL REFERENCES services(id),
    municipality_id         INTEGER NOT NULL REFERENCES municipalities(id),
    offered                 TEXT NOT NULL,
    delivered_by            TEXT NOT NULL DEFAULT '',
    annual_cases            INTEGER,
    employee_minutes        REAL,
    citizen_minutes         REAL,
    hourly_cost             REAL,
    maturity                INTEGER,
    share_paper             REAL,
    share_email             REAL,
    share_phone             REAL,
    share_digital           REAL,
    systems                 TEXT NOT NULL DEFAULT '',
    responsible_user_id     INTEGER REFERENCES users(id),
    annual_cases_source     TEXT NOT NULL DEFAULT '',
    employee_minutes_source TEXT NOT NULL DEFAULT '',
    citizen_minutes_source  TEXT NOT NULL DEFAULT '',
    hourly_cost_source      TEXT NOT NULL DEFAULT '',
    maturity_source         TEXT NOT NULL DEFAULT '',
    channels_source         TEXT NOT NULL DEFAULT '',
    version                 INTEGER NOT NULL DEFAULT 1,
    updated_at              TEXT NOT NULL,
    UNIQUE (service_id, municipality_id)
);
CREATE INDEX municipal_services_municipality ON municipal_services (municipality_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE changes (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    entity           TEXT NOT NULL,
    entity_id        INTEGER NOT NULL,
    action           TEXT NOT NULL,
    user_id          INTEGER,
    user_name        TEXT NOT NULL,
    at               TEXT NOT NULL,
    fields           TEXT NOT NULL
);
CREATE INDEX changes_entity ON changes (collaboration_id, entity, entity_id);
