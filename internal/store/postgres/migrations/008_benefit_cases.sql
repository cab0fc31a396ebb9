-- Benefit cases (gevinstanalyser): one per service of a collaboration,
-- kept as the JSON of benefit.Case (the format the API and the CLI read),
-- so that a case's inputs evolve without a migration per field.
CREATE TABLE benefit_cases (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    data             TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (collaboration_id, service_id)
);
