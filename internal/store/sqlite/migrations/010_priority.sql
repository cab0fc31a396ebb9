-- Joint prioritisation: the criteria of a collaboration, each
-- municipality's weights as elicited (AHP judgements, direct points or
-- swing), assignments of services to subject-matter owners, Delphi rounds
-- with their services, participants, criteria and scores, the decisions
-- (vedtak) frozen from a joint ranking with the municipalities' approvals,
-- and the module's audit log. Times are RFC 3339 UTC text.
CREATE TABLE priority_criteria (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    criterion_key    TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    source           TEXT NOT NULL DEFAULT '',
    direction        TEXT NOT NULL,
    scale_min        REAL NOT NULL DEFAULT 0,
    scale_max        REAL NOT NULL DEFAULT 0,
    description      TEXT NOT NULL DEFAULT '',
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order       INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    UNIQUE (collaboration_id, criterion_key)
);

-- One current elicitation per municipality; data is the raw input as JSON
-- (criteria keys, matrix or points).
CREATE TABLE priority_weights (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    method           TEXT NOT NULL,
    data             TEXT NOT NULL,
    user_id          INTEGER REFERENCES users(id),
    user_name        TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (collaboration_id, municipality_id)
);

CREATE TABLE priority_assignments (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    service_id       INTEGER NOT NULL REFERENCES services(id),
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_by      TEXT NOT NULL DEFAULT '',
    assigned_at      TEXT NOT NULL,
    UNIQUE (municipality_id, service_id, user_id)
);
CREATE INDEX priority_assignments_collaboration ON priority_assignments (collaboration_id, municipality_id);
CREATE INDEX priority_assignments_user ON priority_assignments (user_id);

-- Delphi rounds. At most one round of a collaboration is open (closed_at
-- unset): the partial unique index keeps two leads opening rounds at once
-- from both succeeding.
CREATE TABLE priority_rounds (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    number           INTEGER NOT NULL,
    deadline         TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    opened_by        TEXT NOT NULL DEFAULT '',
    closed_at        TEXT,
    closed_by        TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (collaboration_id, number)
);
CREATE UNIQUE INDEX priority_rounds_one_open ON priority_rounds (collaboration_id) WHERE closed_at IS NULL;

CREATE TABLE priority_round_services (
    round_id         INTEGER NOT NULL REFERENCES priority_rounds(id),
    service_id       INTEGER NOT NULL REFERENCES services(id),
    sort_order       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, service_id)
);

CREATE TABLE priority_round_criteria (
    round_id         INTEGER NOT NULL REFERENCES priority_rounds(id),
    criterion_id     INTEGER NOT NULL REFERENCES priority_criteria(id),
    sort_order       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, criterion_id)
);

CREATE TABLE priority_round_participants (
    round_id         INTEGER NOT NULL REFERENCES priority_rounds(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    PRIMARY KEY (round_id, user_id)
);

-- Scores keep who scored, to allow one vote per participant, service and
-- criterion in a round (the unique constraint; a submission writes all
-- criteria of a service in one statement); the manager never shows it.
-- The only foreign key is the participant's: the hot insert path locks no
-- shared parent row (the collaboration, the round, a service).
CREATE TABLE priority_scores (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL,
    round_id         INTEGER NOT NULL,
    service_id       INTEGER NOT NULL,
    criterion_id     INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    municipality_id  INTEGER NOT NULL,
    value            REAL NOT NULL,
    rationale        TEXT NOT NULL DEFAULT '',
    submitted_at     TEXT NOT NULL,
    UNIQUE (round_id, user_id, service_id, criterion_id),
    FOREIGN KEY (round_id, user_id) REFERENCES priority_round_participants (round_id, user_id)
);
CREATE INDEX priority_scores_service ON priority_scores (round_id, service_id);

-- Decisions are immutable: no update or delete path in the code, and the
-- triggers refuse both.
CREATE TABLE priority_decisions (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    round_id         INTEGER REFERENCES priority_rounds(id),
    method           TEXT NOT NULL,
    weights          TEXT NOT NULL,
    ranking          TEXT NOT NULL,
    participants     TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL DEFAULT '',
    created_by_id    INTEGER,
    hash             TEXT NOT NULL
);
CREATE INDEX priority_decisions_collaboration ON priority_decisions (collaboration_id, created_at);
CREATE TRIGGER priority_decisions_no_update BEFORE UPDATE ON priority_decisions
BEGIN SELECT RAISE(ABORT, 'priority decisions are immutable'); END;
CREATE TRIGGER priority_decisions_no_delete BEFORE DELETE ON priority_decisions
BEGIN SELECT RAISE(ABORT, 'priority decisions are immutable'); END;

CREATE TABLE priority_approvals (
    decision_id      INTEGER NOT NULL REFERENCES priority_decisions(id),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    user_id          INTEGER,
    user_name        TEXT NOT NULL DEFAULT '',
    approved_at      TEXT NOT NULL,
    PRIMARY KEY (decision_id, municipality_id)
);

-- Every change and every refused attempt of the module. Score values and
-- rationales are never written here. No foreign key, so that the insert
-- that follows every submission locks no shared row.
CREATE TABLE priority_audit (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL,
    occurred_at      TEXT NOT NULL,
    user_id          INTEGER,
    user_name        TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL,
    object           TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX priority_audit_collaboration ON priority_audit (collaboration_id, occurred_at);
