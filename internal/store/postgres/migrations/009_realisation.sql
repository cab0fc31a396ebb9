-- Benefit-realisation plans (gevinstrealiseringsplaner): one per service,
-- an indicator per gain with its baseline (nullpunkt), target and owner
-- (gevinstansvarlig), the measurements taken over time, and the in-app
-- notifications that remind owners when a measurement is due.
CREATE TABLE realisation_plans (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (collaboration_id, service_id)
);

CREATE TABLE realisation_indicators (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    plan_id          BIGINT NOT NULL REFERENCES realisation_plans(id) ON DELETE CASCADE,
    gain             TEXT NOT NULL,
    class            TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    baseline         DOUBLE PRECISION NOT NULL,
    baseline_date    DATE NOT NULL,
    target           DOUBLE PRECISION NOT NULL,
    target_date      DATE NOT NULL,
    owner_id         BIGINT NOT NULL REFERENCES users(id),
    measures         TEXT NOT NULL DEFAULT '',
    risk             TEXT NOT NULL DEFAULT '',
    interval_months  INTEGER NOT NULL DEFAULT 3,
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, name)
);
CREATE INDEX realisation_indicators_collaboration ON realisation_indicators (collaboration_id);

CREATE TABLE realisation_measurements (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    indicator_id     BIGINT NOT NULL REFERENCES realisation_indicators(id) ON DELETE CASCADE,
    value            DOUBLE PRECISION NOT NULL,
    date             DATE NOT NULL,
    comment          TEXT NOT NULL DEFAULT '',
    user_id          BIGINT REFERENCES users(id),
    user_name        TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX realisation_measurements_indicator ON realisation_measurements (indicator_id, date);

-- In-app notifications to one user. A reminder about an indicator is sent
-- once per due date: the unique index keeps several servers running the
-- reminder job at once from sending it twice.
CREATE TABLE notifications (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    service_id       BIGINT REFERENCES services(id),
    indicator_id     BIGINT REFERENCES realisation_indicators(id) ON DELETE CASCADE,
    due_date         DATE,
    created_at       TIMESTAMPTZ NOT NULL,
    read_at          TIMESTAMPTZ
);
CREATE UNIQUE INDEX notifications_indicator_due ON notifications (indicator_id, due_date);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
