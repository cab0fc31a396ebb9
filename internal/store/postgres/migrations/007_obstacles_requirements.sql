-- The metrics of each version, computed when it is saved, so that pages
-- comparing many processes (the harmonisation view across all
-- municipalities) read figures instead of parsing XML. Empty for versions
-- saved before; they are computed from the XML when read.
ALTER TABLE process_versions ADD COLUMN metrics TEXT NOT NULL DEFAULT '';

-- Obstacles (hindringer) that block an element of a service's to-be process.
CREATE TABLE obstacles (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    element          TEXT NOT NULL,
    element_name     TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    legal_reference  TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    remedy           TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX obstacles_service ON obstacles (collaboration_id, service_id);

-- Requirements (krav) of a service, most derived from its to-be or adapted
-- process; derived_key says what a derived one came from.
CREATE TABLE requirements (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    derived_key      TEXT NOT NULL DEFAULT '',
    text             TEXT NOT NULL,
    type             TEXT NOT NULL,
    priority         TEXT NOT NULL,
    status           TEXT NOT NULL,
    source_variant   TEXT NOT NULL DEFAULT '',
    source_element   TEXT NOT NULL DEFAULT '',
    source_name      TEXT NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX requirements_service ON requirements (collaboration_id, service_id);
CREATE UNIQUE INDEX requirements_key ON requirements (service_id, derived_key) WHERE derived_key <> '';
