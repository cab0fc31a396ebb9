-- Procurement (issue 13): suppliers and their portal users, tenders with
-- their documents, specification, questions and notices, sealed bids, the
-- opening confirmations and each tender's MAC-chained access log.
--
-- Every table carries the collaboration, and every object below a tender
-- the tender, so that each query is scoped by both. Times are UTC text
-- (sqlstore.SQLiteTime); the store truncates them to the microsecond, as
-- PostgreSQL keeps them, so a receipt time reads back the same on both.
--
-- What Annex IV of Directive 2014/24/EU asks the database to keep unchanged
-- is refused by triggers, so that not even a mistaken query of the app can
-- alter it: the access log (no UPDATE, no DELETE) and its head on the
-- tender (never lowered), the sealed parts of a bid (no UPDATE, no
-- DELETE), a bid's receipt (only its status and the time it changed may
-- change; no DELETE), a document version, and a tender's wrapped key once
-- set.

CREATE TABLE suppliers (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    name             TEXT NOT NULL,
    org_number       TEXT NOT NULL,
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_email    TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    UNIQUE (collaboration_id, org_number)
);

-- A user belongs to at most one supplier.
CREATE TABLE supplier_users (
    user_id          INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    supplier_id      INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id)
);
CREATE INDEX supplier_users_supplier ON supplier_users (supplier_id);

-- A tender: the columns hold what is queried or guarded (and are the truth
-- for it); doc is the JSON of procurement.Tender for the rest (lots,
-- items, milestones, officers, dialogue, conference, opening record).
-- bid_deadline mirrors the deadline milestone for listing. log_seq and
-- log_head are the last Seq and MAC of the tender's access log, written
-- with each entry, so that entries cut off at the end are found.
CREATE TABLE tenders (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    reference        TEXT NOT NULL,
    title            TEXT NOT NULL,
    procedure        TEXT NOT NULL,
    status           TEXT NOT NULL,
    bid_deadline     TEXT,
    doc              TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    wrapped_key      BLOB,
    log_seq          INTEGER NOT NULL DEFAULT 0,
    log_head         BLOB,
    UNIQUE (collaboration_id, reference)
);
CREATE INDEX tenders_collab ON tenders (collaboration_id, created_at);

CREATE TRIGGER tenders_key_once BEFORE UPDATE OF wrapped_key ON tenders
WHEN OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS NOT OLD.wrapped_key
BEGIN SELECT RAISE(ABORT, 'a tender''s key is set once'); END;
CREATE TRIGGER tenders_log_head_forward BEFORE UPDATE OF log_seq ON tenders
WHEN NEW.log_seq < OLD.log_seq
BEGIN SELECT RAISE(ABORT, 'a tender''s log head only moves forward'); END;

CREATE TABLE tender_candidates (
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    supplier_id      INTEGER NOT NULL REFERENCES suppliers(id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    invited_at       TEXT NOT NULL,
    invited_by       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tender_id, supplier_id)
);

CREATE TABLE tender_documents (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL
);
CREATE INDEX tender_documents_tender ON tender_documents (tender_id);

-- A version once stored is what suppliers downloaded: it is never changed.
CREATE TABLE tender_document_versions (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    document_id      INTEGER NOT NULL REFERENCES tender_documents(id),
    n                INTEGER NOT NULL,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    content          BLOB NOT NULL,
    UNIQUE (document_id, n)
);
CREATE TRIGGER tender_document_versions_no_update BEFORE UPDATE ON tender_document_versions
BEGIN SELECT RAISE(ABORT, 'document versions are immutable'); END;

CREATE TABLE tender_requirements (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    number           TEXT NOT NULL DEFAULT '',
    text             TEXT NOT NULL,
    priority         TEXT NOT NULL,
    source_id        INTEGER NOT NULL DEFAULT 0,
    service_id       INTEGER NOT NULL DEFAULT 0,
    source_element   TEXT NOT NULL DEFAULT '',
    source_name      TEXT NOT NULL DEFAULT '',
    edited           BOOLEAN NOT NULL DEFAULT FALSE,
    removed          BOOLEAN NOT NULL DEFAULT FALSE,
    position         INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);
CREATE INDEX tender_requirements_tender ON tender_requirements (tender_id, position);

CREATE TABLE tender_questions (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    supplier_id      INTEGER REFERENCES suppliers(id),
    asked_by         INTEGER NOT NULL DEFAULT 0,
    source           TEXT NOT NULL,
    text             TEXT NOT NULL,
    asked_at         TEXT NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    answered_at      TEXT,
    published_at     TEXT,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tender_questions_tender ON tender_questions (tender_id, asked_at);

CREATE TABLE tender_notices (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    kind             TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    at               TEXT NOT NULL
);
CREATE INDEX tender_notices_tender ON tender_notices (tender_id, at);

-- A submission's receipt. submitted_by is the user's id as it was (no
-- reference: the receipt outlives the account).
CREATE TABLE bids (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    supplier_id      INTEGER NOT NULL REFERENCES suppliers(id),
    submitted_by     INTEGER NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    changed_at       TEXT,
    digest           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    files            TEXT NOT NULL
);
CREATE INDEX bids_tender ON bids (tender_id, received_at);

CREATE TRIGGER bids_receipt_fixed BEFORE UPDATE ON bids
WHEN NEW.id IS NOT OLD.id OR NEW.collaboration_id IS NOT OLD.collaboration_id
  OR NEW.tender_id IS NOT OLD.tender_id OR NEW.supplier_id IS NOT OLD.supplier_id
  OR NEW.submitted_by IS NOT OLD.submitted_by OR NEW.token IS NOT OLD.token
  OR NEW.received_at IS NOT OLD.received_at OR NEW.digest IS NOT OLD.digest
  OR NEW.size IS NOT OLD.size OR NEW.files IS NOT OLD.files
BEGIN SELECT RAISE(ABORT, 'a bid''s receipt is immutable'); END;
CREATE TRIGGER bids_no_delete BEFORE DELETE ON bids
BEGIN SELECT RAISE(ABORT, 'bids are never deleted'); END;

-- A bid's sealed content: n 0 is the price form, 1… the files in order.
CREATE TABLE bid_parts (
    bid_id           INTEGER NOT NULL REFERENCES bids(id),
    n                INTEGER NOT NULL,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    sealed           BLOB NOT NULL,
    PRIMARY KEY (bid_id, n)
);
CREATE TRIGGER bid_parts_no_update BEFORE UPDATE ON bid_parts
BEGIN SELECT RAISE(ABORT, 'sealed bid parts are immutable'); END;
CREATE TRIGGER bid_parts_no_delete BEFORE DELETE ON bid_parts
BEGIN SELECT RAISE(ABORT, 'sealed bid parts are immutable'); END;

-- One per person: the opening needs two different ones.
CREATE TABLE opening_confirmations (
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    user_id          INTEGER NOT NULL,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    name             TEXT NOT NULL,
    at               TEXT NOT NULL,
    PRIMARY KEY (tender_id, user_id)
);

CREATE TABLE procurement_log (
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    seq              INTEGER NOT NULL,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    at               TEXT NOT NULL,
    actor_id         INTEGER NOT NULL DEFAULT 0,
    actor            TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL,
    object           TEXT NOT NULL DEFAULT '',
    detail           TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL,
    prev             BLOB,
    mac              BLOB NOT NULL,
    PRIMARY KEY (tender_id, seq)
);
CREATE TRIGGER procurement_log_no_update BEFORE UPDATE ON procurement_log
BEGIN SELECT RAISE(ABORT, 'the procurement log is append-only'); END;
CREATE TRIGGER procurement_log_no_delete BEFORE DELETE ON procurement_log
BEGIN SELECT RAISE(ABORT, 'the procurement log is append-only'); END;
