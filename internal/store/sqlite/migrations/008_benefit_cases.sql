-- Benefit cases (gevinstanalyser): one per service of a collaboration,
-- kept as the JSON of benefit.Case (the format the API and the CLI read),
-- so that a case's inputs evolve without a migration per field.
CREATE TABLE benefit_cases (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    service_id       INTEGER NOT NULL REFERENCES services(id),
    data             TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, service_id)
);
