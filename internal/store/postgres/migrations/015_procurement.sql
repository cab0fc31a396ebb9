-- Procurement (issue 13): suppliers and their portal users, tenders with
-- their documents, specification, questions and notices, sealed bids, the
-- opening confirmations and each tender's MAC-chained access log.
--
-- Every table carries the collaboration, and every object below a tender
-- the tender, so that each query is scoped by both. Times are timestamptz,
-- which keeps microseconds; the store truncates them to the microsecond
-- first, so a receipt time reads back the same on SQLite and here.
--
-- What Annex IV of Directive 2014/24/EU asks the database to keep unchanged
-- is refused by triggers, so that not even a mistaken query of the app can
-- alter it: the access log (no UPDATE, no DELETE) and its head on the
-- tender (never lowered), the sealed parts of a bid (no UPDATE, no
-- DELETE), a bid's receipt (only its status and the time it changed may
-- change; no DELETE), a document version, and a tender's wrapped key once
-- set.

CREATE TABLE suppliers (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    name             TEXT NOT NULL,
    org_number       TEXT NOT NULL,
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_email    TEXT NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (collaboration_id, org_number)
);

-- A user belongs to at most one supplier.
CREATE TABLE supplier_users (
    user_id          BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    supplier_id      BIGINT NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id)
);
CREATE INDEX supplier_users_supplier ON supplier_users (supplier_id);

-- A tender: the columns hold what is queried or guarded (and are the truth
-- for it); doc is the JSON of procurement.Tender for the rest (lots,
-- items, milestones, officers, dialogue, conference, opening record).
-- bid_deadline mirrors the deadline milestone for listing. log_seq and
-- log_head are the last Seq and MAC of the tender's access log, written
-- with each entry, so that entries cut off at the end are found.
CREATE TABLE tenders (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    reference        TEXT NOT NULL,
    title            TEXT NOT NULL,
    procedure        TEXT NOT NULL,
    status           TEXT NOT NULL,
    bid_deadline     TIMESTAMPTZ,
    doc              TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL,
    wrapped_key      BYTEA,
    log_seq          BIGINT NOT NULL DEFAULT 0,
    log_head         BYTEA,
    UNIQUE (collaboration_id, reference)
);
CREATE INDEX tenders_collab ON tenders (collaboration_id, created_at);


CREATE TABLE tender_candidates (
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    supplier_id      BIGINT NOT NULL REFERENCES suppliers(id),
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    invited_at       TIMESTAMPTZ NOT NULL,
    invited_by       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tender_id, supplier_id)
);

CREATE TABLE tender_documents (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX tender_documents_tender ON tender_documents (tender_id);

-- A version once stored is what suppliers downloaded: it is never changed.
CREATE TABLE tender_document_versions (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    document_id      BIGINT NOT NULL REFERENCES tender_documents(id),
    n                BIGINT NOT NULL,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    sha256           TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    content          BYTEA NOT NULL,
    UNIQUE (document_id, n)
);

CREATE TABLE tender_requirements (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    number           TEXT NOT NULL DEFAULT '',
    text             TEXT NOT NULL,
    priority         TEXT NOT NULL,
    source_id        BIGINT NOT NULL DEFAULT 0,
    service_id       BIGINT NOT NULL DEFAULT 0,
    source_element   TEXT NOT NULL DEFAULT '',
    source_name      TEXT NOT NULL DEFAULT '',
    edited           BOOLEAN NOT NULL DEFAULT FALSE,
    removed          BOOLEAN NOT NULL DEFAULT FALSE,
    position         BIGINT NOT NULL DEFAULT 0,
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX tender_requirements_tender ON tender_requirements (tender_id, position);

CREATE TABLE tender_questions (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    supplier_id      BIGINT REFERENCES suppliers(id),
    asked_by         BIGINT NOT NULL DEFAULT 0,
    source           TEXT NOT NULL,
    text             TEXT NOT NULL,
    asked_at         TIMESTAMPTZ NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    answered_at      TIMESTAMPTZ,
    published_at     TIMESTAMPTZ,
    version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tender_questions_tender ON tender_questions (tender_id, asked_at);

CREATE TABLE tender_notices (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    kind             TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX tender_notices_tender ON tender_notices (tender_id, at);

-- A submission's receipt. submitted_by is the user's id as it was (no
-- reference: the receipt outlives the account).
CREATE TABLE bids (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    supplier_id      BIGINT NOT NULL REFERENCES suppliers(id),
    submitted_by     BIGINT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    changed_at       TIMESTAMPTZ,
    digest           TEXT NOT NULL,
    size             BIGINT NOT NULL,
    files            TEXT NOT NULL
);
CREATE INDEX bids_tender ON bids (tender_id, received_at);


-- A bid's sealed content: n 0 is the price form, 1… the files in order.
CREATE TABLE bid_parts (
    bid_id           BIGINT NOT NULL REFERENCES bids(id),
    n                BIGINT NOT NULL,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    sealed           BYTEA NOT NULL,
    PRIMARY KEY (bid_id, n)
);

-- One per person: the opening needs two different ones.
CREATE TABLE opening_confirmations (
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    user_id          BIGINT NOT NULL,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    name             TEXT NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tender_id, user_id)
);

CREATE TABLE procurement_log (
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    seq              BIGINT NOT NULL,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    at               TIMESTAMPTZ NOT NULL,
    actor_id         BIGINT NOT NULL DEFAULT 0,
    actor            TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL,
    object           TEXT NOT NULL DEFAULT '',
    detail           TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL,
    prev             BYTEA,
    mac              BYTEA NOT NULL,
    PRIMARY KEY (tender_id, seq)
);

-- The triggers of the header: one function refuses outright, the others
-- refuse only what must not change.
CREATE FUNCTION procurement_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is refused: the rows are immutable', TG_OP, TG_TABLE_NAME;
END
$$;

CREATE TRIGGER procurement_log_append_only BEFORE UPDATE OR DELETE ON procurement_log
    FOR EACH ROW EXECUTE FUNCTION procurement_refuse();
CREATE TRIGGER bid_parts_immutable BEFORE UPDATE OR DELETE ON bid_parts
    FOR EACH ROW EXECUTE FUNCTION procurement_refuse();
CREATE TRIGGER bids_no_delete BEFORE DELETE ON bids
    FOR EACH ROW EXECUTE FUNCTION procurement_refuse();
CREATE TRIGGER tender_document_versions_immutable BEFORE UPDATE ON tender_document_versions
    FOR EACH ROW EXECUTE FUNCTION procurement_refuse();

CREATE FUNCTION bids_receipt_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.collaboration_id IS DISTINCT FROM OLD.collaboration_id
        OR NEW.tender_id IS DISTINCT FROM OLD.tender_id OR NEW.supplier_id IS DISTINCT FROM OLD.supplier_id
        OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by OR NEW.token IS DISTINCT FROM OLD.token
        OR NEW.received_at IS DISTINCT FROM OLD.received_at OR NEW.digest IS DISTINCT FROM OLD.digest
        OR NEW.size IS DISTINCT FROM OLD.size OR NEW.files IS DISTINCT FROM OLD.files THEN
        RAISE EXCEPTION 'a bid''s receipt is immutable';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER bids_receipt_fixed BEFORE UPDATE ON bids
    FOR EACH ROW EXECUTE FUNCTION bids_receipt_fixed();

CREATE FUNCTION tenders_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key THEN
        RAISE EXCEPTION 'a tender''s key is set once';
    END IF;
    IF NEW.log_seq < OLD.log_seq THEN
        RAISE EXCEPTION 'a tender''s log head only moves forward';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER tenders_guard BEFORE UPDATE ON tenders
    FOR EACH ROW EXECUTE FUNCTION tenders_guard();
