-- Process models per service: one as-is per municipality, one shared to-be
-- and one shared adapted (municipality_id NULL), each with its versions. The
-- XML is kept exactly as the user's modelling tool wrote it.
CREATE TABLE process_models (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    service_id       INTEGER NOT NULL REFERENCES services(id),
    variant          TEXT NOT NULL,
    municipality_id  INTEGER REFERENCES municipalities(id),
    current_version  INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX process_models_unique ON process_models (service_id, variant, COALESCE(municipality_id, 0));

CREATE TABLE process_versions (
    id         INTEGER PRIMARY KEY,
    model_id   INTEGER NOT NULL REFERENCES process_models(id),
    version    INTEGER NOT NULL,
    xml        TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users(id),
    user_name  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (model_id, version)
);
