-- Benefit-realisation plans (gevinstrealiseringsplaner): one per service,
-- an indicator per gain with its baseline (nullpunkt), target and owner
-- (gevinstansvarlig), the measurements taken over time, and the in-app
-- notifications that remind owners when a measurement is due. Dates are
-- YYYY-MM-DD text.
CREATE TABLE realisation_plans (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    service_id       INTEGER NOT NULL REFERENCES services(id),
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    UNIQUE (collaboration_id, service_id)
);

CREATE TABLE realisation_indicators (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    plan_id          INTEGER NOT NULL REFERENCES realisation_plans(id) ON DELETE CASCADE,
    gain             TEXT NOT NULL,
    class            TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    baseline         REAL NOT NULL,
    baseline_date    TEXT NOT NULL,
    target           REAL NOT NULL,
    target_date      TEXT NOT NULL,
    owner_id         INTEGER NOT NULL REFERENCES users(id),
    measures         TEXT NOT NULL DEFAULT '',
    risk             TEXT NOT NULL DEFAULT '',
    interval_months  INTEGER NOT NULL DEFAULT 3,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    UNIQUE (plan_id, name)
);
CREATE INDEX realisation_indicators_collaboration ON realisation_indicators (collaboration_id);

CREATE TABLE realisation_measurements (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    indicator_id     INTEGER NOT NULL REFERENCES realisation_indicators(id) ON DELETE CASCADE,
    value            REAL NOT NULL,
    date             TEXT NOT NULL,
    comment          TEXT NOT NULL DEFAULT '',
    user_id          INTEGER REFERENCES users(id),
    user_name        TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX realisation_measurements_indicator ON realisation_measurements (indicator_id, date);

-- In-app notifications to one user. A reminder about an indicator is sent
-- once per due date: the unique index keeps several servers running the
-- reminder job at once from sending it twice.
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    service_id       INTEGER REFERENCES services(id),
    indicator_id     INTEGER REFERENCES realisation_indicators(id) ON DELETE CASCADE,
    due_date         TEXT,
    created_at       TEXT NOT NULL,
    read_at          TEXT
);
CREATE UNIQUE INDEX notifications_indicator_due ON notifications (indicator_id, due_date);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
