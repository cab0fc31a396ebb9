-- Tjenestevalg schema, PostgreSQL dialect: the same tables as the SQLite
-- schema with native types.
CREATE TABLE collaborations (
    id         BIGSERIAL PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE municipalities (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    number           TEXT NOT NULL,
    name             TEXT NOT NULL,
    population       BIGINT,
    population_year  BIGINT,
    valid_from       DATE,
    valid_to         DATE,
    successor_id     BIGINT REFERENCES municipalities(id),
    illustrative     BOOLEAN NOT NULL DEFAULT FALSE,
    version          BIGINT NOT NULL DEFAULT 1,
    UNIQUE (collaboration_id, number)
);

CREATE TABLE services (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
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
    version          BIGINT NOT NULL DEFAULT 1,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (collaboration_id, slug)
);

CREATE TABLE users (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    lang             TEXT NOT NULL DEFAULT 'nb',
    password_hash    TEXT NOT NULL,
    disabled         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_grants (
    user_id         BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    municipality_id BIGINT REFERENCES municipalities(id)
);
CREATE UNIQUE INDEX user_grants_unique ON user_grants (user_id, role, COALESCE(municipality_id, 0));

CREATE TABLE municipal_services (
    id                      BIGSERIAL PRIMARY KEY,
    service_id              BIGINT NOT NULL REFERENCES services(id),
    municipality_id         BIGINT NOT NULL REFERENCES municipalities(id),
    offered                 TEXT NOT NULL,
    delivered_by            TEXT NOT NULL DEFAULT '',
    annual_cases            BIGINT,
    employee_minutes        DOUBLE PRECISION,
    citizen_minutes         DOUBLE PRECISION,
    hourly_cost             DOUBLE PRECISION,
    maturity                BIGINT,
    share_paper             DOUBLE PRECISION,
    share_email             DOUBLE PRECISION,
    share_phone             DOUBLE PRECISION,
    share_digital           DOUBLE PRECISION,
    systems                 TEXT NOT NULL DEFAULT '',
    responsible_user_id     BIGINT REFERENCES users(id),
    annual_cases_source     TEXT NOT NULL DEFAULT '',
    employee_minutes_source TEXT NOT NULL DEFAULT '',
    citizen_minutes_source  TEXT NOT NULL DEFAULT '',
    hourly_cost_source      TEXT NOT NULL DEFAULT '',
    maturity_source         TEXT NOT NULL DEFAULT '',
    channels_source         TEXT NOT NULL DEFAULT '',
    version                 BIGINT NOT NULL DEFAULT 1,
    updated_at              TIMESTAMPTZ NOT NULL,
    UNIQUE (service_id, municipality_id)
);
CREATE INDEX municipal_services_municipality ON municipal_services (municipality_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE changes (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    entity           TEXT NOT NULL,
    entity_id        BIGINT NOT NULL,
    action           TEXT NOT NULL,
    user_id          BIGINT,
    user_name        TEXT NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    fields           TEXT NOT NULL
);
CREATE INDEX changes_entity ON changes (collaboration_id, entity, entity_id);
