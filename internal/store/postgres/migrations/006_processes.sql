-- Process models per service: one as-is per municipality, one shared to-be
-- and one shared adapted (municipality_id NULL), each with its versions. The
-- XML is kept exactly as the user's modelling tool wrote it.
CREATE TABLE process_models (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    variant          TEXT NOT NULL,
    municipality_id  BIGINT REFERENCES municipalities(id),
    current_version  BIGINT NOT NULL DEFAULT 0,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX process_models_unique ON process_models (service_id, variant, COALESCE(municipality_id, 0));

CREATE TABLE process_versions (
    id         BIGSERIAL PRIMARY KEY,
    model_id   BIGINT NOT NULL REFERENCES process_models(id),
    version    BIGINT NOT NULL,
    xml        TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    user_id    BIGINT REFERENCES users(id),
    user_name  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (model_id, version)
);
