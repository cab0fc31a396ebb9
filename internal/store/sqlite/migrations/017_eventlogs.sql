-- Event logs (issue 15): imported logs with their statistics, and the
-- measured facts they set in the catalogue.
--
-- A log's file lives in the work folder only while it is imported
-- (work_file names it there); the row keeps the figures. stats is the
-- JSON of eventlog.Stats and is present only when the import is done: a
-- failed import keeps its error and never partial figures.
CREATE TABLE eventlogs (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    name             TEXT NOT NULL,
    format           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('mapping', 'importing', 'done', 'failed')),
    read_bytes       INTEGER NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    error_params     TEXT NOT NULL DEFAULT '',
    error_line       INTEGER NOT NULL DEFAULT 0,
    error_file       TEXT NOT NULL DEFAULT '',
    header           TEXT NOT NULL DEFAULT '',
    sample           TEXT NOT NULL DEFAULT '',
    mapping          TEXT NOT NULL DEFAULT '',
    stats            TEXT,
    municipality_id  INTEGER REFERENCES municipalities(id),
    service_id       INTEGER REFERENCES services(id),
    work_file        TEXT NOT NULL DEFAULT '',
    uploaded_by      TEXT NOT NULL DEFAULT '',
    uploaded_by_id   INTEGER,
    created_at       TEXT NOT NULL,
    finished_at      TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (stats IS NULL OR status = 'done'),
    CHECK ((municipality_id IS NULL) = (service_id IS NULL))
);
CREATE INDEX eventlogs_collaboration ON eventlogs (collaboration_id, id);
CREATE INDEX eventlogs_importing ON eventlogs (status) WHERE status = 'importing';

-- The lead time (median case duration in days) joins the facts with a
-- provenance; measured holds, as JSON, the event log each measured fact
-- came from (catalogue.Measurement by fact).
ALTER TABLE municipal_services ADD COLUMN lead_time_days REAL;
ALTER TABLE municipal_services ADD COLUMN lead_time_days_source TEXT NOT NULL DEFAULT '';
ALTER TABLE municipal_services ADD COLUMN measured TEXT NOT NULL DEFAULT '';
